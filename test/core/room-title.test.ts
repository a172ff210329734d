/** core/room-title.ts: what a host may call a room. */
import { AppError } from '../../miniprogram/core/errors'
import { MAX_TITLE_LENGTH, titleOrNone, validateTitle } from '../../miniprogram/core/room-title'

function codeOf(run: () => unknown): string | undefined {
  try {
    run()
  } catch (e) {
    return e instanceof AppError ? e.code : 'not an AppError'
  }
  return undefined
}

describe('room titles', () => {
  it('trims; empty or missing means no title', () => {
    expect(validateTitle('  周末夜聊  ')).toBe('周末夜聊')
    for (const none of [undefined, null, '', '   ', '\n\t']) expect(validateTitle(none)).toBeUndefined()
  })

  it('takes 30 characters as a person counts them (an emoji is one), and refuses 31 with INVALID_TITLE', () => {
    expect(MAX_TITLE_LENGTH).toBe(30)
    expect(validateTitle('字'.repeat(30))).toBe('字'.repeat(30))
    expect(validateTitle('🎉'.repeat(30))).toBe('🎉'.repeat(30))
    expect(codeOf(() => validateTitle('字'.repeat(31)))).toBe('INVALID_TITLE')
    expect(codeOf(() => validateTitle(` ${'a'.repeat(31)} `))).toBe('INVALID_TITLE')
    expect(codeOf(() => validateTitle(42))).toBe('INVALID_TITLE')
    try {
      validateTitle('字'.repeat(31))
    } catch (e) {
      expect((e as AppError).message).toMatch(/30/)
    }
  })

  it('titleOrNone never throws', () => {
    expect(titleOrNone('字'.repeat(31))).toBeUndefined()
    expect(titleOrNone({})).toBeUndefined()
    expect(titleOrNone(' 好 ')).toBe('好')
  })
})
