import { PRIVATE_HISTORY_CAP } from '../../../miniprogram/services/demo/private-chat'
import type { PrivateMessageEvent } from '../../../miniprogram/services/types'
import { L, fails, network, ok, profileOf, record, signedIn } from './helpers'

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

describe('demo network: private chat', () => {
  it('delivers to the peer with the sender profile and counts unread', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    const b = await signedIn(net, 'b')
    const inbox = record<PrivateMessageEvent>((l) => b.rts.onPrivate(l))
    const sent = await ok(a.rts.sendPrivate(profileOf('b'), '在吗'))
    expect(sent).toMatchObject({ from: profileOf('a'), text: '在吗', kind: 'text' })
    expect(inbox).toEqual([{ peer: profileOf('a'), message: sent }])
    await ok(a.rts.sendPrivate(profileOf('b'), '？'))
    const conversations = await ok(b.rts.getConversations())
    expect(conversations).toHaveLength(1)
    expect(conversations[0].peer).toEqual(profileOf('a'))
    expect(conversations[0].unread).toBe(2)
    expect(conversations[0].last?.text).toBe('？')
    // the sender has the conversation too, without unread
    expect(await ok(a.rts.getConversations())).toEqual([{ peer: profileOf('b'), last: conversations[0].last, unread: 0 }])
    await ok(b.rts.clearUnread('a'))
    expect((await ok(b.rts.getConversations()))[0].unread).toBe(0)
  })

  it('lists conversations newest first', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    const b = await signedIn(net, 'b')
    const c = await signedIn(net, 'c')
    await ok(b.rts.sendPrivate(profileOf('a'), 'from b'))
    await ok(c.rts.sendPrivate(profileOf('a'), 'from c'))
    expect((await ok(a.rts.getConversations())).map((s) => s.peer.id)).toEqual(['c', 'b'])
    await ok(a.rts.sendPrivate(profileOf('b'), 'to b'))
    expect((await ok(a.rts.getConversations())).map((s) => s.peer.id)).toEqual(['b', 'c'])
  })

  it('pages history backwards by sentAt, oldest first, with hasMore', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    const b = await signedIn(net, 'b')
    for (let i = 0; i < 7; i++) {
      await ok(i % 2 ? b.rts.sendPrivate(profileOf('a'), `${i}`) : a.rts.sendPrivate(profileOf('b'), `${i}`))
      await jest.advanceTimersByTimeAsync(1000)
    }
    const latest = await ok(a.rts.getPrivateHistory('b', { count: 3 }))
    expect(latest.messages.map((m) => m.text)).toEqual(['4', '5', '6'])
    expect(latest.hasMore).toBe(true)
    const older = await ok(a.rts.getPrivateHistory('b', { before: latest.messages[0].sentAt, count: 3 }))
    expect(older.messages.map((m) => m.text)).toEqual(['1', '2', '3'])
    const oldest = await ok(a.rts.getPrivateHistory('b', { before: older.messages[0].sentAt, count: 3 }))
    expect(oldest).toEqual({ messages: [expect.objectContaining({ text: '0' })], hasMore: false })
    expect(await ok(b.rts.getPrivateHistory('nobody', { count: 10 }))).toEqual({ messages: [], hasMore: false })
  })

  it('messages sent at the same instant still page without loss', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    const b = await signedIn(net, 'b')
    await ok(Promise.all(['x', 'y', 'z'].map((t) => a.rts.sendPrivate(profileOf('b'), t))))
    const page = await ok(b.rts.getPrivateHistory('a', { count: 2 }))
    const rest = await ok(b.rts.getPrivateHistory('a', { before: page.messages[0].sentAt, count: 2 }))
    expect([...rest.messages, ...page.messages].map((m) => m.text)).toEqual(['x', 'y', 'z'])
  })

  it('delivers messages sent to a dropped peer on restore, with unread', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    const b = await signedIn(net, 'b')
    const inbox = record<PrivateMessageEvent>((l) => b.rts.onPrivate(l))
    net.drop('b')
    const sent = await ok(a.rts.sendPrivate(profileOf('b'), '你掉线了吗'))
    expect(inbox).toEqual([])
    net.restore('b')
    await jest.advanceTimersByTimeAsync(L)
    expect(inbox).toEqual([{ peer: profileOf('a'), message: sent }])
    expect((await ok(b.rts.getConversations()))[0].unread).toBe(1)
  })

  it('stores messages to someone never connected: they see them on signing in', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    await ok(a.rts.sendPrivate(profileOf('z'), '等你上线'))
    const z = await signedIn(net, 'z')
    const [summary] = await ok(z.rts.getConversations())
    expect(summary).toMatchObject({ peer: profileOf('a'), unread: 1, last: { text: '等你上线' } })
    // the sender's list shows the profile it addressed
    expect((await ok(a.rts.getConversations()))[0].peer).toEqual(profileOf('z'))
  })

  it('refuses messages to oneself and bad text', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    await fails(a.rts.sendPrivate(profileOf('a'), 'me'), 'NOT_ALLOWED')
    await fails(a.rts.sendPrivate(profileOf('b'), ''), 'EMPTY_MESSAGE')
  })

  it('private messages reach someone in a room', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    const b = await signedIn(net, 'b')
    await ok(b.rts.createRoom('123456', { key: 'host', value: 'x' }), 2 * L)
    const inbox = record<PrivateMessageEvent>((l) => b.rts.onPrivate(l))
    await ok(a.rts.sendPrivate(profileOf('b'), 'hi'))
    expect(inbox).toHaveLength(1)
  })

  // issue 10 item 22: the demo server is the app's network in DevTools for hours; what it keeps per
  // conversation, and for a dropped peer, stays bounded
  it('keeps the newest PRIVATE_HISTORY_CAP messages of a conversation, and as many for a dropped peer', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    const b = await signedIn(net, 'b')
    const inbox = record<PrivateMessageEvent>((l) => b.rts.onPrivate(l))
    net.drop('b')
    const total = PRIVATE_HISTORY_CAP + 30
    for (let i = 0; i < total; i++) {
      await ok(a.rts.sendPrivate(profileOf('b'), `${i}`))
      await jest.advanceTimersByTimeAsync(200) // within 5 messages a second
    }
    net.restore('b')
    await jest.advanceTimersByTimeAsync(L)
    expect(inbox).toHaveLength(PRIVATE_HISTORY_CAP)
    expect(inbox[inbox.length - 1].message.text).toBe(`${total - 1}`)
    for (const [who, peerId] of [[a, 'b'], [b, 'a']] as const) {
      const texts: string[] = []
      let before: number | undefined
      for (let more = true; more; ) {
        const page = await ok(who.rts.getPrivateHistory(peerId, { before, count: 100 }))
        texts.unshift(...page.messages.map((m) => m.text))
        before = page.messages[0]?.sentAt
        more = page.hasMore
      }
      expect(texts).toHaveLength(PRIVATE_HISTORY_CAP)
      expect(texts[0]).toBe(`${total - PRIVATE_HISTORY_CAP}`)
    }
  })
})
