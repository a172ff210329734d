/**
 * Creating and joining run the chatroom and RTC steps side by side. With 100 ms per call, joining
 * takes two round trips (the chatroom join and the RTC join side by side, then the subscribe), with
 * our server or without. The camera is published only once the number is settled as mine, so that
 * it never goes into a room someone else holds (issue 10 C21):
 * - with our server, creating takes two: POST /v1/rooms side by side with the RTC join (the
 *   server's 201 settles the number), then the chatroom join side by side with the publish;
 * - without (dev tokens), three: the chatroom's join + claim side by side with the RTC join, then
 *   the publish.
 */
import { createDemoNetwork } from '../../miniprogram/services/demo'
import { createStore } from '../../miniprogram/stores'
import { profileOf } from './people'

const LATENCY = 100

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

async function signedIn(network: ReturnType<typeof createDemoNetwork>, name: string, withServer: boolean) {
  const profile = profileOf(name)
  const { rts, rtc, backend, documents } = network.connect(profile)
  const store = createStore(withServer ? { rts, rtc, backend, documents } : { rts, rtc })
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

test.each([
  ['with our server', 2, true],
  ['without (dev tokens)', 3, false],
] as const)('%s: create → pushing takes %i round trips, join → playing two', async (_, createTrips, withServer) => {
  const network = createDemoNetwork({ latencyMs: LATENCY })
  const host = await signedIn(network, '主播', withServer)
  const viewer = await signedIn(network, '观众', withServer)
  expect(host.room.trust).toBe(withServer ? 'signed' : 'unsigned')

  let roomId = ''
  const creating = host.room.create().then((id) => (roomId = id))
  const createMs = await timeUntil(() => host.room.media.pushUrl !== '' && host.room.status === 'live')
  await creating
  expect(Math.round(createMs / LATENCY)).toBe(createTrips)

  const joining = viewer.room.join(roomId)
  const joinMs = await timeUntil(() => viewer.room.media.players.some((p) => p.url !== ''))
  await joining
  expect(Math.round(joinMs / LATENCY)).toBe(2)
  network.close()
})
