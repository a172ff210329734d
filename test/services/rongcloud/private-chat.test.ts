/** Private chat over the fake server: delivery with names, conversations, unread, history, limits. */
import type { PrivateMessageEvent } from '../../../miniprogram/services/types'
import { FakeRongCloudServer } from './fake-sdk'
import { flush, makePeer } from './helpers'
import type { Peer } from './helpers'

async function signedIn(server: FakeRongCloudServer, id: string, name: string): Promise<Peer & { inbox: PrivateMessageEvent[] }> {
  const peer = makePeer(server, id)
  await peer.rts.connect({ id, name, avatar: `https://img/${id}.png` })
  const inbox: PrivateMessageEvent[] = []
  peer.rts.onPrivate((e) => inbox.push(e))
  return { ...peer, inbox }
}

afterEach(() => jest.useRealTimers())

test('a private message arrives with the sender’s profile and the server message id', async () => {
  const server = new FakeRongCloudServer()
  const a = await signedIn(server, 'a', '阿甲')
  const b = await signedIn(server, 'b', '阿乙')
  const sent = await a.rts.sendPrivate({ id: 'b', name: '阿乙' }, '在吗')
  await flush()
  expect(sent.id).toMatch(/^UID-/)
  expect(b.inbox).toEqual([{ peer: { id: 'a', name: '阿甲', avatar: 'https://img/a.png' }, message: sent }])
})

test('conversations: peer names, last message and unread counts from the SDK; clearUnread resets', async () => {
  const server = new FakeRongCloudServer()
  const a = await signedIn(server, 'a', '阿甲')
  const b = await signedIn(server, 'b', '阿乙')
  await a.rts.sendPrivate({ id: 'b', name: '阿乙' }, '一')
  await a.rts.sendPrivate({ id: 'b', name: '阿乙' }, '二')
  const [conversation] = await b.rts.getConversations()
  expect(conversation).toMatchObject({ peer: { id: 'a', name: '阿甲' }, unread: 2, last: { text: '二' } })
  await b.rts.clearUnread('a')
  const [after] = await b.rts.getConversations()
  expect(after.unread).toBe(0)
  const [mine] = await a.rts.getConversations()
  expect(mine).toMatchObject({ peer: { id: 'b', name: '阿乙' }, unread: 0 })
})

test('history from the server: oldest first, paged with before, hasMore', async () => {
  jest.useFakeTimers({ now: 1_700_000_000_000 })
  const server = new FakeRongCloudServer()
  const a = await signedIn(server, 'a', '阿甲')
  const b = await signedIn(server, 'b', '阿乙')
  for (let i = 1; i <= 5; i++) {
    await a.rts.sendPrivate({ id: 'b', name: '阿乙' }, `第${i}条`)
    jest.setSystemTime(Date.now() + 1000)
  }
  const page = await b.rts.getPrivateHistory('a', { count: 3 })
  expect(page.messages.map((m) => m.text)).toEqual(['第3条', '第4条', '第5条'])
  expect(page.hasMore).toBe(true)
  expect(page.messages[0].from).toMatchObject({ id: 'a', name: '阿甲' })
  const older = await b.rts.getPrivateHistory('a', { count: 3, before: page.messages[0].sentAt })
  expect(older.messages.map((m) => m.text)).toEqual(['第1条', '第2条'])
  expect(older.hasMore).toBe(false)
  const mine = await a.rts.getPrivateHistory('b', { count: 1 })
  expect(mine.messages[0].from).toEqual({ id: 'a', name: '阿甲', avatar: 'https://img/a.png' })
})

test('without 单群聊消息云端存储 the history says which switch to turn on (33007)', async () => {
  const server = new FakeRongCloudServer()
  server.features.privateHistory = false
  const a = await signedIn(server, 'a', '阿甲')
  await expect(a.rts.getPrivateHistory('b', { count: 20 })).rejects.toMatchObject({
    code: 'SERVICE_NOT_ENABLED',
    message: expect.stringContaining('单群聊消息云端存储'),
  })
})

test('a burst of sends keeps to 5 per second and none is lost silently', async () => {
  jest.useFakeTimers({ now: 1_700_000_000_000 })
  const server = new FakeRongCloudServer()
  const a = await signedIn(server, 'a', '阿甲')
  const b = await signedIn(server, 'b', '阿乙')
  const sendTimes: number[] = []
  const original = a.client.sendMessage
  a.client.sendMessage = (c, m) => {
    sendTimes.push(Date.now())
    return original(c, m)
  }
  const outcomes = Array.from({ length: 20 }, (_, i) =>
    a.rts.sendPrivate({ id: 'b', name: '阿乙' }, `消息${i}`).then(
      () => 'sent',
      (e: { code: string }) => e.code,
    ),
  )
  await jest.advanceTimersByTimeAsync(5000)
  const results = await Promise.all(outcomes)
  const sent = results.filter((r) => r === 'sent').length
  expect(results.filter((r) => r !== 'sent').every((r) => r === 'RATE_LIMITED')).toBe(true)
  expect(sent).toBeGreaterThanOrEqual(5)
  expect(sent).toBeLessThan(20)
  expect(b.inbox.map((e) => e.message.text)).toEqual(Array.from({ length: sent }, (_, i) => `消息${i}`))
  for (let i = 5; i < sendTimes.length; i++) expect(sendTimes[i] - sendTimes[i - 5]).toBeGreaterThanOrEqual(1000)
})

test('sending while signed out rejects NOT_CONNECTED', async () => {
  const server = new FakeRongCloudServer()
  const a = makePeer(server, 'a')
  await expect(a.rts.sendPrivate({ id: 'b', name: '阿乙' }, 'hi')).rejects.toMatchObject({ code: 'NOT_CONNECTED' })
})
