import { AppError } from '../../../miniprogram/core/errors'
import { PLAY_BROKEN_MESSAGE, PUSH_BROKEN_MESSAGE } from '../../../miniprogram/stores/room/media-recovery'
import type { NativeMediaEvent } from '../../../miniprogram/services/types'
import { flush, harness, lastError } from './recovery-harness'

const push = (code: number, kind: 'state' | 'error' = 'state'): NativeMediaEvent => ({ source: 'pusher', kind, code })
const play = (code: number, streamId = 'host_RongCloudRTC'): NativeMediaEvent => ({ source: 'player', streamId, kind: 'state', code })

describe('push -1307: rebuild and republish with backoff', () => {
  it('republishes on a new pusher after 1 s', async () => {
    const h = harness()
    h.recovery.handleNativeEvent(push(-1307))
    expect(h.log.publishCalls).toBe(0) // not before the delay
    expect(await h.tick()).toEqual([1000])
    expect(h.log.unpublishCalls).toBe(1)
    expect(h.log.publishCalls).toBe(1)
    expect(h.log.pushUrls).toEqual(['rtmp://push/1'])
    expect(h.log.pusherKey).toBe(1)
    expect(h.log.errors).toEqual([])
  })

  it('waits 1 s, 2 s, 4 s across three failed tries, then shows a NETWORK error saying the push broke', async () => {
    const h = harness()
    const delays: number[] = []
    h.recovery.handleNativeEvent(push(-1307))
    delays.push(...(await h.tick()))
    h.recovery.handleNativeEvent(push(-1307)) // the rebuilt pusher broke too
    delays.push(...(await h.tick()))
    h.recovery.handleNativeEvent(push(-1307, 'error'))
    delays.push(...(await h.tick()))
    expect(delays).toEqual([1000, 2000, 4000])
    expect(h.log.errors).toEqual([])
    h.recovery.handleNativeEvent(push(-1307)) // third try failed
    const err = lastError(h.log.errors)
    expect(err).toBeInstanceOf(AppError)
    expect(err?.code).toBe('NETWORK')
    expect(err?.message).toBe(PUSH_BROKEN_MESSAGE)
    expect(err?.message).toContain('推流中断')
    expect(h.pending()).toEqual([])
    expect(h.log.pusherKey).toBe(3)
  })

  it('a publish that rejects counts as a failed try', async () => {
    const h = harness()
    h.publishResults.push(new Error('down'), new Error('down'), new Error('down'))
    h.recovery.handleNativeEvent(push(-1307))
    expect(await h.tick()).toEqual([1000])
    expect(await h.tick()).toEqual([2000])
    expect(await h.tick()).toEqual([4000])
    expect(lastError(h.log.errors)?.code).toBe('NETWORK')
    expect(h.log.pushUrls).toEqual([])
  })

  it('ignores -1307 from the old tag while a try is pending', async () => {
    const h = harness()
    h.recovery.handleNativeEvent(push(-1307))
    h.recovery.handleNativeEvent(push(-1307))
    expect(h.pending()).toEqual([1000])
  })

  it('pushing again (1002) resets the tries', async () => {
    const h = harness()
    h.recovery.handleNativeEvent(push(-1307))
    await h.tick()
    h.recovery.handleNativeEvent(push(1002))
    h.recovery.handleNativeEvent(push(-1307))
    expect(h.pending()).toEqual([1000])
  })

  it('retry() after the error clears it and republishes at once; the tries start over', async () => {
    const h = harness()
    for (let i = 0; i < 3; i++) {
      h.recovery.handleNativeEvent(push(-1307))
      await h.tick()
    }
    h.recovery.handleNativeEvent(push(-1307))
    expect(lastError(h.log.errors)?.code).toBe('NETWORK')
    h.recovery.handleNativeEvent(push(-1307)) // still broken: no second error, no timer
    expect(h.pending()).toEqual([])
    await expect(h.recovery.retry()).resolves.toBe(true)
    expect(lastError(h.log.errors)).toBeNull()
    expect(h.log.publishCalls).toBe(4)
    h.recovery.handleNativeEvent(push(-1307))
    expect(h.pending()).toEqual([2000]) // the retry was try 1 of the new round
  })

  it('retry() with no failure of its own does nothing and says so', async () => {
    const h = harness()
    await expect(h.recovery.retry()).resolves.toBe(false)
    expect(h.log.errors).toEqual([])
    expect(h.log.publishCalls).toBe(0)
  })

  it('is the host only', async () => {
    const h = harness({ role: 'audience' })
    h.recovery.handleNativeEvent(push(-1307))
    expect(h.pending()).toEqual([])
  })

  it('dispose drops the pending try', async () => {
    const h = harness()
    h.recovery.handleNativeEvent(push(-1307))
    h.recovery.dispose()
    await h.tick()
    expect(h.log.publishCalls).toBe(0)
  })
})

describe('player -2301: replay', () => {
  it('replays that player after a delay, with backoff, then shows an error; playing resets', async () => {
    const h = harness({ role: 'audience' })
    h.recovery.handleNativeEvent(play(-2301))
    expect(await h.tick()).toEqual([1000])
    expect(h.log.replays).toEqual(['host_RongCloudRTC'])
    h.recovery.handleNativeEvent(play(-2301))
    expect(await h.tick()).toEqual([2000])
    h.recovery.handleNativeEvent(play(-2301))
    expect(await h.tick()).toEqual([4000])
    h.recovery.handleNativeEvent(play(-2301))
    expect(lastError(h.log.errors)?.message).toBe(PLAY_BROKEN_MESSAGE)
    h.recovery.handleNativeEvent(play(2004)) // it came back by itself
    expect(lastError(h.log.errors)).toBeNull()
    h.recovery.handleNativeEvent(play(-2301))
    expect(h.pending()).toEqual([1000])
  })

  it('retry() replays the broken players', async () => {
    const h = harness({ role: 'audience' })
    for (let i = 0; i < 3; i++) {
      h.recovery.handleNativeEvent(play(-2301))
      await h.tick()
    }
    h.recovery.handleNativeEvent(play(-2301))
    await h.recovery.retry()
    expect(h.log.replays).toEqual(Array(4).fill('host_RongCloudRTC'))
    expect(lastError(h.log.errors)).toBeNull()
  })

  it('net status with data moving counts as playing', async () => {
    const h = harness({ role: 'audience' })
    h.recovery.handleNativeEvent(play(-2301))
    await h.tick()
    h.recovery.handleNativeEvent({ source: 'player', streamId: 'host_RongCloudRTC', kind: 'net', info: { netSpeed: 400 } })
    h.recovery.handleNativeEvent(play(-2301))
    expect(h.pending()).toEqual([1000])
  })
})

describe('5000 / 5001: host paused', () => {
  it.each([
    // literal WeChat codes, not the module's constants: a typo there must fail here
    [5000, 'background'],
    [5001, 'call'],
  ] as const)('%i tells the audience (host-paused, %s) once, and resumes when pushing again', async (code, reason) => {
    const h = harness()
    h.recovery.handleNativeEvent(push(code))
    h.recovery.handleNativeEvent(push(code))
    await flush()
    expect(h.log.signals).toEqual([{ paused: true, reason }])
    h.recovery.handleNativeEvent(push(1003))
    h.recovery.handleNativeEvent(push(1002))
    await flush()
    expect(h.log.signals).toEqual([{ paused: true, reason }, { paused: false }])
  })

  it('showing the app resumes and re-applies keep-screen-on; hiding it pauses even without 5000', async () => {
    const h = harness()
    h.recovery.setAppVisible(false)
    h.recovery.handleNativeEvent(push(5000))
    h.recovery.setAppVisible(true)
    await flush()
    expect(h.log.signals).toEqual([{ paused: true, reason: 'background' }, { paused: false }])
    expect(h.log.screen).toEqual([true])
  })

  it('a failed signal does not break anything', async () => {
    const h = harness({ signalFails: true })
    expect(() => h.recovery.handleNativeEvent(push(5001))).not.toThrow()
    await flush()
    // and resuming still works afterwards
    expect(() => h.recovery.setAppVisible(true)).not.toThrow()
    await flush()
  })

  it('the audience sends nothing; on show it replays every player', async () => {
    const h = harness({ role: 'audience', players: ['a_RongCloudRTC'] })
    h.recovery.handleNativeEvent(push(5000))
    h.recovery.setAppVisible(false)
    h.recovery.setAppVisible(true)
    await flush()
    expect(h.log.signals).toEqual([])
    expect(h.log.replays).toEqual(['a_RongCloudRTC'])
  })
})

describe('10001 / 10002: permission flow', () => {
  it.each([10001, 10002])('%i runs the flow; granted → a rebuilt pusher', async (code) => {
    const h = harness()
    h.recovery.handleNativeEvent(push(code, 'error'))
    await flush()
    expect(h.log.permissionCalls).toBe(1)
    expect(h.log.pusherKey).toBe(1)
    expect(h.log.errors).toEqual([])
  })

  it.each([10001, 10002])('%i refused → PERMISSION_DENIED; retry asks again', async (code) => {
    let grant = false
    const h = harness({
      permissions: () => (grant ? Promise.resolve() : Promise.reject(new AppError('PERMISSION_DENIED'))),
    })
    h.recovery.handleNativeEvent(push(code, 'error'))
    h.recovery.handleNativeEvent(push(code === 10001 ? 10002 : 10001, 'error')) // the other one, same flow: asked once
    await flush()
    expect(h.log.permissionCalls).toBe(1)
    expect(lastError(h.log.errors)?.code).toBe('PERMISSION_DENIED')
    expect(h.log.pusherKey).toBe(0)
    grant = true
    await h.recovery.retry()
    expect(h.log.permissionCalls).toBe(2)
    expect(lastError(h.log.errors)).toBeNull()
    expect(h.log.pusherKey).toBe(1)
  })

  it('a flow failing with something else still ends as an error the person sees', async () => {
    const h = harness({ permissions: () => Promise.reject(new Error('boom')) })
    h.recovery.handleNativeEvent(push(10001, 'error'))
    await flush()
    expect(lastError(h.log.errors)?.code).toBe('PERMISSION_DENIED')
  })
})
