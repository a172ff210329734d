/**
 * Co-guests: accept → the audience plays the guest, on the demo network at 100 ms per call with
 * real timers, without a backend (the host's guest list) and with one (the server-signed list).
 * Elapsed time / latency = round trips on the critical path (test/stores/co-guest-round-trips.test.ts
 * checks the same counts with fake timers: 3 and 4). Writes `co-guest-round-trips.json` like every
 * bench (lib/result.ts); scripts/bench/rows.js judges it (≤ 3 round trips without a backend, ≤ 4
 * with one). Without a backend means the store is given none ({ rts, rtc }, as with dev tokens):
 * given one, it trusts only our server.
 */
import { when } from 'mobx-miniprogram'

// the signed variant verifies documents: the ESM-only @noble packages as the app ships them, the
// CommonJS build in the demo subpackage's miniprogram_npm (jest.config.js maps them the same way for npm test)
jest.mock('@noble/ed25519', () => jest.requireActual('../miniprogram/services/demo/miniprogram_npm/@noble/ed25519/index.js'))
jest.mock('@noble/hashes/sha2.js', () => jest.requireActual('../miniprogram/services/demo/miniprogram_npm/@noble/hashes/sha2.js'))
import { createStore, type RootStore } from '../miniprogram/stores'
import { QUICK, measure, median } from './lib/result'
import { network, profileOf, settle, type DemoNetwork } from './lib/people'

const LATENCY = 100
const REPS = QUICK ? 1 : 5
async function phone(net: DemoNetwork, name: string, signed: boolean) {
  const profile = profileOf(name)
  // { rts, rtc, backend, documents }: the demo's server and the verifier of its documents
  const services = net.connect(profile)
  const store = createStore(signed ? services : { rts: services.rts, rtc: services.rtc })
  if (store.room.trust !== (signed ? 'signed' : 'unsigned')) throw new Error(`the store runs ${store.room.trust}`)
  await store.session.signIn(profile)
  return { profile, store }
}

async function once(signed: boolean): Promise<number> {
  const net = network({ latencyMs: LATENCY })
  try {
    const host = await phone(net, '主播', signed)
    const guest = await phone(net, '嘉宾', signed)
    const viewer = await phone(net, '观众', signed)
    const roomId = await host.store.room.create()
    await guest.store.room.join(roomId)
    await viewer.store.room.join(roomId)
    await guest.store.room.requestMic()
    await when(() => host.store.room.micRequests.length > 0, { timeout: 20 * LATENCY })
    await settle(net)

    const plays = (store: RootStore) => store.room.media.players.some((p) => p.userId === guest.profile.id && p.url !== '')
    const start = performance.now()
    const accepting = host.store.room.acceptGuest(guest.profile.id)
    await when(() => plays(viewer.store), { timeout: 20 * LATENCY })
    const ms = performance.now() - start
    await accepting
    for (const p of [host, guest, viewer]) p.store.dispose()
    return ms
  } finally {
    net.close()
  }
}

measure('co-guest-round-trips', async () => {
  const plain: number[] = []
  const signed: number[] = []
  for (let rep = 0; rep < REPS; rep++) {
    plain.push(await once(false))
    signed.push(await once(true))
  }
  return {
    latencyMs: LATENCY,
    reps: REPS,
    acceptToPlayingMs: median(plain),
    acceptToPlayingRoundTrips: median(plain) / LATENCY,
    signedAcceptToPlayingMs: median(signed),
    signedAcceptToPlayingRoundTrips: median(signed) / LATENCY,
  }
})
