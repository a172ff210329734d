/**
 * The store's room flows on RongCloud's signalling adapter over the fake SDK, WITH the real server
 * (server/src, in this process, over loopback HTTP) in the path: create, join, the live list, mute,
 * end, a host that vanishes, and what a modified client can do. The server's RongCloud (its server
 * API fake) and the phones' RongCloud (the fake SDK) are one state: fake-sdk/bridge.ts.
 *
 * Time: the server, the shared RongCloud fake and every phone run on the harness's clock; each
 * phone's timers (heartbeats, the claim's expiry, the lobby's) run on it by hand (ManualTime), so
 * 90 s pass in an instant while HTTP stays real. The phones read the server's clock from the Date
 * header, as they do in production; Node stamps that header with the machine's clock, so the test
 * phone rewrites it from the harness's (the server's) clock.
 */
import { AppError } from '../../../../miniprogram/core/errors'
import { createDocumentVerifier, peekPayload } from '../../../../miniprogram/core/signed-docs'
import type { Cancel, Schedule } from '../../../../miniprogram/core/timers'
import type { Profile } from '../../../../miniprogram/core/types'
import { createBackendService } from '../../../../miniprogram/services/rongcloud/backend/index'
import { registerSignalMessage } from '../../../../miniprogram/services/rongcloud/messages'
import { createRongCloudRts } from '../../../../miniprogram/services/rongcloud/rts'
import { createTokenSource } from '../../../../miniprogram/services/rongcloud/token-source'
import { createStore, type RootStore } from '../../../../miniprogram/stores/index'
import { END_REASONS } from '../../../../miniprogram/stores/room/room-store'
import { actualSdk, FakeImLib } from '../fake-sdk'
import { BridgedRongCloudServer, type SharedRongCloud } from '../fake-sdk/bridge'
import { FakeRtcHub } from '../fake-rtc-service'
import { fakePhone, type ServerHarness } from './real-server'
import { ed25519 } from '../../../../miniprogram/services/demo/ed25519'

/** What the tests use of server/test/support/harness.ts (required, not imported: the server type-checks on its own). */
interface Harness extends ServerHarness {
  clock: { now(): number; advance(ms: number): void }
  rc: ServerHarness['rc'] & SharedRongCloud & { keepaliveLimit: number }
}
const { startHarness, login } = require('../../../../server/test/support/harness') as {
  startHarness(options?: object): Promise<Harness>
  login(h: Harness, openid: string, name: string): Promise<{ userId: string; token: string }>
}

const { ConversationType, TextMessage } = actualSdk
const noWait: Schedule = (fn) => {
  const handle = setTimeout(fn, 0)
  return () => clearTimeout(handle)
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Timers on the harness's clock, run by hand; a phone's own timers stop when it vanishes. */
class ManualTime {
  private tasks: { at: number; seq: number; phone: string; fn: () => void }[] = []
  private seq = 0
  private readonly gone = new Set<string>()

  constructor(private readonly clock: Harness['clock']) {}

  readonly now = (): number => this.clock.now()

  scheduleFor(phone: string): Schedule {
    return (fn, ms): Cancel => {
      const task = { at: this.now() + Math.max(0, ms), seq: this.seq++, phone, fn }
      this.tasks.push(task)
      return () => (this.tasks = this.tasks.filter((t) => t !== task))
    }
  }

  vanish(phone: string): void {
    this.gone.add(phone)
    this.tasks = this.tasks.filter((t) => t.phone !== phone)
  }

  /** Runs one timer due by `until` (moving the clock to it); false when none is. */
  step(until = this.now()): boolean {
    const next = this.tasks.filter((t) => t.at <= until).sort((a, b) => a.at - b.at || a.seq - b.seq)[0]
    if (!next) return false
    this.tasks = this.tasks.filter((t) => t !== next)
    if (next.at > this.now()) this.clock.advance(next.at - this.now())
    if (!this.gone.has(next.phone)) next.fn()
    return true
  }

  /** Moves the clock on by `ms`, running each timer at its time and letting real I/O settle between. */
  async advance(ms: number): Promise<void> {
    const end = this.now() + ms
    for (;;) {
      await sleep(5)
      if (!this.step(end)) break
    }
    if (end > this.now()) this.clock.advance(end - this.now())
    await settle()
  }
}

// real HTTP on a machine that may be busy: more than jest's 5 s, less than until()'s 10 s per wait
jest.setTimeout(30_000)

let h: Harness
let bridge: BridgedRongCloudServer
let media: FakeRtcHub
let time: ManualTime
let stores: RootStore[]

beforeEach(async () => {
  h = await startHarness()
  // room chatrooms and the lobby on keepalive: more than the default 5 slots are not the point here
  h.rc.keepaliveLimit = 50
  bridge = new BridgedRongCloudServer(h.rc)
  media = new FakeRtcHub()
  bridge.rtcRoomAlive = (id) => media.roomAlive(id)
  time = new ManualTime(h.clock)
  stores = []
})
afterEach(async () => {
  // signing out stops the RongCloud adapter's own timers (lobby refresh, presence, send queue)
  for (const store of stores) await drive(store.session.signOut()).catch(() => undefined)
  for (const store of stores) store.dispose()
  bridge.dispose()
  await h.close()
})

/** Lets HTTP, the fake SDK's deliveries and due timers run until `done` (10 real seconds at most). */
async function until(done: () => boolean, what = 'the condition'): Promise<void> {
  const deadline = Date.now() + 10_000
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    if (!time.step()) await sleep(5)
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) if (!time.step()) await sleep(5)
}

/** The outcome of `promise`, running everything it waits for. */
async function drive<T>(promise: Promise<T>): Promise<T> {
  let outcome: { value: T } | { error: unknown } | null = null
  promise.then(
    (value) => (outcome = { value }),
    (error: unknown) => (outcome = { error }),
  )
  await until(() => outcome !== null, 'a call to settle')
  const settled = outcome as unknown as { value: T } | { error: unknown }
  if ('error' in settled) throw settled.error
  return settled.value
}

interface Person {
  profile: Profile
  store: RootStore
  client: FakeImLib
}

let seq = 0
async function person(name: string): Promise<Person> {
  const openid = `openid-${++seq}-${name.length}`.padEnd(28, '0')
  const base = fakePhone(h, openid)
  const phone = {
    ...base,
    async request(request: Parameters<typeof base.request>[0]) {
      const res = await base.request(request)
      return { ...res, header: { ...res.header, date: new Date(h.clock.now()).toUTCString() } }
    },
  }
  const backend = createBackendService({ url: h.urls[0], platform: phone, schedule: noWait, now: time.now })
  const { userId } = await backend.login({ name })
  const client = new FakeImLib(bridge)
  client.init({ appkey: 'test-app-key' })
  const tokens = createTokenSource({ type: 'backend' }, { getStorage: () => undefined }, backend)
  const rts = createRongCloudRts({ lib: client, SignalMessage: registerSignalMessage(client), tokens })
  const documents = createDocumentVerifier({ publicKey: h.publicKey, now: () => backend.now(), ed25519 })
  const store = createStore({ rts, rtc: media.client(userId), backend, documents, now: time.now, schedule: time.scheduleFor(userId) })
  stores.push(store)
  const profile = { id: userId, name }
  await drive(store.session.signIn(profile))
  await until(() => store.lobby.entering === false && store.chatrooms.wanted === 'lobby', 'the lobby')
  return { profile, store, client }
}

const kv = (chatroomId: string, key: string) => h.rc.room(chatroomId)?.kv.get(key)?.value

test('create, the live list, join, mute, end: every step through the server, every document verified', async () => {
  const viewer = await person('观众')
  const host = await person('主播')
  const roomId = await drive(host.store.room.create({ title: '第一场' }))
  expect(host.store.room).toMatchObject({ status: 'live', role: 'host', title: '第一场', trust: 'signed' })
  expect(host.store.room.media.pushUrl).toContain(host.profile.id)
  expect(peekPayload(kv(`room-${roomId}`, 'sig-host'))).toMatchObject({ kind: 'host', host: { id: host.profile.id, name: '主播' }, title: '第一场' })
  expect(kv(`room-${roomId}`, 'host')).toBeUndefined()

  // the listing reaches the lobby through RongCloud's KV notification and the SDK's pull
  await until(() => viewer.store.lobby.rooms.length === 1, 'the listing in the lobby')
  expect(viewer.store.lobby.rooms[0]).toMatchObject({ roomId, host: { id: host.profile.id, name: '主播' }, title: '第一场' })

  await drive(viewer.store.room.join(roomId))
  expect(viewer.store.room).toMatchObject({ status: 'live', role: 'audience', title: '第一场', host: { id: host.profile.id } })
  await until(() => viewer.store.room.media.players.length === 1, 'the host’s stream')
  const bob = await person('小波')
  await drive(bob.store.room.join(roomId))

  await drive(host.store.room.mute(bob.profile.id))
  expect(h.rc.room(`room-${roomId}`)?.gagged.has(bob.profile.id)).toBe(true)
  await until(() => bob.store.room.muted.includes(bob.profile.id) && viewer.store.room.muted.includes(bob.profile.id), 'the signed mute list on every phone')
  expect(bob.store.room.canSend).toBe(false)
  // a modified client sends anyway: RongCloud refuses it (23408), nobody sees it
  const refused = await bob.client.sendMessage({ conversationType: ConversationType.CHATROOM, targetId: `room-${roomId}` }, new TextMessage({ content: '偏要说' }))
  expect(refused.code).toBe(23408)
  await drive(host.store.room.unmute(bob.profile.id))
  await until(() => bob.store.room.canSend, 'the unmute')
  await drive(bob.store.room.send('谢谢主播'))
  await until(() => viewer.store.room.messages.some((m) => m.text === '谢谢主播'), 'the message')
  expect(viewer.store.room.messages.map((m) => m.text)).not.toContain('偏要说')

  await drive(host.store.room.leave())
  await until(() => viewer.store.room.status === 'ended', 'the end')
  expect(viewer.store.room.endReason).toBe(END_REASONS.hostEnded)
  // the host's phone does not wait for the server's answer to show the lobby; the server ends it
  await until(() => h.rc.room(`room-${roomId}`) === undefined, 'the chatroom destroyed')
  expect(kv('lobby', `sig-room-${roomId}`)).toBeUndefined()
  await until(() => viewer.store.chatrooms.wanted === 'lobby' && viewer.store.lobby.rooms.length === 0, 'the list without it')
})

test('a host whose phone is gone: the claim expires 90 s after its last heartbeat and the room is over, for the room and the lobby', async () => {
  const host = await person('主播')
  const viewer = await person('观众')
  const lobbyist = await person('大厅')
  const roomId = await drive(host.store.room.create())
  await drive(viewer.store.room.join(roomId))
  await until(() => lobbyist.store.lobby.rooms.length === 1, 'the listing')
  // a heartbeat or two, then the phone is gone: no more timers, its connection dead
  await time.advance(60_000)
  expect(viewer.store.room.status).toBe('live')
  const lastClaim = peekPayload(kv(`room-${roomId}`, 'sig-host'))
  time.vanish(host.profile.id)
  host.client.suspend()
  const exp = lastClaim?.exp as number
  await time.advance(exp - time.now() - 1000)
  expect(viewer.store.room.status).toBe('live')
  expect(lobbyist.store.lobby.rooms.map((r) => r.roomId)).toEqual([roomId])
  await time.advance(2000)
  await until(() => viewer.store.room.status === 'ended', 'the end')
  expect(viewer.store.room.endReason).toBe(END_REASONS.hostLeft)
  await until(() => lobbyist.store.lobby.rooms.length === 0, 'the expired listing gone')
  // the server agrees: the room is over, its number free
  await expect(drive(viewer.store.room.join(roomId))).rejects.toMatchObject({ code: 'ROOM_NOT_FOUND' })
})

test('a title WeChat’s check refuses: CONTENT_REJECTED, in the server’s words, and nothing left behind', async () => {
  const host = await person('主播')
  const error = await drive(host.store.room.create({ title: '赌博之夜' })).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(AppError)
  expect(error).toMatchObject({ code: 'CONTENT_REJECTED', message: '标题含有不当内容，请修改' })
  expect(host.store.room.status).toBe('idle')
  await until(() => host.store.chatrooms.wanted === 'lobby' && h.rc.room('lobby')?.members.has(host.profile.id) === true, 'back in the lobby')
  expect(media.rooms.size).toBe(0)
})

test('a modified client deletes and forges the room’s documents: nothing changes for anyone, a late joiner gets the truth, the next heartbeat repairs them', async () => {
  const host = await person('主播')
  const viewer = await person('观众')
  const roomId = await drive(host.store.room.create())
  await drive(viewer.store.room.join(roomId))
  const chatroom = `room-${roomId}`
  const rogueLogin = await login(h, 'openid-rogue-000000000000000001', '改装')
  const rogue = new FakeImLib(bridge)
  expect((await rogue.connect(rogueLogin.token)).code).toBe(0)
  expect((await rogue.joinChatRoom(chatroom, { count: -1 })).code).toBe(0)
  const real = kv(chatroom, 'sig-host') ?? ''
  expect((await rogue.forceRemoveChatRoomEntry(chatroom, { key: 'sig-host' })).code).toBe(0)
  expect((await rogue.forceSetChatRoomEntry(chatroom, { key: 'sig-mutes', value: `${real.split('.')[0]}.${'A'.repeat(86)}` })).code).toBe(0)
  expect((await rogue.forceSetChatRoomEntry(chatroom, { key: 'host', value: JSON.stringify({ v: 1, host: { id: rogueLogin.userId, name: '改装' }, since: 1 }) })).code).toBe(0)
  await settle()
  for (const p of [host, viewer]) expect(p.store.room).toMatchObject({ status: 'live', host: { id: host.profile.id }, muted: [] })

  // a late joiner finds no claim in KV and asks the server, which still knows (the listing's copy)
  const carol = await person('小卡')
  await drive(carol.store.room.join(roomId))
  expect(carol.store.room).toMatchObject({ status: 'live', host: { id: host.profile.id } })

  await time.advance(30_000)
  await until(() => kv(chatroom, 'sig-host') !== undefined, 'the repaired claim')
  expect(peekPayload(kv(chatroom, 'sig-host'))).toMatchObject({ kind: 'host', host: { id: host.profile.id } })
  expect(peekPayload(kv(chatroom, 'sig-mutes'))).toMatchObject({ kind: 'mutes', muted: [] })
})

test('co-guests: the accept goes through the server, every phone takes the signed list; deleted by a modified client, the host’s heartbeat brings it back for a late joiner', async () => {
  const host = await person('主播')
  const guest = await person('嘉宾')
  const roomId = await drive(host.store.room.create())
  await drive(guest.store.room.join(roomId))
  await drive(guest.store.room.requestMic())
  await until(() => host.store.room.micRequests.length === 1, 'the request')
  await drive(host.store.room.acceptGuest(guest.profile.id))
  const chatroom = `room-${roomId}`
  expect(peekPayload(kv(chatroom, 'sig-guests'))).toMatchObject({ kind: 'guests', guests: [{ id: guest.profile.id, name: '嘉宾' }] })
  await until(() => guest.store.room.role === 'guest' && guest.store.room.media.pushUrl !== '', 'the guest on camera')
  expect(kv(chatroom, 'guests')).toBeUndefined()

  const rogueLogin = await login(h, 'openid-rogue-000000000000000002', '改装')
  const rogue = new FakeImLib(bridge)
  expect((await rogue.connect(rogueLogin.token)).code).toBe(0)
  expect((await rogue.joinChatRoom(chatroom, { count: -1 })).code).toBe(0)
  const list = kv(chatroom, 'sig-guests') ?? ''
  expect((await rogue.forceRemoveChatRoomEntry(chatroom, { key: 'sig-guests' })).code).toBe(0)
  await settle()
  for (const p of [host, guest]) expect(p.store.room.guests.map((g) => g.id)).toEqual([guest.profile.id])
  expect(guest.store.room.role).toBe('guest')

  // the heartbeat presents the list the host holds; the server writes it back as it was
  await time.advance(30_000)
  await until(() => kv(chatroom, 'sig-guests') !== undefined, 'the repaired guest list')
  expect(kv(chatroom, 'sig-guests')).toBe(list)
  const late = await person('后来的')
  await drive(late.store.room.join(roomId))
  expect(late.store.room.guests.map((g) => g.id)).toEqual([guest.profile.id])
  await until(() => late.store.room.media.players.some((p) => p.userId === guest.profile.id), 'the guest’s stream played')
})
