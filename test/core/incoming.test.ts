/** What arrives from the network keeps the senders' rules (issue 10 item 25). */
import { incomingMessage, incomingMessages, incomingProfile } from '../../miniprogram/core/incoming'

const from = { id: 'u1', name: '小明' }
const ok = { id: 'm1', from, text: '你好', sentAt: 1, kind: 'text' }

describe('incomingMessage', () => {
  it('keeps a good message, trimmed', () => {
    expect(incomingMessage(ok)).toEqual(ok)
    expect(incomingMessage({ ...ok, text: '  你好 ' })).toEqual(ok)
    expect(incomingMessage({ ...ok, text: '好'.repeat(500) })?.text).toBe('好'.repeat(500))
  })

  it.each<[string, unknown]>([
    ['100,000 characters', { ...ok, text: 'x'.repeat(100_000) }],
    ['501 characters', { ...ok, text: '字'.repeat(501) }],
    ['nothing visible', { ...ok, text: '\u200B\u200C\u200D\u2060\uFEFF' }],
    ['empty', { ...ok, text: '' }],
    ['text not a string', { ...ok, text: 5 }],
    ['no id', { ...ok, id: '' }],
    ['an id of 201 characters', { ...ok, id: 'm'.repeat(201) }],
    ['sentAt not finite', { ...ok, sentAt: Infinity }],
    ['sentAt a string', { ...ok, sentAt: '1' }],
    ['an unknown kind', { ...ok, kind: 'html' }],
    ['a sender without a valid id', { ...ok, from: { id: 'a b', name: 'n' } }],
    ['no sender', { ...ok, from: null }],
    ['not an object', 'hello'],
  ])('drops a message with %s', (_label, raw) => {
    expect(incomingMessage(raw)).toBeNull()
  })

  it('cleans the sender name; one breaking the rule shows as the id', () => {
    expect(incomingMessage({ ...ok, from: { id: 'u1', name: '\u202E小明\u200B' } })?.from).toEqual({ id: 'u1', name: '小明' })
    expect(incomingMessage({ ...ok, from: { id: 'u1', name: '名'.repeat(21) } })?.from).toEqual({ id: 'u1', name: 'u1' })
  })

  it('incomingMessages keeps the good ones in order', () => {
    const bad = { ...ok, id: 'm2', text: 'x'.repeat(501) }
    const third = { ...ok, id: 'm3' }
    expect(incomingMessages([ok, bad, third]).map((m) => m.id)).toEqual(['m1', 'm3'])
  })
})

describe('incomingProfile', () => {
  it('keeps an avatar up to 512 characters', () => {
    expect(incomingProfile({ id: 'u1', name: 'n', avatar: 'a'.repeat(512) })).toEqual({ id: 'u1', name: 'n', avatar: 'a'.repeat(512) })
    expect(incomingProfile({ id: 'u1', name: 'n', avatar: 'a'.repeat(513) })).toEqual({ id: 'u1', name: 'n' })
  })

  it('needs a user id', () => {
    expect(incomingProfile({ id: '', name: 'n' })).toBeNull()
    expect(incomingProfile({ id: 'x'.repeat(65), name: 'n' })).toBeNull()
    expect(incomingProfile(null)).toBeNull()
  })
})
