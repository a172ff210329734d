/**
 * Co-guests with the simulated people (services/demo/peer-coguests.ts), driven through real stores:
 * a person hosting gets a mic request from a simulated visitor after a while; a person watching a
 * simulated host is accepted after a short delay and goes on camera. The stores and the simulated
 * people run the verified path (network.connect() hands out the demo's server and its verifier),
 * so every guest list here is the server's signed one.
 */
import { createDemoNetwork, startSimulatedPeers, streamIdOf } from '../../../miniprogram/services/demo'
import { MIC_ANSWER_DELAY_MS, MIC_ASK_AFTER_MS } from '../../../miniprogram/services/demo/peer-coguests'
import { createStore, type RootStore } from '../../../miniprogram/stores'
import { L } from './helpers'

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

/** A deterministic [0, 1) sequence (LCG), so behaviour repeats run to run. */
function seeded(seed = 7): () => number {
  let state = seed
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296
    return state / 4294967296
  }
}

const fast = { replyDelayMs: [1000, 2000], chatEveryMs: [3000, 5000], visitEveryMs: [2000, 4000], visitLengthMs: [90000, 90000] } as const

async function me(net: ReturnType<typeof createDemoNetwork>): Promise<RootStore> {
  const profile = { id: 'me', name: '我' }
  const store = createStore(net.connect(profile))
  const signIn = store.session.signIn(profile)
  await jest.advanceTimersByTimeAsync(10 * L)
  await signIn
  return store
}

test('a simulated visitor asks to go on camera when a person hosts; accepted, its stream is played', async () => {
  const net = createDemoNetwork({ latencyMs: L })
  const peers = startSimulatedPeers(net, { random: seeded(), ...fast })
  const store = await me(net)
  const creating = store.room.create()
  await jest.advanceTimersByTimeAsync(10 * L)
  await creating
  // visitors come now and then; some of them ask, MIC_ASK_AFTER_MS into their visit
  let waited = 0
  while (store.room.micRequests.length === 0 && waited < 120_000) {
    await jest.advanceTimersByTimeAsync(1000)
    waited += 1000
  }
  expect(waited).toBeGreaterThanOrEqual(MIC_ASK_AFTER_MS[0])
  const requests = store.room.micRequests
  expect(requests.length).toBeGreaterThan(0)
  const people = peers.people().map((p) => p.id)
  for (const r of requests) expect(people).toContain(r.id)

  const visitor = requests[0]
  const accepting = store.room.acceptGuest(visitor.id)
  await jest.advanceTimersByTimeAsync(10 * L)
  await accepting
  expect(store.room.guests).toEqual([visitor])
  expect(store.room.media.players.map((p) => p.id)).toContain(streamIdOf(visitor.id))
  peers.stop()
  net.close()
})

test('in a simulated host’s room the host accepts my request after a short delay; I go on camera', async () => {
  const net = createDemoNetwork({ latencyMs: L })
  const peers = startSimulatedPeers(net, { random: seeded(), ...fast })
  await jest.advanceTimersByTimeAsync(10 * L)
  const store = await me(net)
  const joining = store.room.join(peers.rooms()[0])
  await jest.advanceTimersByTimeAsync(10 * L)
  await joining
  const requesting = store.room.requestMic()
  await jest.advanceTimersByTimeAsync(L)
  await requesting
  expect(store.room.myMicRequest).toBe('pending')
  expect(store.room.role).toBe('audience')
  await jest.advanceTimersByTimeAsync(MIC_ANSWER_DELAY_MS[1] + 5 * L)
  expect(store.room.role).toBe('guest')
  expect(store.room.guests.map((g) => g.id)).toEqual(['me'])
  expect(store.room.media.pushUrl).toMatch(/^rtmp:/)

  // stepping down: the simulated host takes me off its list
  const leaving = store.room.leaveMic()
  await jest.advanceTimersByTimeAsync(5 * L)
  await leaving
  expect(store.room.role).toBe('audience')
  expect(store.room.guests).toEqual([])

  // the simulated host saw me step down (through our server's signed list): it accepts me again
  const again = store.room.requestMic()
  await jest.advanceTimersByTimeAsync(L)
  await again
  await jest.advanceTimersByTimeAsync(MIC_ANSWER_DELAY_MS[1] + 5 * L)
  expect(store.room.role).toBe('guest')
  expect(store.room.guests.map((g) => g.id)).toEqual(['me'])
  peers.stop()
  net.close()
})

test('a request taken back before the simulated host answers is not accepted', async () => {
  const net = createDemoNetwork({ latencyMs: L })
  const peers = startSimulatedPeers(net, { random: seeded(), ...fast })
  await jest.advanceTimersByTimeAsync(10 * L)
  const store = await me(net)
  const joining = store.room.join(peers.rooms()[0])
  await jest.advanceTimersByTimeAsync(10 * L)
  await joining
  void store.room.requestMic()
  await jest.advanceTimersByTimeAsync(2 * L)
  void store.room.cancelMicRequest()
  await jest.advanceTimersByTimeAsync(MIC_ANSWER_DELAY_MS[1] + 5 * L)
  expect(store.room.role).toBe('audience')
  expect(store.room.guests).toEqual([])
  expect(store.room.media.pushUrl).toBe('')
  peers.stop()
  net.close()
})
