/**
 * The fake RongCloud is as unkind as the real SDK and service. Each behaviour's evidence (a
 * pretty-printed line of the engine's dist file, a .d.ts line or a doc page) sits beside it in
 * fake-sdk/*.ts; these tests pin the behaviours down so the fakes cannot drift back to kind.
 */
import { createHash } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { IAReceivedMessage, IBlockedMessageInfo, IChatroomListenerData } from '@rongcloud/imlib-next'
import { FakeImLib, FakeRongCloudServer, RONGCLOUD_CALLBACK_TIMEOUT_MS, actualSdk } from './fake-sdk'
import { KV_PULL_INTERVAL_MS } from './fake-sdk/fake-kv'
import { flush } from './helpers'

const { Events, ConversationType, TextMessage } = actualSdk
const ROOM = 'room-123456'

interface Client {
  c: FakeImLib
  events: IChatroomListenerData[]
  synced: () => boolean
}

async function client(server: FakeRongCloudServer, id: string): Promise<Client> {
  const c = new FakeImLib(server)
  c.init({ appkey: 'k' })
  const events: IChatroomListenerData[] = []
  c.addEventListener(Events.CHATROOM, (e) => events.push(e))
  await c.connect(server.addUser(id))
  return { c, events, synced: () => events.some((e) => e.entriesSynced === ROOM) }
}

/** A host in ROOM with one entry, and a second client `a` that has not joined yet. */
async function roomWithHost(server = new FakeRongCloudServer()) {
  const h = await client(server, 'h')
  await h.c.joinChatRoom(ROOM, { count: -1 })
  await h.c.setChatRoomEntry(ROOM, { key: 'host', value: 'h', isAutoDelete: true })
  const a = await client(server, 'a')
  return { server, h, a }
}

const say = (c: FakeImLib, text: string) =>
  c.sendMessage({ conversationType: ConversationType.CHATROOM, targetId: ROOM }, new TextMessage({ content: text }))

afterEach(() => jest.useRealTimers())

describe('1. in a chatroom the entry getters read a cache that one pull after joining fills', () => {
  test('right after the join resolves the cache is empty; the pull fills it, then entriesSynced', async () => {
    const { a } = await roomWithHost()
    await a.c.joinExistChatRoom(ROOM, { count: -1 })
    expect((await a.c.getAllChatRoomEntries(ROOM)).data).toEqual({})
    expect((await a.c.getChatRoomEntry(ROOM, 'host')).code).toBe(23427)
    await flush()
    expect(a.synced()).toBe(true)
    expect((await a.c.getAllChatRoomEntries(ROOM)).data).toEqual({ host: 'h' })
  })

  test('outside the chatroom the same getters ask the server', async () => {
    const { a } = await roomWithHost()
    expect((await a.c.getAllChatRoomEntries(ROOM)).data).toEqual({ host: 'h' })
    expect((await a.c.getChatRoomEntry(ROOM, 'host')).data).toBe('h')
  })

  test('a slow network: no entriesSynced and an empty cache until the pull answers', async () => {
    const { a } = await roomWithHost()
    a.c.holdPulls = true
    await a.c.joinExistChatRoom(ROOM, { count: -1 })
    await flush(20)
    expect(a.synced()).toBe(false)
    expect((await a.c.getAllChatRoomEntries(ROOM)).data).toEqual({})
    a.c.releasePulls()
    await flush()
    expect(a.synced()).toBe(true)
    expect((await a.c.getAllChatRoomEntries(ROOM)).data).toEqual({ host: 'h' })
  })

  test('a failed pull is not retried until the next KV notification', async () => {
    jest.useFakeTimers()
    const { h, a } = await roomWithHost()
    a.c.pullFailures.push(30003)
    await a.c.joinExistChatRoom(ROOM, { count: -1 })
    await jest.advanceTimersByTimeAsync(KV_PULL_INTERVAL_MS - 1000)
    expect(a.synced()).toBe(false)
    await h.c.setChatRoomEntry(ROOM, { key: 'muted', value: '[]', isAutoDelete: true })
    await jest.advanceTimersByTimeAsync(0)
    expect(a.synced()).toBe(true)
    expect((await a.c.getAllChatRoomEntries(ROOM)).data).toEqual({ host: 'h', muted: '[]' })
  })

  test('... or until the 180 s interval', async () => {
    jest.useFakeTimers()
    const { a } = await roomWithHost()
    a.c.pullFailures.push(30003)
    await a.c.joinExistChatRoom(ROOM, { count: -1 })
    await jest.advanceTimersByTimeAsync(KV_PULL_INTERVAL_MS - 1000)
    expect(a.synced()).toBe(false)
    await jest.advanceTimersByTimeAsync(1000)
    expect(a.synced()).toBe(true)
  })

  test('without kvStorage in the navigation data the SDK never pulls: entriesSynced never comes', async () => {
    jest.useFakeTimers()
    const server = new FakeRongCloudServer()
    server.features.navKvStorage = false
    const { h, a } = await roomWithHost(server)
    await a.c.joinExistChatRoom(ROOM, { count: -1 })
    await h.c.setChatRoomEntry(ROOM, { key: 'muted', value: '[]', isAutoDelete: true })
    await jest.advanceTimersByTimeAsync(3 * KV_PULL_INTERVAL_MS)
    expect(a.synced()).toBe(false)
    expect(a.events.some((e) => e.updatedEntries)).toBe(false)
    expect((await a.c.getAllChatRoomEntries(ROOM)).data).toEqual({})
  })

  test('changes reach members as updatedEntries by their next pull; the writer gets no echo', async () => {
    const { h, a } = await roomWithHost()
    await a.c.joinExistChatRoom(ROOM, { count: -1 })
    await flush()
    await h.c.setChatRoomEntry(ROOM, { key: 'muted', value: '["a"]', isAutoDelete: true })
    await flush()
    const update = (e: IChatroomListenerData) => e.updatedEntries?.some((u) => u.key === 'muted')
    expect(a.events.some(update)).toBe(true)
    expect(h.events.some(update)).toBe(false)
    expect((await h.c.getChatRoomEntry(ROOM, 'muted')).data).toBe('["a"]')
  })
})

describe('2. a final DISCONNECT wipes all chatroom state', () => {
  test('nothing is re-joined; after joining again the cache is empty until the next pull', async () => {
    const { server, a } = await roomWithHost()
    await a.c.joinExistChatRoom(ROOM, { count: -1 })
    await flush()
    expect(a.synced()).toBe(true)
    a.c.serverDisconnect(31020)
    expect(a.c.joined.size).toBe(0)
    await a.c.connect(server.addUser('a'))
    await flush()
    expect(a.events.some((e) => e.rejoinedRoom)).toBe(false)
    a.c.holdPulls = true
    await a.c.joinExistChatRoom(ROOM, { count: -1 })
    expect((await a.c.getAllChatRoomEntries(ROOM)).data).toEqual({})
    a.c.releasePulls()
    await flush()
    expect((await a.c.getAllChatRoomEntries(ROOM)).data).toEqual({ host: 'h' })
  })

  test('a SUSPEND keeps the cache and the SDK re-joins by itself (rejoinedRoom)', async () => {
    const { a } = await roomWithHost()
    await a.c.joinExistChatRoom(ROOM, { count: -1 })
    await flush()
    a.c.suspend()
    a.c.resume()
    expect((await a.c.getAllChatRoomEntries(ROOM)).data).toEqual({ host: 'h' })
    await flush()
    expect(a.events.some((e) => e.rejoinedRoom?.chatroomId === ROOM)).toBe(true)
  })
})

describe('3. a chatroom idle for an hour is destroyed', () => {
  const HOUR = 60 * 60 * 1000

  test('no join, leave or message for an hour: destroyed and its members told (the lobby too)', async () => {
    jest.useFakeTimers()
    const server = new FakeRongCloudServer()
    const a = await client(server, 'a')
    await a.c.joinChatRoom('lobby', { count: -1 })
    await jest.advanceTimersByTimeAsync(HOUR - 1000)
    expect(server.room('lobby')).toBeDefined()
    await jest.advanceTimersByTimeAsync(1000)
    expect(server.room('lobby')).toBeUndefined()
    expect(a.events).toContainEqual(expect.objectContaining({ chatroomDestroyed: 'lobby' }))
    expect(a.c.joined.has('lobby')).toBe(false)
  })

  test('a message restarts the hour', async () => {
    jest.useFakeTimers()
    const { server, h } = await roomWithHost()
    await jest.advanceTimersByTimeAsync(HOUR / 2)
    await say(h.c, 'still here')
    await jest.advanceTimersByTimeAsync(HOUR - 1000)
    expect(server.room(ROOM)).toBeDefined()
    await jest.advanceTimersByTimeAsync(1000)
    expect(server.room(ROOM)).toBeUndefined()
  })

  test('bound to an RTC room that still exists (bindRTCRoomForChatroom), or kept alive: not destroyed', async () => {
    jest.useFakeTimers()
    const { server, h } = await roomWithHost()
    let rtcAlive = true
    server.rtcRoomAlive = (id) => id === '123456' && rtcAlive
    expect((await h.c.bindRTCRoomForChatroom({ chatRoomId: ROOM, rtcRoomId: '123456' })).isOk).toBe(true)
    await jest.advanceTimersByTimeAsync(3 * HOUR)
    expect(server.room(ROOM)).toBeDefined()
    rtcAlive = false
    await jest.advanceTimersByTimeAsync(HOUR)
    expect(server.room(ROOM)).toBeUndefined()
    await h.c.joinChatRoom('lobby', { count: -1 })
    server.keepalive.add('lobby')
    await jest.advanceTimersByTimeAsync(3 * HOUR)
    expect(server.room('lobby')).toBeDefined()
  })
})

describe('4. a member whose connection dies is removed late', () => {
  test('still a member, entries kept, until 30 s offline AND a new message', async () => {
    jest.useFakeTimers()
    const { server, h, a } = await roomWithHost()
    await a.c.joinExistChatRoom(ROOM, { count: -1 })
    await a.c.setChatRoomEntry(ROOM, { key: 'm-a', value: 'a', isAutoDelete: true })
    a.c.serverDisconnect(30011) // the socket is gone for good
    expect(server.room(ROOM)?.members.has('a')).toBe(true)
    await jest.advanceTimersByTimeAsync(60_000)
    expect(server.room(ROOM)?.members.has('a')).toBe(true) // no message, no eviction
    expect(server.room(ROOM)?.kv.has('m-a')).toBe(true)
    await say(h.c, 'anyone?')
    expect(server.room(ROOM)?.members.has('a')).toBe(false)
    expect(server.room(ROOM)?.kv.has('m-a')).toBe(false)
    await jest.advanceTimersByTimeAsync(0)
    expect(h.events).toContainEqual({ updatedEntries: [expect.objectContaining({ key: 'm-a', type: 2 })] })
  })

  test('a message within the 30 s does not evict, the 31st does', async () => {
    jest.useFakeTimers()
    const { server, h, a } = await roomWithHost()
    await a.c.joinExistChatRoom(ROOM, { count: -1 })
    a.c.suspend()
    for (let i = 0; i < 30; i++) await say(h.c, `m${i}`)
    expect(server.room(ROOM)?.members.has('a')).toBe(true)
    await say(h.c, 'm30')
    expect(server.room(ROOM)?.members.has('a')).toBe(false)
  })

  test('a member back online before that stays', async () => {
    jest.useFakeTimers()
    const { server, h, a } = await roomWithHost()
    await a.c.joinExistChatRoom(ROOM, { count: -1 })
    a.c.suspend()
    await jest.advanceTimersByTimeAsync(10_000)
    a.c.resume()
    await jest.advanceTimersByTimeAsync(60_000)
    await say(h.c, 'hello')
    expect(server.room(ROOM)?.members.has('a')).toBe(true)
  })
})

describe('5. keys and values are checked locally', () => {
  test.each(['m-wx|user:1', 'm-a b', '中文', '', 'k'.repeat(129), 'a.b'])('key %p → 34260, nothing sent', async (key) => {
    const { server, h } = await roomWithHost()
    const set = await h.c.setChatRoomEntry(ROOM, { key, value: 'v', isAutoDelete: true })
    expect(set.code).toBe(34260)
    expect((await h.c.removeChatRoomEntry(ROOM, { key })).code).toBe(34260)
    expect((await h.c.getChatRoomEntry(ROOM, key)).code).toBe(34260)
    expect(server.room(ROOM)?.kv.has(key)).toBe(false)
  })

  test('values of 1 to 4096 characters; empty or longer → 34262; keys up to 128 of [A-Za-z0-9_=+-]', async () => {
    const { h } = await roomWithHost()
    const set = (key: string, value: string) => h.c.setChatRoomEntry(ROOM, { key, value, isAutoDelete: true })
    expect((await set('v', '')).code).toBe(34262)
    expect((await set('v', 'x'.repeat(4097))).code).toBe(34262)
    expect((await set('v', 'x'.repeat(4096))).isOk).toBe(true)
    expect((await set('aZ09_=+-'.repeat(16), 'x')).isOk).toBe(true)
  })
})

describe('6. RongCloud’s message callback holds a message until the app server answers', () => {
  interface Asked {
    query: URLSearchParams
    type: string | undefined
    form: URLSearchParams
  }
  let app: Server
  let asked: Asked[]
  /** how the app server answers each request */
  let answer: (form: URLSearchParams, res: ServerResponse) => void
  let late: ReturnType<typeof setTimeout> | undefined

  beforeEach(async () => {
    asked = []
    answer = (_form, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"pass":1}')
    app = createServer((req: IncomingMessage, res) => {
      let body = ''
      req.setEncoding('utf8')
      req.on('data', (chunk: string) => (body += chunk))
      req.on('end', () => {
        const form = new URLSearchParams(body)
        asked.push({ query: new URL(req.url ?? '/', 'http://x').searchParams, type: req.headers['content-type'], form })
        answer(form, res)
      })
    })
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve))
  })
  afterEach(async () => {
    clearTimeout(late)
    app.closeAllConnections()
    await new Promise((resolve) => app.close(resolve))
  })

  async function withCallback() {
    const server = new FakeRongCloudServer()
    server.features.blockedNotice = true
    const url = `http://127.0.0.1:${(app.address() as AddressInfo).port}/cb`
    server.messageCallback = { url, appKey: 'k', appSecret: 'the-secret' }
    const { h, a } = await roomWithHost(server)
    await a.c.joinExistChatRoom(ROOM, { count: -1 })
    const heard: IAReceivedMessage[] = []
    a.c.addEventListener(Events.MESSAGES, (e) => heard.push(...e.messages))
    const blocked: IBlockedMessageInfo[] = []
    h.c.addEventListener(Events.MESSAGE_BLOCKED, (info) => blocked.push(info))
    return { server, h, a, heard, blocked }
  }

  test('a signed form POST with the documented fields; the send resolves at once and the message comes after the answer', async () => {
    const { server, h, heard } = await withCallback()
    const sent = await say(h.c, '你好')
    expect(sent.isOk).toBe(true)
    expect(heard).toEqual([])
    await server.callbacksSettled()
    await flush()
    expect(heard.map((m) => m.messageUId)).toEqual([sent.data?.messageUId])

    const [{ query, type, form }] = asked
    expect(type).toBe('application/x-www-form-urlencoded')
    const sign = createHash('sha1').update(`the-secret${query.get('nonce')}${query.get('signTimestamp')}`).digest('hex')
    expect(query.get('signature')).toBe(sign)
    expect(Number(query.get('signTimestamp'))).toBeGreaterThan(Date.now() - 60_000)
    expect(Object.fromEntries(form)).toEqual({
      appKey: 'k',
      fromUserId: 'h',
      targetId: ROOM,
      msgType: 'RC:TxtMsg',
      content: JSON.stringify({ content: '你好' }),
      channelType: 'TEMPGROUP',
      msgTimeStamp: String(sent.data?.sentTime),
      messageId: sent.data?.messageUId,
    })
    expect(server.callbackRecords).toEqual([expect.objectContaining({ delivered: true, because: 'pass', status: 200 })])
  })

  test('pass 0: delivered to nobody, not stored, and the sender told (MESSAGE_BLOCKED, THIRD_PARTY); private chat too (PERSON)', async () => {
    const { server, h, a, heard, blocked } = await withCallback()
    answer = (_form, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"pass":0}')
    const sent = await say(h.c, '坏话')
    expect(sent.isOk).toBe(true)
    await server.callbacksSettled()
    await flush()
    expect(heard).toEqual([])
    expect(server.room(ROOM)?.history).toEqual([])
    expect(blocked).toEqual([expect.objectContaining({ blockedMessageUId: sent.data?.messageUId, blockType: actualSdk.MessageBlockType.THIRD_PARTY })])

    const dm = await h.c.sendMessage({ conversationType: ConversationType.PRIVATE, targetId: 'a' }, new TextMessage({ content: '私聊坏话' }))
    await server.callbacksSettled()
    await flush()
    expect(asked[1].form.get('channelType')).toBe('PERSON')
    expect(heard).toEqual([])
    expect(server.conversation('a', 'h').messages).toEqual([])
    expect(blocked.map((b) => b.blockedMessageUId)).toEqual([sent.data?.messageUId, dm.data?.messageUId])
    expect((await a.c.getHistoryMessages({ conversationType: ConversationType.PRIVATE, targetId: 'h' })).data?.list).toEqual([])
  })

  test('an answer that is not 200 with a pass, or no answer within 3 s: RongCloud delivers the message', async () => {
    const { server, h, heard, blocked } = await withCallback()
    answer = (_form, res) => res.writeHead(500).end('oops')
    await say(h.c, 'one')
    await server.callbacksSettled()
    // too late: the answer would have held it back
    answer = (_form, res) => {
      late = setTimeout(() => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"pass":0}'), RONGCLOUD_CALLBACK_TIMEOUT_MS + 500)
    }
    await say(h.c, 'two')
    await server.callbacksSettled()
    await flush()
    expect(server.callbackRecords.map((r) => [r.because, r.delivered])).toEqual([
      ['failed', true],
      ['timeout', true],
    ])
    expect(server.callbackRecords[1].elapsedMs).toBeGreaterThanOrEqual(RONGCLOUD_CALLBACK_TIMEOUT_MS - 50)
    expect(heard.map((m) => (m.content as { content: string }).content)).toEqual(['one', 'two'])
    expect(blocked).toEqual([])
  }, 15_000)

  test('only the types the console routes are asked about; the rest are delivered at once, as without a callback', async () => {
    const { server, h, heard } = await withCallback()
    server.messageCallback = { ...server.messageCallback!, msgTypes: ['App:Signal'] }
    await say(h.c, 'not routed')
    await flush()
    expect(heard).toHaveLength(1)
    expect(asked).toEqual([])
  })
})
