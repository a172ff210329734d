/**
 * A guest's camera gets the host's recovery (stores/room/media-recovery.ts): the permission flow
 * before publishing, -1307 rebuilt on a fresh publish, 5000 / 5001 told to the room (as the guest's
 * pause, for their tile); and nothing of it outlives being taken off camera.
 */
import { AppError } from '../../miniprogram/core/errors'
import { createDemoNetwork, streamIdOf } from '../../miniprogram/services/demo'
import type { StoreDeps } from '../../miniprogram/stores'
import { person, settle, type DemoNetwork, type Person } from './people'

let network: DemoNetwork
let host: Person
let guest: Person
let viewer: Person
let roomId: string
let timers: { fn: () => void; ms: number }[]
let allowCamera: boolean
let asked: number

/** Runs every timer the store scheduled (recovery backoff), as if its time had come. */
async function runScheduled(): Promise<void> {
  while (timers.length) timers.shift()!.fn()
  await settle(network)
}

beforeEach(async () => {
  network = createDemoNetwork({ latencyMs: 0 })
  timers = []
  allowCamera = true
  asked = 0
  const deps: Partial<StoreDeps> = {
    schedule: (fn, ms) => {
      const timer = { fn, ms }
      timers.push(timer)
      return () => void timers.splice(timers.indexOf(timer), 1)
    },
    permissions: {
      ensureCameraAndMic: () => {
        asked++
        return allowCamera ? Promise.resolve() : Promise.reject(new AppError('PERMISSION_DENIED', '需要摄像头和麦克风权限才能连麦'))
      },
    },
  }
  host = await person(network, '主播', deps)
  guest = await person(network, '嘉宾', deps)
  viewer = await person(network, '观众', deps)
  roomId = await host.store.room.create()
  await guest.store.room.join(roomId)
  await viewer.store.room.join(roomId)
  await settle(network)
})
afterEach(() => network.close())

async function goOnCamera(): Promise<void> {
  await guest.store.room.requestMic()
  await settle(network)
  await host.store.room.acceptGuest(guest.profile.id)
  await settle(network)
}

/** streams published in the RTC room, as a newcomer's RTC join lists them */
async function published(): Promise<string[]> {
  const profile = { id: `probe${Math.random().toString(36).slice(2, 8)}`, name: '旁观' }
  const client = network.connect(profile)
  await client.rts.connect(profile)
  const { streams } = await client.rtc.join(roomId)
  await client.rtc.leave()
  return streams.map((s) => s.id).sort()
}

test('the permission flow runs before the guest publishes; refused: an error with a retry, nothing published', async () => {
  allowCamera = false
  const before = asked
  await goOnCamera()
  expect(asked).toBe(before + 1)
  expect(guest.store.room.role).toBe('guest')
  expect(guest.store.room.media.pushUrl).toBe('')
  expect(guest.store.room.media.error?.code).toBe('PERMISSION_DENIED')
  expect(await published()).toEqual([streamIdOf(host.profile.id)])

  allowCamera = true
  await guest.store.room.retryMedia()
  await settle(network)
  expect(guest.store.room.media.error).toBeNull()
  expect(guest.store.room.media.pushUrl).toMatch(/^rtmp:/)
  expect(viewer.store.room.media.players.map((p) => p.userId)).toContain(guest.profile.id)
})

test('guest push -1307: a new pusher on a fresh publish after a backoff', async () => {
  await goOnCamera()
  const key = guest.store.room.media.pusherKey
  guest.store.room.handleNativeEvent({ source: 'pusher', kind: 'state', code: -1307 })
  expect(timers.map((t) => t.ms)).toEqual([1000])
  await runScheduled()
  expect(guest.store.room.media.pusherKey).toBe(key + 1)
  expect(guest.store.room.media.pushUrl).toMatch(/^rtmp:/)
  expect(viewer.store.room.media.players.map((p) => p.userId)).toContain(guest.profile.id)
})

test.each([
  [5000, 'background'],
  [5001, 'call'],
] as const)('guest push %i: the others see the guest paused (%s), not the host; it clears when the push resumes', async (code, reason) => {
  await goOnCamera()
  guest.store.room.handleNativeEvent({ source: 'pusher', kind: 'state', code })
  await settle(network)
  expect(viewer.store.room.media.pausedGuests).toEqual({ [guest.profile.id]: reason })
  expect(host.store.room.media.pausedGuests).toEqual({ [guest.profile.id]: reason })
  expect(viewer.store.room.media.hostPaused).toBeNull()
  guest.store.room.handleNativeEvent({ source: 'pusher', kind: 'state', code: 1002 })
  await settle(network)
  expect(viewer.store.room.media.pausedGuests).toEqual({})
})

test('taken off camera while a -1307 try waits: nothing is published again; back on later, recovery works again', async () => {
  await goOnCamera()
  guest.store.room.handleNativeEvent({ source: 'pusher', kind: 'state', code: -1307 })
  await host.store.room.removeGuest(guest.profile.id)
  await settle(network)
  await runScheduled()
  expect(guest.store.room.media.pushUrl).toBe('')
  expect(await published()).toEqual([streamIdOf(host.profile.id)])

  await goOnCamera()
  const key = guest.store.room.media.pusherKey
  guest.store.room.handleNativeEvent({ source: 'pusher', kind: 'state', code: -1307 })
  await runScheduled()
  expect(guest.store.room.media.pusherKey).toBe(key + 1)
  expect(guest.store.room.media.pushUrl).toMatch(/^rtmp:/)
})

test('a paused guest taken off the list leaves no paused mark behind', async () => {
  await goOnCamera()
  guest.store.room.setAppVisible(false)
  await settle(network)
  expect(viewer.store.room.media.pausedGuests).toEqual({ [guest.profile.id]: 'background' })
  await host.store.room.removeGuest(guest.profile.id)
  await settle(network)
  expect(viewer.store.room.media.pausedGuests).toEqual({})
})
