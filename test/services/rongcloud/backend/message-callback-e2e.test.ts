/**
 * Content safety of chat, end to end: phones on the RongCloud adapters over the fake SDK, whose
 * RongCloud asks the real server's message callback (POST /v1/rongcloud/message-callback, over
 * loopback HTTP, signed, with RongCloud's 3 s: fake-sdk/message-callback.ts) before delivering a
 * message; the server asks the fake WeChat's msgSecCheck (its word list: server/test/fakes/wechat.ts).
 * A refused message reaches nobody and shows 「内容违规，未发送」 (status 'blocked') on the sender's
 * phone only, through MESSAGE_BLOCKED (消息拦截回调给发送方 switched on).
 *
 * The real clock throughout (as real-server.ts): the callback's signature is checked against it, and
 * the phones' own timers (heartbeats every 30 s) do not come due within a test.
 */
import type { Profile } from '../../../../miniprogram/core/types'
import { createDocumentVerifier } from '../../../../miniprogram/core/signed-docs'
import { ed25519 } from '../../../../miniprogram/services/demo/ed25519'
import { createBackendService } from '../../../../miniprogram/services/rongcloud/backend/index'
import { registerSignalMessage } from '../../../../miniprogram/services/rongcloud/messages'
import { createRongCloudRts } from '../../../../miniprogram/services/rongcloud/rts'
import { createTokenSource } from '../../../../miniprogram/services/rongcloud/token-source'
import { createStore, type RootStore } from '../../../../miniprogram/stores/index'
import { FakeImLib, type CallbackRecord } from '../fake-sdk'
import { BridgedRongCloudServer, type SharedRongCloud } from '../fake-sdk/bridge'
import { FakeRtcHub } from '../fake-rtc-service'
import { fakePhone, type ServerHarness } from './real-server'

/** What the tests use of server/test/support/harness.ts (required, not imported: the server type-checks on its own). */
interface Harness extends ServerHarness {
  rc: ServerHarness['rc'] & SharedRongCloud & { keepaliveLimit: number }
  wechat: ServerHarness['wechat'] & {
    textChecks: { openid: unknown; scene: unknown; content: unknown }[]
    textCheckDelayMs: number
  }
  /** RongCloud's side of the callback: its URL (instance 0's) and the app's key and secret */
  callback: { url: string; appKey: string; appSecret: string }
  logs: Record<string, unknown>[]
  /** the server's verdict cache (src/moderation/text-checker.ts) */
  servers: { context: { textChecker: { cacheSize: number } } }[]
}
const { startHarness } = require('../../../../server/test/support/harness') as {
  startHarness(options?: object): Promise<Harness>
}

// real HTTP on a busy machine, and two tests that wait for the server's 1.5 s budget
jest.setTimeout(30_000)

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

let h: Harness
let bridge: BridgedRongCloudServer
let media: FakeRtcHub
let stores: RootStore[]
/** rooms opened: their hosts end them when signing out */
let rooms: string[]

beforeEach(async () => {
  // the server's own upstream timeout (5 s), not the harness's 2 s: WeChat's slow answer must land
  h = await startHarness({ realClock: true, captureLogs: true, upstreamTimeoutMs: 5000 })
  h.rc.keepaliveLimit = 50
  bridge = new BridgedRongCloudServer(h.rc)
  // the join under test: RongCloud asks our server before delivering (the console's 消息回调服务)
  bridge.messageCallback = { url: h.callback.url, appKey: h.callback.appKey, appSecret: h.callback.appSecret }
  bridge.features.blockedNotice = true
  media = new FakeRtcHub()
  bridge.rtcRoomAlive = (id) => media.roomAlive(id)
  stores = []
  rooms = []
})
afterEach(async () => {
  for (const store of stores) await store.session.signOut().catch(() => undefined)
  for (const store of stores) store.dispose()
  // the host's phone does not wait for its room's end (DELETE /v1/rooms/:id): a request still
  // running when the server closes keeps its connection open (keep-alive) and the close waiting
  await until(() => rooms.every((id) => h.rc.room(`room-${id}`) === undefined) && inFlight() === 0, 'the phones’ last requests')
  await bridge.callbacksSettled()
  bridge.dispose()
  await h.close()
})

/** Requests the server has not answered yet (from its log). */
function inFlight(): number {
  const answered = new Set(h.logs.filter((l) => l.msg === 'request completed').map((l) => l.reqId))
  return h.logs.filter((l) => l.msg === 'incoming request' && !answered.has(l.reqId)).length
}

async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(5)
  }
}

interface Person {
  profile: Profile
  store: RootStore
  openid: string
}

let seq = 0
async function person(name: string): Promise<Person> {
  const openid = `openid-cb-${++seq}`.padEnd(28, '0')
  const backend = createBackendService({ url: h.urls[0], platform: fakePhone(h, openid) })
  const { userId } = await backend.login({ name })
  const client = new FakeImLib(bridge)
  client.init({ appkey: h.callback.appKey })
  const tokens = createTokenSource({ type: 'backend' }, { getStorage: () => undefined }, backend)
  const rts = createRongCloudRts({ lib: client, SignalMessage: registerSignalMessage(client), tokens })
  const documents = createDocumentVerifier({ publicKey: h.publicKey, now: () => backend.now(), ed25519 })
  const store = createStore({ rts, rtc: media.client(userId), backend, documents })
  stores.push(store)
  const profile = { id: userId, name }
  await store.session.signIn(profile)
  await until(() => store.lobby.entering === false && store.chatrooms.wanted === 'lobby', 'the lobby')
  return { profile, store, openid }
}

/** A live room: a host and two in the audience. */
async function liveRoom(): Promise<{ host: Person; alice: Person; bob: Person; roomId: string }> {
  const host = await person('主播')
  const alice = await person('小爱')
  const bob = await person('小波')
  const roomId = await host.store.room.create()
  rooms.push(roomId)
  await alice.store.room.join(roomId)
  await bob.store.room.join(roomId)
  return { host, alice, bob, roomId }
}

const texts = (p: Person) => p.store.room.messages.map((m) => m.text)
const mine = (p: Person, text: string) => p.store.room.messages.find((m) => m.text === text && m.from.id === p.profile.id)
/** The callback's record of the text message `id` (the message's messageUId), once RongCloud has the answer. */
const recordOf = (id: string | undefined): CallbackRecord | undefined => bridge.callbackRecords.find((r) => r.messageUId === id)
const checksOf = (text: string) => h.wechat.textChecks.filter((c) => c.content === text)

test('a room message WeChat finds risky reaches nobody and is marked on the sender’s phone only; a clean one reaches everyone', async () => {
  const { host, alice, bob, roomId } = await liveRoom()
  await alice.store.room.send('来赌博吧')
  const sent = mine(alice, '来赌博吧')
  await until(() => recordOf(sent?.id) !== undefined, 'RongCloud’s callback')
  expect(recordOf(sent?.id)).toMatchObject({ channelType: 'TEMPGROUP', msgType: 'RC:TxtMsg', delivered: false, because: 'blocked', status: 200 })
  await until(() => mine(alice, '来赌博吧')?.status === 'blocked', 'the mark on the sender’s phone')
  // checked for the sender's openid, scene 2 (comment); the block is logged with what it was
  expect(checksOf('来赌博吧')).toEqual([expect.objectContaining({ openid: alice.openid, scene: 2 })])
  expect(h.logs.filter((l) => l.event === 'message_blocked')).toEqual([expect.objectContaining({ field: 'text', channelType: 'TEMPGROUP', messageId: sent?.id })])

  await bob.store.room.send('大家好')
  await until(() => texts(host).includes('大家好') && texts(alice).includes('大家好'), 'the clean message')
  for (const p of [host, bob]) expect(texts(p)).not.toContain('来赌博吧')
  expect(bridge.room(`room-${roomId}`)?.history.map((m) => (m.content as { content?: string }).content)).toEqual(['大家好'])
  expect(mine(bob, '大家好')?.status).toBeUndefined()
  expect(host.store.room.messages.find((m) => m.text === '大家好')?.status).toBeUndefined()
})

test('a private message likewise: refused, it is marked in the sender’s chat and lobby and the peer has nothing; a clean one arrives', async () => {
  const alice = await person('小爱')
  const bob = await person('小波')
  await alice.store.chat.open(bob.profile.id)
  await alice.store.chat.send('forbidden stuff')
  const sent = alice.store.chat.messages.find((m) => m.text === 'forbidden stuff')
  await until(() => recordOf(sent?.id) !== undefined, 'RongCloud’s callback')
  expect(recordOf(sent?.id)).toMatchObject({ channelType: 'PERSON', delivered: false, because: 'blocked' })
  await until(() => alice.store.chat.messages[0]?.status === 'blocked', 'the mark in the chat')
  await until(() => alice.store.lobby.conversations[0]?.last?.status === 'blocked', 'the mark in the lobby')
  expect(bob.store.lobby.conversations).toEqual([])

  await alice.store.chat.send('你好')
  await until(() => bob.store.lobby.conversations.length === 1, 'the clean message')
  expect(bob.store.lobby.conversations[0]).toMatchObject({ peer: { id: alice.profile.id }, last: { text: '你好' }, unread: 1 })
  await bob.store.chat.open(alice.profile.id)
  expect(bob.store.chat.messages.map((m) => m.text)).toEqual(['你好'])
})

test('the server’s verdict cache: the same words from two senders cost WeChat one check, both delivered', async () => {
  const { host, alice, bob } = await liveRoom()
  await alice.store.room.send('晚上好')
  await until(() => texts(host).includes('晚上好'), 'the first')
  await bob.store.room.send('晚上好')
  await until(() => texts(host).filter((t) => t === '晚上好').length === 2, 'the second')
  expect(checksOf('晚上好')).toHaveLength(1)
  const records = [mine(alice, '晚上好'), mine(bob, '晚上好')].map((m) => recordOf(m?.id))
  expect(records).toEqual([expect.objectContaining({ because: 'pass' }), expect.objectContaining({ because: 'pass' })])
})

test('WeChat slower than the server’s budget: the server answers pass inside RongCloud’s 3 s and the message is delivered (fail open, logged); the late verdict blocks the same words next time', async () => {
  const { host, alice } = await liveRoom()
  h.wechat.textCheckDelayMs = 2200
  // the names are cached since their logins: the slow verdict is the only one to come
  const cached = h.servers[0].context.textChecker.cacheSize
  await alice.store.room.send('赌博慢慢来')
  await until(() => texts(host).includes('赌博慢慢来'), 'the unchecked message')
  const first = recordOf(mine(alice, '赌博慢慢来')?.id)
  // our server's answer (the 1.5 s budget), not RongCloud giving up after 3 s
  expect(first).toMatchObject({ delivered: true, because: 'pass', status: 200 })
  expect(first?.elapsedMs).toBeLessThan(3000)
  expect(h.logs.filter((l) => l.event === 'content_check_miss')).toEqual([expect.objectContaining({ reason: 'timeout', field: 'text', channelType: 'TEMPGROUP' })])
  expect(mine(alice, '赌博慢慢来')?.status).toBeUndefined()

  // WeChat's late answer fills the cache: the same words again are blocked at once, no new check
  await until(() => h.servers[0].context.textChecker.cacheSize > cached, 'WeChat’s late verdict')
  h.wechat.textCheckDelayMs = 0
  const calls = checksOf('赌博慢慢来').length
  await alice.store.room.send('赌博慢慢来')
  await until(() => alice.store.room.messages.filter((m) => m.text === '赌博慢慢来').length === 2, 'the second send')
  const second = alice.store.room.messages.filter((m) => m.text === '赌博慢慢来')[1]
  await until(() => recordOf(second.id) !== undefined, 'RongCloud’s callback')
  expect(recordOf(second.id)).toMatchObject({ delivered: false, because: 'blocked' })
  await until(() => alice.store.room.messages.find((m) => m.id === second.id)?.status === 'blocked', 'the mark')
  expect(checksOf('赌博慢慢来')).toHaveLength(calls)
  expect(texts(host).filter((t) => t === '赌博慢慢来')).toHaveLength(1)
})
