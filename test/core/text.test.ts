import { AppError, ErrorCode } from '../../miniprogram/core/errors'
import { characterCount, MAX_MESSAGE_LENGTH, validateMessageText } from '../../miniprogram/core/text'

const CJK = /[\u4e00-\u9fff]/

function rejection(input: unknown): AppError {
  try {
    validateMessageText(input)
  } catch (error) {
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).message).toMatch(CJK)
    return error as AppError
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`)
}

const codeOf = (input: unknown): ErrorCode => rejection(input).code

describe('validateMessageText', () => {
  it('allows 500 characters', () => {
    expect(MAX_MESSAGE_LENGTH).toBe(500)
  })

  it('returns the text trimmed', () => {
    expect(validateMessageText('  你好  ')).toBe('你好')
    expect(validateMessageText('\n\thi there\r\n')).toBe('hi there')
    expect(validateMessageText('a  b')).toBe('a  b')
  })

  it.each([
    ['empty', ''],
    ['spaces', '   '],
    ['newline and tab', '\n\t'],
    ['ideographic space', '\u3000\u3000'],
    ['no-break space and CRLF', '\u00a0\r\n'],
    // issue 10 item 18: these show as nothing, so the message would be a blank line
    ['only zero-width characters', '\u200B\u200C\u200D\u2060\uFEFF'],
    ['zero-width characters between spaces', ' \u200B \u2060 '],
    ['bidi controls', '\u202E\u2066\u2069\u200F'],
  ])('rejects %s as EMPTY_MESSAGE', (_label, input) => {
    expect(codeOf(input)).toBe('EMPTY_MESSAGE')
  })

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['number', 42],
    ['boolean', true],
    ['object', { text: 'hi' }],
    ['array', ['hi']],
    ['String object', new String('hi')],
  ])('rejects a non-string (%s) as EMPTY_MESSAGE', (_label, input) => {
    expect(codeOf(input)).toBe('EMPTY_MESSAGE')
  })

  it('accepts exactly 500 characters and rejects 501 as MESSAGE_TOO_LONG', () => {
    expect(validateMessageText('a'.repeat(500))).toHaveLength(500)
    expect(validateMessageText('字'.repeat(500))).toBe('字'.repeat(500))
    expect(codeOf('a'.repeat(501))).toBe('MESSAGE_TOO_LONG')
    expect(codeOf('字'.repeat(501))).toBe('MESSAGE_TOO_LONG')
  })

  it('counts an emoji (a surrogate pair) as one character', () => {
    const smile = '😀'
    expect(smile).toHaveLength(2)
    expect(validateMessageText(smile.repeat(500))).toBe(smile.repeat(500))
    expect(codeOf(smile.repeat(501))).toBe('MESSAGE_TOO_LONG')
    expect(validateMessageText('a' + smile.repeat(499))).toHaveLength(999)
    expect(codeOf('ab' + smile.repeat(499))).toBe('MESSAGE_TOO_LONG')
  })

  it('keeps a message with something visible as it was typed (an emoji sequence keeps its joiners)', () => {
    expect(validateMessageText('\u200Bhi')).toBe('\u200Bhi')
    expect(validateMessageText('👨\u200D👩\u200D👧')).toBe('👨\u200D👩\u200D👧')
  })

  it('does not count leading or trailing whitespace', () => {
    const body = 'x'.repeat(500)
    expect(validateMessageText(`   ${body}\n\t `)).toBe(body)
    expect(codeOf(`   ${'x'.repeat(501)}   `)).toBe('MESSAGE_TOO_LONG')
  })

  it('counts inner whitespace', () => {
    expect(codeOf(`a${' '.repeat(499)}b`)).toBe('MESSAGE_TOO_LONG')
    expect(validateMessageText(`a${' '.repeat(498)}b`)).toHaveLength(500)
  })
})

describe('characterCount', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['你好', 2],
    ['😀😀', 2],
    ['a😀b', 3],
  ])('%p has %p characters', (text, count) => {
    expect(characterCount(text)).toBe(count)
  })
})
