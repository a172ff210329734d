/**
 * Co-guests against a modified client (no backend): what only the host may say counts only from the
 * recorded host, a request only for the sender's own profile, a guest's signals only from a guest,
 * and a stream published by someone who is not on the guest list is never played.
 */
import { createDemoNetwork, streamIdOf } from '../../miniprogram/services/demo'
import { encodeGuestList, encodeSignal, ROOM_KEYS } from '../../miniprogram/core/wire'
import type { RootStore } from '../../miniprogram/stores'
import { expectRejects, liveRoom, person, settle, snapshot, type DemoNetwork, type Person } from './people'

let network: DemoNetwork
let host: Person
let alice: Person
let bob: Person
let roomId: string

beforeEach(async () => {
  network = createDemoNetwork({ latencyMs: 0 })
  ;({ host, alice, bob, roomId } = await liveRoom(network))
})
afterEach(() => network.close())

const coGuestState = (store: RootStore) => ({
  role: store.room.role,
  guests: store.room.guests,
  micRequests: store.room.micRequests,
  myMicRequest: store.room.myMicRequest,
  players: store.room.media.players.map((p) => p.userId),
  pushUrl: store.room.media.pushUrl,
})

/** a raw signal from bob, as a modified app would send it past the store's checks */
function bobSays(payload: object): void {
  network.inject(roomId, bob.profile.id, encodeSignal(payload as never))
}

test('a guest list signalled by someone who is not the host changes nothing anywhere', async () => {
  const before = [host, alice, bob].map((p) => coGuestState(p.store))
  bobSays({ type: 'guests', guests: [bob.profile] })
  network.inject(roomId, alice.profile.id, encodeSignal({ type: 'guests', guests: [alice.profile] }))
  await settle(network)
  expect([host, alice, bob].map((p) => coGuestState(p.store))).toEqual(before)
})

test('the guest list attribute is the host’s: nobody else may write it, and nothing changes', async () => {
  await alice.store.room.requestMic()
  await settle(network)
  const stores = [host, alice, bob].map((p) => p.store)
  const before = stores.map(snapshot)
  // bob's signalling service used straight, past his store
  await expectRejects(bob.store.rts.setRoomEntry(ROOM_KEYS.guests, encodeGuestList([bob.profile])), 'NOT_ALLOWED')
  await settle(network)
  expect(stores.map(snapshot)).toEqual(before)
  expect(host.store.room.guests).toEqual([])
})

test('an accept or a rejection from anyone but the host is ignored', async () => {
  await alice.store.room.requestMic()
  await settle(network)
  bobSays({ type: 'mic-rejected', userId: alice.profile.id })
  bobSays({ type: 'guests', guests: [alice.profile] })
  await settle(network)
  expect(alice.store.room.myMicRequest).toBe('pending')
  expect(alice.store.room.role).toBe('audience')
  expect(alice.store.room.media.pushUrl).toBe('')
  expect(host.store.room.micRequests).toEqual([alice.profile])
})

test('a request counts only for the sender’s own profile, and never from the host', async () => {
  bobSays({ type: 'mic-request', profile: alice.profile })
  network.inject(roomId, host.profile.id, encodeSignal({ type: 'mic-request', profile: host.profile }))
  await settle(network)
  expect(host.store.room.micRequests).toEqual([])
  bobSays({ type: 'mic-request', profile: bob.profile })
  await settle(network)
  expect(host.store.room.micRequests).toEqual([bob.profile])
  // someone else's cancellation is not bob's
  network.inject(roomId, alice.profile.id, encodeSignal({ type: 'mic-cancel' }))
  await settle(network)
  expect(host.store.room.micRequests).toEqual([bob.profile])
})

test('a guest’s own signals count only from a guest', async () => {
  await alice.store.room.requestMic()
  await settle(network)
  await host.store.room.acceptGuest(alice.profile.id)
  await settle(network)
  // bob is no guest: his "stepping down" cannot take alice off, his pause marks nobody
  bobSays({ type: 'mic-leave' })
  bobSays({ type: 'guest-paused', paused: true, reason: 'call' })
  await settle(network)
  expect(host.store.room.guests).toEqual([alice.profile])
  expect(host.store.room.media.pausedGuests).toEqual({})
})

test('accepting someone who did not ask is NOT_ALLOWED, and nothing goes on the list', async () => {
  await expectRejects(host.store.room.acceptGuest(bob.profile.id), 'NOT_ALLOWED')
  await expectRejects(host.store.room.acceptGuest('nobody'), 'NOT_ALLOWED')
  await settle(network)
  for (const p of [host, alice, bob]) expect(p.store.room.guests).toEqual([])
})

describe('a stream from someone who is not a guest is never played', () => {
  test('bob publishes without being accepted (his RTC service used straight): nobody plays it, late joiners included', async () => {
    await bob.store.rtc.publish()
    await settle(network)
    for (const p of [host, alice]) expect(p.store.room.media.players.map((x) => x.userId)).not.toContain(bob.profile.id)
    const late = await person(network, '后来的')
    await late.store.room.join(roomId)
    await settle(network)
    expect(late.store.room.media.players.map((x) => x.userId)).toEqual([host.profile.id])
    expect(late.store.room.media.players.map((x) => x.id)).not.toContain(streamIdOf(bob.profile.id))
  })

  test('once on the list the stream already published is played; taken off, it stops', async () => {
    await bob.store.rtc.publish()
    await settle(network)
    await bob.store.room.requestMic()
    await settle(network)
    await host.store.room.acceptGuest(bob.profile.id)
    await settle(network)
    expect(alice.store.room.media.players.map((x) => x.userId).sort()).toEqual([bob.profile.id, host.profile.id].sort())
    await host.store.room.removeGuest(bob.profile.id)
    await settle(network)
    expect(alice.store.room.media.players.map((x) => x.userId)).toEqual([host.profile.id])
  })
})
