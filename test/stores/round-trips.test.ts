/**
 * Creating and joining run the chatroom and RTC steps side by side. With 100 ms per call, joining
 * takes two round trips (the chatroom join and the RTC join side by side, then the subscribe).
 * Creating takes three: the chatroom's join + claim side by side with the RTC join, then the
 * publish, which waits until the claim is settled and mine so that the camera never goes into a
 * room someone else holds (issue 10 C21; it took two when the publish ran alongside the claim).
 */
import { createDemoNetwork } from '../../miniprogram/services/demo'
import { createStore } from '../../miniprogram/stores'
import { profileOf } from './people'

const LATENCY = 100

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

async function signedIn(network: ReturnType<typeof createDemoNetwork>, name: string) {
  const profile = profileOf(name)
  const store = createStore({ ...network.connect(profile) })
  const signIn = store.session.signIn(profile)
  await jest.advanceTimersByTimeAsync(10 * LATENCY)
  await signIn
  return store
}

/** Time until `done` is true, stepping the fake clock 1 ms at a time. */
async function timeUntil(done: () => boolean): Promise<number> {
  const start = Date.now()
  while (!done()) {
    if (Date.now() - start > 20 * LATENCY) throw new Error('never happened')
    await jest.advanceTimersByTimeAsync(1)
  }
  return Date.now() - start
}

test('create → pushing takes three round trips, join → playing two', async () => {
  const network = createDemoNetwork({ latencyMs: LATENCY })
  const host = await signedIn(network, '主播')
  const viewer = await signedIn(network, '观众')

  let roomId = ''
  const creating = host.room.create().then((id) => (roomId = id))
  const createMs = await timeUntil(() => host.room.media.pushUrl !== '' && host.room.status === 'live')
  await creating
  expect(Math.round(createMs / LATENCY)).toBe(3)

  const joining = viewer.room.join(roomId)
  const joinMs = await timeUntil(() => viewer.room.media.players.some((p) => p.url !== ''))
  await joining
  expect(Math.round(joinMs / LATENCY)).toBe(2)
  network.close()
})
