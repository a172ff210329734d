/** Chatroom KV keys for any user id: valid keys unchanged, the rest encoded one-to-one. */
import { checkKvValue, fromKvKey, KV_KEY_MAX, toKvKey } from '../../../miniprogram/services/rongcloud/kv-keys'

const VALID = /^[A-Za-z0-9_=+-]{1,128}$/

test.each(['host', 'muted', 'm-alice', 'm-o_A-b+c=d', 'k'.repeat(KV_KEY_MAX)])('a valid key %p travels unchanged', (key) => {
  expect(toKvKey(key)).toBe(key)
  expect(fromKvKey(key)).toBe(key)
})

test.each(['m-wx|user:1', 'm-a b', 'm-用户一号', '=m-mark', 'm-' + 'x'.repeat(64), 'm-😀', 'a.b', ''])(
  'key %p is encoded into [A-Za-z0-9_=+-] and decodes back',
  (key) => {
    const stored = toKvKey(key)
    expect(stored).toMatch(VALID)
    expect(fromKvKey(stored)).toBe(key)
  },
)

test('different keys never share a stored key', () => {
  const keys = ['m-a|b', 'm-a:b', 'm-a b', 'm-ab', '=bS1hfGI', 'm-=', '=', 'm-a|b ']
  const stored = keys.map(toKvKey)
  expect(new Set(stored).size).toBe(keys.length)
})

test.each(['=!!', '=a', '=bS1hfGJ', '=_w'])('a stored key none of ours could write (%p) decodes to null', (stored) => {
  expect(fromKvKey(stored)).toBeNull()
})

test('too long even encoded, or a lone surrogate: NOT_ALLOWED in Chinese', () => {
  expect(() => toKvKey('m-' + '用'.repeat(40))).toThrow(expect.objectContaining({ code: 'NOT_ALLOWED' }))
  expect(() => toKvKey('m-\ud800')).toThrow(expect.objectContaining({ code: 'NOT_ALLOWED', message: expect.stringContaining('房间属性名') }))
})

test('values: 1 to 4096 characters', () => {
  expect(() => checkKvValue('x')).not.toThrow()
  expect(() => checkKvValue('x'.repeat(4096))).not.toThrow()
  for (const bad of ['', 'x'.repeat(4097)]) {
    expect(() => checkKvValue(bad)).toThrow(expect.objectContaining({ code: 'NOT_ALLOWED', message: expect.stringContaining('房间属性内容') }))
  }
})
