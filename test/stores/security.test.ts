/**
 * With our server configured (the demo network's backend, its documents verified with the demo
 * key: `createStore(network.connect(profile))`, as the app runs in demo mode), what a modified
 * client can do to chatroom KV and signals changes nothing for anyone (docs/ARCHITECTURE.md
 * "Trust"). The modified client uses the raw services and DemoNetwork.forceEntry, which
 * lets any member force-write or force-delete any entry, as RongCloud's SDK does. Each attack goes
 * at what a store could trust: the unsigned entries (`host`, `muted`) and the signed ones
 * (`sig-host`, `sig-mutes`, the lobby's `sig-room-<id>`).
 */
import { AppError } from '../../miniprogram/core/errors'
import { peekPayload } from '../../miniprogram/core/signed-docs'
import type { Profile } from '../../miniprogram/core/types'
import { encodeHostClaim, encodeMuteList } from '../../miniprogram/core/wire'
import { createDemoNetwork, type DemoNetwork, type DemoServices } from '../../miniprogram/services/demo'
import { hostClaim, listingOf, muteList, signed } from '../../miniprogram/services/demo/backend-docs'
import { hubOf } from '../../miniprogram/services/demo/network'
import { createStore, type RootStore } from '../../miniprogram/stores'

const L = 100
const T0 = Date.UTC(2025, 0, 1, 12)

let net: DemoNetwork
beforeEach(() => {
  jest.useFakeTimers({ now: T0 })
  net = createDemoNetwork({ latencyMs: L })
})
afterEach(() => {
  net.close()
  jest.useRealTimers()
})

interface Person {
  profile: Profile
  store: RootStore
}

interface Rogue {
  profile: Profile
  services: DemoServices
  /** force-writes (or force-deletes: null) an entry of chatroom `chatroomId`, whoever wrote it */
  force(chatroomId: string, key: string, value: string | null): Promise<void>
}

const run = async <T>(promise: Promise<T>, ms = 10 * L): Promise<T> => {
  const settled = promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  )
  await jest.advanceTimersByTimeAsync(ms)
  const outcome = await Promise.race([settled, Promise.resolve(null)])
  if (!outcome) throw new Error(`still pending after ${ms} ms`)
  if (!outcome.ok) throw outcome.error
  return outcome.value
}

const settle = (ms = 5 * L) => jest.advanceTimersByTimeAsync(ms)

async function person(id: string, name: string): Promise<Person> {
  const profile = { id, name }
  const store = createStore({ ...net.connect(profile) })
  await run(store.session.signIn(profile))
  return { profile, store }
}

async function rogue(id: string): Promise<Rogue> {
  const profile = { id, name: '改装客户端' }
  const services = net.connect(profile)
  await run(services.rts.connect(profile))
  return {
    profile,
    services,
    async force(chatroomId, key, value) {
      // deleting what is not there is refused (23427): nothing to undo then
      await run(net.forceEntry(id, chatroomId, key, value)).catch((e: unknown) => {
        if (!(e instanceof AppError && e.code === 'NOT_ALLOWED' && value === null)) throw e
      })
    },
  }
}

/** A live room: the host, alice in the audience, and a modified client in its chatroom. */
async function liveRoom() {
  const host = await person('host', '主播')
  const alice = await person('alice', '小爱')
  const roomId = await run(host.store.room.create())
  await run(alice.store.room.join(roomId))
  const bad = await rogue('rogue')
  await run(bad.services.rts.joinRoom(roomId))
  await settle()
  return { host, alice, bad, roomId, chatroom: `room-${roomId}` }
}

const texts = (p: Person) => p.store.room.messages.map((m) => m.text)

/** The room's start as its signed claim says (the server's truth), for documents made to look like its own. */
function startOf(roomId: string): number {
  const claim = hubOf.get(net)!.chatrooms.get(`room-${roomId}`)?.entries.get('sig-host')?.value
  const since = peekPayload(claim)?.since
  return typeof since === 'number' ? since : Date.now()
}

test('force-writing the host entry makes nobody else the host: not for those in the room, not for late joiners; the rogue’s host-only signals count for nobody', async () => {
  const { host, alice, bad, roomId, chatroom } = await liveRoom()
  const forgedClaim = signed(hostClaim(roomId, bad.profile, Date.now(), Date.now() + 600_000))
  const badSignature = `${forgedClaim.token.split('.')[0]}.${'A'.repeat(86)}`
  await bad.force(chatroom, 'host', encodeHostClaim({ host: bad.profile, since: Date.now() }))
  await bad.force(chatroom, 'sig-host', badSignature)
  await settle()

  const carol = await person('carol', '小卡')
  await run(carol.store.room.join(roomId))
  for (const p of [host, alice, carol]) expect(p.store.room.host).toEqual(host.profile)

  await run(bad.services.rts.sendRoomSignal({ type: 'mute', userId: 'alice' }))
  await run(bad.services.rts.sendRoomSignal({ type: 'host-paused', paused: true }))
  await run(bad.services.rts.sendRoomSignal({ type: 'room-ended' }))
  await settle()
  for (const p of [host, alice, carol]) {
    expect(p.store.room.status).toBe('live')
    expect(p.store.room.muted).toEqual([])
    expect(p.store.room.media.hostPaused).toBeNull()
  }
  expect(carol.store.room.media.players.map((x) => x.userId)).toEqual(['host'])
})

test('force-deleting the host entry ends nothing: the room goes on, and a late joiner still gets in with the right host', async () => {
  const { host, alice, bad, roomId, chatroom } = await liveRoom()
  await bad.force(chatroom, 'host', null)
  await bad.force(chatroom, 'sig-host', null)
  await settle()
  for (const p of [host, alice]) expect(p.store.room).toMatchObject({ status: 'live', host: host.profile })

  const carol = await person('carol', '小卡')
  await run(carol.store.room.join(roomId))
  expect(carol.store.room).toMatchObject({ status: 'live', role: 'audience', host: host.profile })
  await run(carol.store.room.send('还在吗'))
  await settle()
  expect(texts(host)).toContain('还在吗')
})

test('force-writing the mute list mutes and unmutes nobody; the host’s own mutes hold on every phone', async () => {
  const { host, alice, bad, roomId, chatroom } = await liveRoom()
  const bob = await person('bob', '小波')
  await run(bob.store.room.join(roomId))
  await run(host.store.room.mute('bob'))
  await settle()
  const claimSince = startOf(roomId)

  // a list naming alice and not bob, in every shape a store could take it
  await bad.force(chatroom, 'muted', encodeMuteList(['alice']))
  const forged = signed(muteList(roomId, claimSince, ['alice'], Date.now() + 1000)).token
  await bad.force(chatroom, 'sig-mutes', `${forged.split('.')[0]}.${'B'.repeat(86)}`) // bad signature
  await bad.force(chatroom, 'sig-mutes', signed(muteList(roomId, claimSince - 1, ['alice'], Date.now() + 2000)).token) // an earlier room's
  await bad.force(chatroom, 'sig-mutes', signed(muteList('654321', claimSince, ['alice'], Date.now() + 3000)).token) // another room's
  await bad.force(chatroom, 'sig-mutes', signed(hostClaim(roomId, host.profile, claimSince, Date.now() + 90_000)).token) // another kind
  await bad.force(chatroom, 'sig-mutes', signed(muteList(roomId, claimSince, ['alice'], 1)).token) // older than the one held
  await bad.force(chatroom, 'sig-mutes', null)
  await settle()

  for (const p of [host, alice, bob]) expect(p.store.room.muted).toEqual(['bob'])
  expect(alice.store.room.canSend).toBe(true)
  expect(bob.store.room.canSend).toBe(false)
  await run(alice.store.room.send('我没有被禁言'))
  await settle()
  for (const p of [host, bob]) expect(texts(p)).toContain('我没有被禁言')
})

test('a muted modified client’s messages are refused by the chat service and shown to nobody', async () => {
  const { host, alice, roomId } = await liveRoom()
  const bob = net.connect({ id: 'bob', name: '小波' })
  await run(bob.rts.connect({ id: 'bob', name: '小波' }))
  await run(bob.rts.joinRoom(roomId))
  await settle()
  await run(host.store.room.mute('bob'))
  await settle()
  // a modified client skips the store's own check and sends anyway
  await expect(run(bob.rts.sendRoomMessage('我偏要说'))).rejects.toMatchObject({ code: 'MUTED' })
  await settle()
  for (const p of [host, alice]) expect(texts(p)).not.toContain('我偏要说')
})

test('a forged listing, or a room whose unsigned claim names someone else, never reaches the lobby', async () => {
  const viewer = await person('viewer', '观众')
  const host = await person('host', '主播')
  const roomId = await run(host.store.room.create({ title: '真的' }))
  await settle(3 * L)

  // one modified client opens a room of its own whose claim names the host: an impersonation
  const impostor = await rogue('impostor')
  await run(impostor.services.rts.createRoom('765432', { key: 'host', value: encodeHostClaim({ host: host.profile, since: Date.now(), title: '假的' }) }))
  // another, in the lobby, writes listings: one with a bad signature, one of another kind
  const forger = await rogue('forger')
  await run(forger.services.rts.enterLobby())
  const fake = signed(listingOf(hostClaim('654321', host.profile, Date.now(), Date.now() + 90_000, '假的'))).token
  await forger.force('lobby', 'sig-room-654321', `${fake.split('.')[0]}.${'C'.repeat(86)}`)
  await forger.force('lobby', 'sig-room-543210', signed(hostClaim('543210', host.profile, Date.now(), Date.now() + 90_000, '假的')).token)
  // and one that is a real listing of the live room, copied under another number
  const real = hubOf.get(net)!.chatrooms.get('lobby')?.entries.get(`sig-room-${roomId}`)?.value
  if (real) await forger.force('lobby', 'sig-room-432109', real)
  await settle(3 * L)

  expect(viewer.store.lobby.rooms).toEqual([expect.objectContaining({ roomId, host: host.profile, title: '真的' })])
})

test('documents that do not count are ignored and the last valid claim kept: the room ends when that claim expires, at most 90 s after the host vanished', async () => {
  const { host, alice, bad, roomId, chatroom } = await liveRoom()
  const hub = hubOf.get(net)!
  const since = startOf(roomId)
  // the host's phone vanishes: no more heartbeats; its claim runs until the expiry it has now
  net.drop('host')
  const exp = (peekPayload(hub.chatrooms.get(chatroom)?.entries.get('sig-host')?.value)?.exp as number | undefined) ?? Date.now() + 90_000

  // the rogue's own room: a valid claim and listing, for another room and of another kind
  const own = await run(bad.services.backend.createRoom({ roomId: '888888' }))
  await run(bad.services.rts.joinRoom(roomId))
  const ownListing = hub.chatrooms.get('lobby')?.entries.get('sig-room-888888')?.value ?? ''
  const later = Date.now() + 600_000
  const attempts = [
    `${signed(hostClaim(roomId, bad.profile, since, later)).token.split('.')[0]}.${'D'.repeat(86)}`, // bad signature
    own.hostClaim, // another room's claim
    ownListing, // another kind
    signed(listingOf(hostClaim(roomId, bad.profile, since, later))).token, // another kind, this room
    signed(hostClaim(roomId, bad.profile, since, Date.now() - 1)).token, // expired
    signed(hostClaim(roomId, bad.profile, since + 1, later)).token, // another start of this number
  ]
  for (const token of attempts) {
    await bad.force(chatroom, 'sig-host', token)
    await bad.force(chatroom, 'host', encodeHostClaim({ host: bad.profile, since: Date.now() }))
    await settle()
    expect(alice.store.room).toMatchObject({ status: 'live', host: host.profile })
  }
  await run(bad.services.rts.sendRoomSignal({ type: 'room-ended' }))
  expect(alice.store.room.status).toBe('live')

  // the claim the host last renewed runs 90 s from its last heartbeat; nothing above extended it
  await jest.advanceTimersByTimeAsync(exp - 5000 - Date.now())
  expect(alice.store.room.status).toBe('live')
  await jest.advanceTimersByTimeAsync(10_000)
  expect(alice.store.room).toMatchObject({ status: 'ended', endReason: '主播已离开，直播结束' })
})
