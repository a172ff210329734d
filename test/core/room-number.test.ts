import { AppError } from '../../miniprogram/core/errors'
import { generateRoomNumber, isRoomNumber, parseRoomNumber } from '../../miniprogram/core/room-number'
import { seededRandom } from './seeded-random'

const CJK = /[\u4e00-\u9fff]/

function expectInvalidRoomNumber(input: unknown): void {
  let thrown: unknown
  try {
    parseRoomNumber(input)
  } catch (error) {
    thrown = error
  }
  expect(thrown).toBeInstanceOf(AppError)
  const appError = thrown as AppError
  expect(appError.code).toBe('INVALID_ROOM_NUMBER')
  expect(appError.message).toMatch(CJK)
}

describe('parseRoomNumber / isRoomNumber', () => {
  it.each(['100000', '123456', '999999', '500005', '100001'])('accepts %p unchanged', (input) => {
    expect(isRoomNumber(input)).toBe(true)
    expect(parseRoomNumber(input)).toBe(input)
  })

  const bad: [string, unknown][] = [
    ['empty string', ''],
    ['five digits', '12345'],
    ['seven digits', '1234567'],
    ['leading zero', '012345'],
    ['all zeros', '000000'],
    ['full-width digits', '１２３４５６'],
    ['inner space', '12 345'],
    ['leading space', ' 123456'],
    ['trailing space', '123456 '],
    ['trailing letter', '12345a'],
    ['letters', 'abcdef'],
    ['plus sign', '+12345'],
    ['minus sign', '-12345'],
    ['exponent', '1e5000'],
    ['Arabic-Indic digits', '١٢٣٤٥٦'],
    ['trailing newline', '123456\n'],
    ['leading newline', '\n123456'],
    ['tab inside', '123\t456'],
    ['decimal point', '12345.6'],
    ['ideographic space', '123456\u3000'],
    ['zero-width space', '123\u200b456'],
    ['Devanagari digits', '१२३४५६'],
    ['mathematical bold digits', '𝟏𝟐𝟑𝟒𝟓𝟔'],
    ['null', null],
    ['undefined', undefined],
    ['number', 123456],
    ['String object', new String('123456')],
    ['bigint', BigInt(123456)],
    ['empty object', {}],
    ['empty array', []],
    ['array holding a valid number', ['123456']],
    ['object with toString', { toString: () => '123456' }],
  ]

  it.each(bad)('rejects %s', (_label, input) => {
    expect(isRoomNumber(input)).toBe(false)
    expectInvalidRoomNumber(input)
  })
})

describe('generateRoomNumber', () => {
  it('is always valid with Math.random', () => {
    for (let i = 0; i < 10_000; i++) {
      const n = generateRoomNumber()
      expect(isRoomNumber(n)).toBe(true)
    }
  })

  it.each([
    ['0', 0, '100000'],
    ['just above 0', Number.MIN_VALUE, '100000'],
    ['0.9999999999', 0.9999999999, '999999'],
    ['the largest double below 1', 1 - Number.EPSILON / 2, '999999'],
    ['1 - EPSILON', 1 - Number.EPSILON, '999999'],
    ['exactly the top bucket start', 899999 / 900000, null],
    ['0.5', 0.5, '550000'],
  ] as [string, number, string | null][])('stays valid when random() returns %s', (_label, value, expected) => {
    const n = generateRoomNumber(() => value)
    expect(isRoomNumber(n)).toBe(true)
    if (expected !== null) expect(n).toBe(expected)
  })

  it('maps each of the 900000 equal slices of [0, 1) to its own number, ends included', () => {
    // the middle of slice k, so float rounding cannot move it into a neighbour
    const slice = (k: number) => () => (k + 0.5) / 900000
    expect(generateRoomNumber(slice(0))).toBe('100000')
    expect(generateRoomNumber(slice(1))).toBe('100001')
    expect(generateRoomNumber(slice(123456))).toBe('223456')
    expect(generateRoomNumber(slice(899998))).toBe('999998')
    expect(generateRoomNumber(slice(899999))).toBe('999999')
  })

  it('never leaves six digits even if an injected source misbehaves and returns 1', () => {
    expect(generateRoomNumber(() => 1)).toBe('999999')
  })

  it('spreads the first digit roughly uniformly over 1-9', () => {
    const random = seededRandom(20261126)
    const draws = 90_000
    const counts = new Array<number>(10).fill(0)
    for (let i = 0; i < draws; i++) counts[Number(generateRoomNumber(random)[0])]++
    expect(counts[0]).toBe(0)
    const expected = draws / 9
    // chi-square with 8 degrees of freedom; 26.1 is the p = 0.001 critical value
    const chiSquare = counts.slice(1).reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0)
    expect(chiSquare).toBeLessThan(26.1)
    for (const c of counts.slice(1)) expect(Math.abs(c - expected) / expected).toBeLessThan(0.05)
  })

  it('spreads the first digit over 1-9 with Math.random too (loose bound)', () => {
    const counts = new Array<number>(10).fill(0)
    for (let i = 0; i < 18_000; i++) counts[Number(generateRoomNumber()[0])]++
    expect(counts[0]).toBe(0)
    // each expected 2000; a 25% band is many standard deviations (~42) wide
    for (const c of counts.slice(1)) expect(c).toBeGreaterThan(1500)
  })

  it('uses the injected source, so equal seeds give equal numbers', () => {
    const a = seededRandom(7)
    const b = seededRandom(7)
    const first = Array.from({ length: 20 }, () => generateRoomNumber(a))
    const second = Array.from({ length: 20 }, () => generateRoomNumber(b))
    expect(first).toEqual(second)
    expect(new Set(first).size).toBeGreaterThan(15)
  })
})
