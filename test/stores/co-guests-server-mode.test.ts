/**
 * Co-guests with our server on a phone that cannot verify signatures (no BigInt: mode 'server';
 * here the store is given the backend and no verifier): a guest list in the room's KV counts for
 * nothing, even one that carries a valid signature; a change of `sig-guests` makes the room ask the
 * server (stores/room/authority.ts), and only its answer sets the list (guests-source.ts).
 */
import { peekPayload } from '../../miniprogram/core/signed-docs'
import type { Profile } from '../../miniprogram/core/types'
import { createDemoNetwork, type DemoNetwork } from '../../miniprogram/services/demo'
import { hubOf } from '../../miniprogram/services/demo/network'
import { guestList, signed } from '../../miniprogram/services/demo/backend-docs'
import { createStore, type RootStore } from '../../miniprogram/stores'
import { SERVER_ASK_GAP_MS } from '../../miniprogram/stores/room/authority'

const L = 100
let net: DemoNetwork
let stores: RootStore[]
beforeEach(() => {
  jest.useFakeTimers({ now: Date.UTC(2025, 0, 1, 12) })
  net = createDemoNetwork({ latencyMs: L })
  stores = []
})
afterEach(() => {
  for (const store of stores) store.dispose()
  net.close()
  jest.useRealTimers()
})

async function run<T>(promise: Promise<T>, ms = 10 * L): Promise<T> {
  const settled = promise.then((value) => ({ value }), (error: unknown) => ({ error }))
  await jest.advanceTimersByTimeAsync(ms)
  const outcome = await Promise.race([settled, Promise.resolve(null)])
  if (!outcome) throw new Error(`still pending after ${ms} ms`)
  if ('error' in outcome) throw outcome.error
  return outcome.value
}

async function person(id: string, name: string): Promise<{ profile: Profile; store: RootStore }> {
  const profile = { id, name }
  const { rts, rtc, backend } = net.connect(profile)
  const store = createStore({ rts, rtc, backend })
  stores.push(store)
  await run(store.session.signIn(profile))
  return { profile, store }
}

const kv = (chatroom: string, key: string) => hubOf.get(net)!.chatrooms.get(chatroom)?.entries.get(key)?.value
const ids = (store: RootStore) => store.room.guests.map((g) => g.id)
const playing = (store: RootStore) => store.room.media.players.filter((p) => p.url).map((p) => p.userId).sort()

test('the list comes from the server’s answers only: accept, a forged list in KV, remove', async () => {
  const host = await person('host', '主播')
  const alice = await person('alice', '小爱')
  const bob = await person('bob', '小波')
  const roomId = await run(host.store.room.create())
  expect(host.store.room.trust).toBe('server')
  await run(alice.store.room.join(roomId))
  await run(bob.store.room.join(roomId))

  await run(alice.store.room.requestMic())
  await run(host.store.room.acceptGuest('alice'))
  await jest.advanceTimersByTimeAsync(SERVER_ASK_GAP_MS + 10 * L)
  for (const p of [host, alice, bob]) expect(ids(p.store)).toEqual(['alice'])
  expect(alice.store.room.role).toBe('guest')
  expect(alice.store.room.media.pushUrl).toMatch(/^rtmp:/)
  expect(playing(bob.store)).toEqual(['alice', 'host'])

  // a list naming bob, newer and with a valid signature, forced into KV by a modified client: this
  // phone cannot tell it from the server's, so it asks the server, which still says alice
  const since = peekPayload(kv(`room-${roomId}`, 'sig-host'))?.since as number
  const forged = signed(guestList(roomId, since, [bob.profile], Date.now() + 60_000)).token
  await run(net.forceEntry('bob', `room-${roomId}`, 'sig-guests', forged))
  await jest.advanceTimersByTimeAsync(SERVER_ASK_GAP_MS + 10 * L)
  for (const p of [host, alice, bob]) expect(ids(p.store)).toEqual(['alice'])
  expect(bob.store.room.role).toBe('audience')
  expect(bob.store.room.media.pushUrl).toBe('')

  await run(host.store.room.removeGuest('alice'))
  await jest.advanceTimersByTimeAsync(SERVER_ASK_GAP_MS + 10 * L)
  for (const p of [host, alice, bob]) expect(ids(p.store)).toEqual([])
  expect(alice.store.room.role).toBe('audience')
  expect(playing(bob.store)).toEqual(['host'])
})

test('a late joiner takes the list from the server’s answer on the way in', async () => {
  const host = await person('host', '主播')
  const alice = await person('alice', '小爱')
  const roomId = await run(host.store.room.create())
  await run(alice.store.room.join(roomId))
  await run(alice.store.room.requestMic())
  await run(host.store.room.acceptGuest('alice'))
  const late = await person('late', '后来的')
  await run(late.store.room.join(roomId))
  expect(ids(late.store)).toEqual(['alice'])
  expect(playing(late.store)).toEqual(['alice', 'host'])
})
