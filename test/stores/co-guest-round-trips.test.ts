/**
 * Accept → the audience plays the guest, in round trips (100 ms per call, fake timers), as
 * bench/co-guest-round-trips.bench.ts measures with real timers.
 *
 * Without a backend it takes three: the host's `guests` signal goes out with the attribute write
 * (not after it), so the guest hears of it when the signal lands (½ + ½); the guest publishes
 * (one), and the stream reaches the others as the publish settles; they subscribe (one) — half a
 * round trip is the host's own way to the server, included in the first.
 * With a backend it takes four: the accept is the server's call (one), the signed list reaches
 * the phones with their next KV pull (one more), then the publish and the subscribe.
 *
 * Without a backend means the store is given none ({ rts, rtc }: dev tokens): with one it trusts
 * only our server's documents, verified or, without a verifier, asked for.
 */
import { createDemoNetwork } from '../../miniprogram/services/demo'
import { createStore, type RootStore } from '../../miniprogram/stores'
import { profileOf } from './people'

const LATENCY = 100

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

type Net = ReturnType<typeof createDemoNetwork>

async function signedIn(network: Net, name: string, signed: boolean) {
  const profile = profileOf(name)
  // { rts, rtc, backend, documents }: the demo's server and the verifier of its documents
  const services = network.connect(profile)
  const store = createStore(signed ? services : { rts: services.rts, rtc: services.rtc })
  expect(store.room.trust).toBe(signed ? 'signed' : 'unsigned')
  const signIn = store.session.signIn(profile)
  await jest.advanceTimersByTimeAsync(10 * LATENCY)
  await signIn
  return { profile, store }
}

async function done<T>(promise: Promise<T>): Promise<T> {
  await jest.advanceTimersByTimeAsync(10 * LATENCY)
  return promise
}

/** Time until `check` is true, stepping the fake clock 1 ms at a time. */
async function timeUntil(check: () => boolean): Promise<number> {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > 20 * LATENCY) throw new Error('never happened')
    await jest.advanceTimersByTimeAsync(1)
  }
  return Date.now() - start
}

async function acceptToPlaying(signed: boolean): Promise<number> {
  const network = createDemoNetwork({ latencyMs: LATENCY })
  const host = await signedIn(network, '主播', signed)
  const guest = await signedIn(network, '嘉宾', signed)
  const viewer = await signedIn(network, '观众', signed)
  const roomId = await done(host.store.room.create())
  await done(guest.store.room.join(roomId))
  await done(viewer.store.room.join(roomId))
  await done(guest.store.room.requestMic())
  await jest.advanceTimersByTimeAsync(10 * LATENCY)
  expect(host.store.room.micRequests).toHaveLength(1)

  const plays = (store: RootStore) => store.room.media.players.some((p) => p.userId === guest.profile.id && p.url !== '')
  const accepting = host.store.room.acceptGuest(guest.profile.id)
  const ms = await timeUntil(() => plays(viewer.store))
  await accepting
  network.close()
  return ms
}

test('accept → the audience plays the guest: three round trips without a backend', async () => {
  expect(Math.round((await acceptToPlaying(false)) / LATENCY)).toBe(3)
})

test('accept → the audience plays the guest: four round trips with the backend (the signed list)', async () => {
  expect(Math.round((await acceptToPlaying(true)) / LATENCY)).toBe(4)
})
