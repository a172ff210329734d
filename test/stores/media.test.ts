/** Native media events reach the store and its recovery rules, end to end on the demo network. */
import { AppError } from '../../miniprogram/core/errors'
import { createDemoNetwork } from '../../miniprogram/services/demo'
import type { StoreDeps } from '../../miniprogram/stores'
import { person, settle, type DemoNetwork, type Person } from './people'

let network: DemoNetwork
let host: Person
let viewer: Person
let timers: { fn: () => void; ms: number }[]
let allowCamera: boolean
let keptOn: boolean[]

/** Runs every timer the store scheduled (recovery backoff), as if its time had come. */
async function runScheduled(): Promise<void> {
  while (timers.length) timers.shift()!.fn()
  await settle(network)
}

beforeEach(async () => {
  network = createDemoNetwork({ latencyMs: 0 })
  timers = []
  allowCamera = true
  keptOn = []
  const deps: Partial<StoreDeps> = {
    schedule: (fn, ms) => {
      const timer = { fn, ms }
      timers.push(timer)
      return () => void timers.splice(timers.indexOf(timer), 1)
    },
    permissions: { ensureCameraAndMic: () => (allowCamera ? Promise.resolve() : Promise.reject(new AppError('PERMISSION_DENIED'))) },
    screen: { keepOn: (on) => void keptOn.push(on) },
  }
  host = await person(network, '主播', deps)
  viewer = await person(network, '观众', deps)
  await viewer.store.room.join(await host.store.room.create())
  await settle(network)
})
afterEach(() => network.close())

test('push -1307: a new pusher on a fresh publish after a backoff', async () => {
  const { media } = host.store.room
  const key = media.pusherKey
  host.store.room.handleNativeEvent({ source: 'pusher', kind: 'state', code: -1307 })
  expect(timers.map((t) => t.ms)).toEqual([1000])
  await runScheduled()
  expect(host.store.room.media.pusherKey).toBe(key + 1)
  expect(host.store.room.media.pushUrl).toMatch(/^rtmp:/)
  expect(host.store.room.media.error).toBeNull()
})

test('push -1307 three times without recovering: a visible error, and retry republishes', async () => {
  for (let i = 0; i < 4; i++) {
    host.store.room.handleNativeEvent({ source: 'pusher', kind: 'state', code: -1307 })
    await runScheduled()
  }
  expect(host.store.room.media.error?.code).toBe('NETWORK')
  expect(host.store.room.media.error?.message).toMatch(/推流/)
  const key = host.store.room.media.pusherKey
  await host.store.room.retryMedia()
  await settle(network)
  expect(host.store.room.media.error).toBeNull()
  expect(host.store.room.media.pusherKey).toBe(key + 1)
})

test('player -2301: the player is rebuilt (new key)', async () => {
  const [player] = viewer.store.room.media.players
  viewer.store.room.handleNativeEvent({ source: 'player', streamId: player.id, kind: 'state', code: -2301 })
  await runScheduled()
  expect(viewer.store.room.media.players[0].key).toBe(player.key + 1)
  expect(viewer.store.room.media.players[0].url).toBe(player.url)
})

test.each([
  [5000, 'background'],
  [5001, 'call'],
] as const)('push %i: the audience is told the host paused (%s), and it clears when the push resumes', async (code, reason) => {
  host.store.room.handleNativeEvent({ source: 'pusher', kind: 'state', code })
  await settle(network)
  expect(viewer.store.room.media.hostPaused).toBe(reason)
  host.store.room.handleNativeEvent({ source: 'pusher', kind: 'state', code: 1002 })
  await settle(network)
  expect(viewer.store.room.media.hostPaused).toBeNull()
})

test('hiding and showing the app while live pauses and resumes for the audience', async () => {
  host.store.room.setAppVisible(false)
  await settle(network)
  expect(viewer.store.room.media.hostPaused).toBe('background')
  host.store.room.setAppVisible(true)
  await settle(network)
  expect(viewer.store.room.media.hostPaused).toBeNull()
})

test.each([10001, 10002])('push error %i with permission refused: PERMISSION_DENIED shown with a retry', async (code) => {
  allowCamera = false
  host.store.room.handleNativeEvent({ source: 'pusher', kind: 'error', code })
  await settle(network)
  expect(host.store.room.media.error?.code).toBe('PERMISSION_DENIED')
  allowCamera = true
  const key = host.store.room.media.pusherKey
  await host.store.room.retryMedia()
  expect(host.store.room.media.error).toBeNull()
  expect(host.store.room.media.pusherKey).toBe(key + 1)
})

test('the screen stays on while live and is released on leaving', async () => {
  expect(keptOn).toContain(true)
  await viewer.store.room.leave()
  await host.store.room.leave()
  expect(keptOn[keptOn.length - 1]).toBe(false)
})

test('a media event after leaving does nothing', async () => {
  await host.store.room.leave()
  host.store.room.handleNativeEvent({ source: 'pusher', kind: 'state', code: -1307 })
  expect(timers).toEqual([])
})

test('an RTC kick shows an error; the retry publishes again on a fresh pusher', async () => {
  host.store.room.onRtcEvent({ type: 'kicked', error: new AppError('NETWORK', '音视频连接已断开') })
  expect(host.store.room.media.error?.message).toBe('音视频连接已断开')
  const key = host.store.room.media.pusherKey
  await host.store.room.retryMedia()
  expect(host.store.room.media.error).toBeNull()
  expect(host.store.room.media.pusherKey).toBe(key + 1)
  expect(host.store.room.media.pushUrl).toMatch(/^rtmp:/)
})

test('an audience retry after a failed subscribe plays the host stream again', async () => {
  const [player] = viewer.store.room.media.players
  viewer.store.room.onRtcEvent({ type: 'kicked', error: new AppError('NETWORK') })
  await viewer.store.room.retryMedia()
  expect(viewer.store.room.media.error).toBeNull()
  expect(viewer.store.room.media.players).toEqual([expect.objectContaining({ id: player.id, key: player.key + 1 })])
})
