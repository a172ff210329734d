/** One name rule for the whole app, the same as the backend's (issue 10 items 15, 16, 25). */
import { cleanName, cutName, isUserId, MAX_NAME_CHARS, MAX_USER_ID_LENGTH } from '../../miniprogram/core/profile'
import { cleanName as serverCleanName, MAX_NAME_CHARS as SERVER_MAX_NAME_CHARS } from '../../server/src/profile'
import { seededRandom } from './seeded-random'

describe('cleanName: 1–20 characters once invisible characters are gone', () => {
  it('is the backend constant', () => {
    expect(MAX_NAME_CHARS).toBe(20)
    expect(SERVER_MAX_NAME_CHARS).toBe(MAX_NAME_CHARS)
  })

  it.each<[string, unknown, string | null]>([
    ['plain', '小明', '小明'],
    ['trimmed', '  小明 ', '小明'],
    ['20 characters', '名'.repeat(20), '名'.repeat(20)],
    ['21 characters', '名'.repeat(21), null],
    ['20 emoji', '😀'.repeat(20), '😀'.repeat(20)],
    ['an emoji family is one joined sequence', '👨\u200D👩\u200D👧', '👨\u200D👩\u200D👧'],
    ['a joiner between letters goes', 'a\u200Db', 'ab'],
    ['bidi overrides go', '\u202Eevil\u202C', 'evil'],
    ['isolates go', '\u2066a\u2069', 'a'],
    ['zero-width space and BOM go', '\u200Ba\uFEFF', 'a'],
    ['controls go', 'a\u0000\u001F\u007F\u0085b', 'ab'],
    ['invisible characters do not count towards 20', `${'名'.repeat(20)}\u200B\u200B`, '名'.repeat(20)],
    ['nothing visible', '\u200B\u200C\u200D\u2060\uFEFF', null],
    ['empty', '', null],
    ['not a string', 42, null],
    ['over 200 raw characters', 'a'.repeat(201), null],
  ])('%s', (_label, input, expected) => {
    expect(cleanName(input)).toBe(expected)
  })

  it('agrees with the backend on random names made of tricky characters', () => {
    const random = seededRandom(1025)
    const parts = ['a', '名', '😀', '👨', '\u200D', '\u200B', '\u202E', '\u2066', '\uFEFF', ' ', '\u0007', '\uFE0F', '\u{1F3FB}', '\u3000']
    for (let i = 0; i < 2000; i++) {
      let name = ''
      for (let n = Math.floor(random() * 30); n > 0; n--) name += parts[Math.floor(random() * parts.length)]
      expect([name, cleanName(name)]).toEqual([name, serverCleanName(name)])
    }
  })
})

describe('cutName: what a person typed, cut to 20', () => {
  it('cleans and cuts; what it returns cleanName keeps as it is', () => {
    expect(cutName('  小明  ')).toBe('小明')
    expect(cutName('名'.repeat(25))).toBe('名'.repeat(20))
    expect(cutName('\u202E小明\u200B')).toBe('小明')
    expect(cutName('\u200B\u200B')).toBe('')
    // the cut falls right after an emoji whose joiner then leads nowhere
    const cut = cutName(`${'名'.repeat(19)}👨\u200D👩`)
    expect(cut).toBe(`${'名'.repeat(19)}👨`)
    expect(cleanName(cut)).toBe(cut)
  })
})

describe('isUserId: what RongCloud takes as a user id', () => {
  it.each<[unknown, boolean]>([
    ['u1', true],
    ['x'.repeat(MAX_USER_ID_LENGTH), true],
    ['a|b:c+=_-', true],
    ['x'.repeat(MAX_USER_ID_LENGTH + 1), false],
    ['', false],
    ['u 1', false],
    ['u1\n', false],
    ['u\u0000', false],
    ['用户', false],
    ['u\u200B', false],
    [1, false],
    [null, false],
  ])('%p → %p', (input, expected) => {
    expect(isUserId(input)).toBe(expected)
  })
})
