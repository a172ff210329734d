/**
 * Co-guests with a backend (the demo network's stand-in for our server, signing with the demo key):
 * the guest list on every phone is only the server-signed `guests` document in the room's KV
 * (`sig-guests`), verified against the room's signed host claim and never older than the one held;
 * the host's accept / remove and a guest's stepping down go through BackendService.
 *
 * The store creates the room through the backend (POST /v1/rooms), so the guest list is checked
 * against the host claim the room holds (stores/room/authority.ts RoomAuthority.hostClaim).
 */
import { createDocumentVerifier } from '../../miniprogram/core/signed-docs'
import type { Profile } from '../../miniprogram/core/types'
import { encodeGuestList, ROOM_KEYS } from '../../miniprogram/core/wire'
import { createDemoNetwork, DEMO_PUBLIC_KEY, DEMO_ROOM_KEYS } from '../../miniprogram/services/demo'
import { guestList, signed } from '../../miniprogram/services/demo/backend-docs'
import { createStore, type RootStore } from '../../miniprogram/stores'
import type { BackendService } from '../../miniprogram/services/types'
import { expectRejects, profileOf, settle, type DemoNetwork } from './people'
import { ed25519 } from '../../miniprogram/services/demo/ed25519'

const ROOM = '234567'
/** what core/room-number.ts generateRoomNumber turns into ROOM */
const DRAWS_ROOM = () => (234567 - 100000 + 0.5) / 900000

interface Phone {
  profile: Profile
  store: RootStore
  backend: BackendService
}

let network: DemoNetwork
const phones: Phone[] = []
let host: Phone
let alice: Phone
let bob: Phone

async function phone(name: string): Promise<Phone> {
  const profile = profileOf(name)
  const services = network.connect(profile)
  const documents = createDocumentVerifier({ publicKey: DEMO_PUBLIC_KEY, now: () => services.backend.now(), ed25519 })
  const store = createStore({ ...services, documents, random: DRAWS_ROOM })
  await store.session.signIn(profile)
  await settle(network)
  const made = { profile, store, backend: services.backend }
  phones.push(made)
  return made
}

beforeEach(async () => {
  network = createDemoNetwork({ latencyMs: 0 })
  host = await phone('主播')
  alice = await phone('小爱')
  bob = await phone('小波')
  expect(await host.store.room.create()).toBe(ROOM)
  expect(host.store.room.trust).toBe('signed')
  await alice.store.room.join(ROOM)
  await bob.store.room.join(ROOM)
  await settle(network)
})
afterEach(() => {
  // with our server each store keeps timers (the host's heartbeat, the claim's expiry, the lobby's listings)
  for (const p of phones.splice(0)) p.store.dispose()
  network.close()
})

const ids = (p: Phone) => p.store.room.guests.map((g) => g.id)
const playing = (p: Phone) => p.store.room.media.players.filter((x) => x.url).map((x) => x.userId).sort()

async function accepted(guest: Phone): Promise<void> {
  await guest.store.room.requestMic()
  await settle(network)
  await host.store.room.acceptGuest(guest.profile.id)
  await settle(network)
}

/** The server's current signed list for the room. */
async function serverList(): Promise<string> {
  return (await host.backend.getRoom(ROOM)).guestList ?? ''
}

/** A KV write of `sig-guests` as any RongCloud client can force it, delivered to each phone. */
function forcedEntry(value: string | null): void {
  for (const p of [host, alice, bob]) p.store.room.onRoomEvent({ type: 'entry', key: DEMO_ROOM_KEYS.guestList, value })
}

test('accept goes through the backend: every phone takes the signed list, the guest pushes, the third plays both', async () => {
  await accepted(alice)
  const token = await serverList()
  expect(token).not.toBe('')
  for (const p of [host, alice, bob]) expect(p.store.room.guests).toEqual([alice.profile])
  expect(alice.store.room.role).toBe('guest')
  expect(alice.store.room.media.pushUrl).toMatch(/^rtmp:/)
  expect(playing(bob)).toEqual([alice.profile.id, host.profile.id].sort())
})

test('remove, step down and leaving all go through the backend', async () => {
  await accepted(alice)
  await host.store.room.removeGuest(alice.profile.id)
  await settle(network)
  for (const p of [host, alice, bob]) expect(ids(p)).toEqual([])
  expect(alice.store.room.role).toBe('audience')

  await accepted(bob)
  await bob.store.room.leaveMic()
  await settle(network)
  for (const p of [host, alice, bob]) expect(ids(p)).toEqual([])
  expect(bob.store.room.media.pushUrl).toBe('')

  await accepted(alice)
  await alice.store.room.leave()
  await settle(network)
  for (const p of [host, bob]) expect(ids(p)).toEqual([])
  expect(await serverList()).toBeTruthy()
})

test('the host’s own unsigned list (attribute and signal) does not count with a backend', async () => {
  await host.store.rts.setRoomEntry(ROOM_KEYS.guests, encodeGuestList([bob.profile]))
  await host.store.rts.sendRoomSignal({ type: 'guests', guests: [bob.profile] })
  await settle(network)
  for (const p of [host, alice, bob]) expect(ids(p)).toEqual([])
  expect(bob.store.room.role).toBe('audience')
})

test('a sig-guests with a bad signature, written before the server wrote one, is ignored', async () => {
  await bob.store.room.requestMic()
  const body = Buffer.from(JSON.stringify({ v: 1, kind: 'guests', roomId: ROOM, since: 1, guests: [bob.profile], at: Date.now() })).toString('base64url')
  await bob.store.rts.setRoomEntry(DEMO_ROOM_KEYS.guestList, `${body}.${'A'.repeat(86)}`)
  await settle(network)
  for (const p of [host, alice, bob]) expect(ids(p)).toEqual([])
  expect(bob.store.room.role).toBe('audience')
  expect(bob.store.room.media.pushUrl).toBe('')
})

test('a genuinely signed list of another room, or of an earlier room with this number, is ignored', async () => {
  const { since } = JSON.parse(Buffer.from((await host.backend.getRoom(ROOM)).hostClaim?.split('.')[0] ?? '', 'base64url').toString()) as { since: number }
  await bob.store.room.requestMic()
  await settle(network)
  forcedEntry(signed(guestList('345678', since, [bob.profile], Date.now())).token)
  forcedEntry(signed(guestList(ROOM, since - 1000, [bob.profile], Date.now())).token)
  await settle(network)
  for (const p of [host, alice, bob]) expect(ids(p)).toEqual([])
  expect(bob.store.room.role).toBe('audience')
})

test('an older signed list (a replay) never replaces a newer one; a deleted entry keeps the last valid list', async () => {
  await accepted(alice)
  const withAlice = await serverList()
  await host.store.room.removeGuest(alice.profile.id)
  await settle(network)
  forcedEntry(withAlice)
  await settle(network)
  for (const p of [host, alice, bob]) expect(ids(p)).toEqual([])
  expect(alice.store.room.role).toBe('audience')
  expect(alice.store.room.media.pushUrl).toBe('')

  await accepted(bob)
  forcedEntry(null)
  await settle(network)
  for (const p of [host, alice, bob]) expect(ids(p)).toEqual([bob.profile.id])
  expect(playing(alice)).toEqual([bob.profile.id, host.profile.id].sort())
})

test('a late joiner takes the signed list from the room’s KV', async () => {
  await accepted(alice)
  const late = await phone('后来的')
  await late.store.room.join(ROOM)
  await settle(network)
  expect(late.store.room.guests).toEqual([alice.profile])
  expect(playing(late)).toEqual([alice.profile.id, host.profile.id].sort())
})

test('the fourth accept is ROOM_FULL and the request stays', async () => {
  const more = [await phone('小三'), await phone('小四')]
  for (const p of more) await p.store.room.join(ROOM)
  await settle(network)
  for (const p of [alice, bob, more[0]]) await accepted(p)
  await more[1].store.room.requestMic()
  await settle(network)
  await expectRejects(host.store.room.acceptGuest(more[1].profile.id), 'ROOM_FULL')
  expect(host.store.room.micRequests).toEqual([more[1].profile])
  expect(ids(host)).toHaveLength(3)
})
