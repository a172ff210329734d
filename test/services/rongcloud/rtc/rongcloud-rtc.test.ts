import {
  RCKickReason,
  RCRTCCode,
  __innerGetPlayerContext__,
  __innerGetPusherContext__,
} from '@rongcloud/plugin-wechat-rtc'
import { AppError } from '../../../../miniprogram/core/errors'
import { createRongCloudRtc, MAX_RTC_MEMBERS } from '../../../../miniprogram/services/rongcloud/rtc'
import type { RtcEvent } from '../../../../miniprogram/services/types'
import { asClient, FakeClient, FakeRoom, FakeStream, flush, manualSchedule } from './fake-plugin'

function setup(streams: () => FakeStream[] = () => []) {
  const client = new FakeClient()
  client.defaultStreams = streams
  const timers = manualSchedule()
  const rtc = createRongCloudRtc({ client: asClient(client), schedule: timers.schedule, rejoinDelayMs: 1500 })
  const events: RtcEvent[] = []
  rtc.onEvent((e) => events.push(e))
  return { client, rtc, events, timers }
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(AppError)
    return e as AppError
  }
  throw new Error('expected a rejection')
}

describe('createRongCloudRtc without a client', () => {
  it.each([null, undefined])('gives a service whose actions reject with SERVICE_NOT_ENABLED (%p)', async (client) => {
    const rtc = createRongCloudRtc({ client })
    const err = await rejection(rtc.join('123456'))
    expect(err.code).toBe('SERVICE_NOT_ENABLED')
    expect(err.message).toContain('音视频')
    expect((await rejection(rtc.publish())).code).toBe('SERVICE_NOT_ENABLED')
    await expect(rtc.leave()).resolves.toBeUndefined()
  })
})

describe('join', () => {
  it('calls joinRTCRoom(roomId, undefined) and resolves with the streams already published', async () => {
    const { client, rtc } = setup(() => [new FakeStream('host1')])
    const result = await rtc.join('654321')
    expect(client.joinArgs).toEqual([['654321', undefined]])
    expect(client.joinArgs[0]).toHaveLength(2)
    expect(result.streams).toEqual([{ id: 'host1_RongCloudRTC', userId: 'host1' }])
  })

  it('treats only 10000 as success: code 0 is a failure', async () => {
    const { client, rtc } = setup()
    client.answers.push({ code: 0 as RCRTCCode })
    expect((await rejection(rtc.join('654321'))).code).toBe('NETWORK')
  })

  it(`is ROOM_FULL when ${MAX_RTC_MEMBERS} others are in, and leaves the room again`, async () => {
    const { client, rtc } = setup()
    const others = Array.from({ length: MAX_RTC_MEMBERS }, (_, i) => `u${i}`)
    client.answers.push(client.success(new FakeRoom(), others))
    expect((await rejection(rtc.join('654321'))).code).toBe('ROOM_FULL')
    expect(client.left).toHaveLength(1)
    // 15 others: I am the 16th, allowed
    client.answers.push(client.success(new FakeRoom(), others.slice(1)))
    await expect(rtc.join('654321')).resolves.toEqual({ streams: [] })
  })

  it('maps a thrown joinRTCRoom to NETWORK', async () => {
    const { client, rtc } = setup()
    client.answers.push(new Error('socket closed'))
    expect((await rejection(rtc.join('654321'))).code).toBe('NETWORK')
  })

  it('actions before join reject with NOT_CONNECTED', async () => {
    const { rtc } = setup()
    expect((await rejection(rtc.publish())).code).toBe('NOT_CONNECTED')
    expect((await rejection(rtc.setMic(false))).code).toBe('NOT_CONNECTED')
  })
})

describe('publish (host)', () => {
  it('resolves with the URL the plugin dispatches on its core context, and emits push-url once', async () => {
    const { client, rtc, events } = setup()
    await rtc.join('100001')
    client.lastRoom.pushUrl = 'rtmp://push/abc'
    await expect(rtc.publish()).resolves.toBe('rtmp://push/abc')
    expect(client.lastRoom.calls).toContain('publishStream:RongCloudRTC')
    expect(events.filter((e) => e.type === 'push-url')).toEqual([{ type: 'push-url', url: 'rtmp://push/abc' }])
  })

  it('rejects with the mapped error when publishStream fails', async () => {
    const { client, rtc, events } = setup()
    await rtc.join('100001')
    client.lastRoom.codes['publishStream:RongCloudRTC'] = [RCRTCCode.SERVICE_INVALID]
    expect((await rejection(rtc.publish())).code).toBe('SERVICE_NOT_ENABLED')
    expect(events.some((e) => e.type === 'push-url')).toBe(false)
  })

  it('rejects when publishStream succeeds but no URL ever arrives', async () => {
    const { client, rtc } = setup()
    await rtc.join('100001')
    client.lastRoom.pushUrl = ''
    expect((await rejection(rtc.publish())).code).toBe('NETWORK')
  })

  it('a URL the plugin dispatches later (its own re-exchange) reaches the store', async () => {
    const { rtc, events } = setup()
    await rtc.join('100001')
    await rtc.publish()
    globalThis.coreContext.dispatch('setPusherUrl', 'rtmp://push/renewed')
    expect(events[events.length - 1]).toEqual({ type: 'push-url', url: 'rtmp://push/renewed' })
  })

  it('unpublish empties the push URL', async () => {
    const { client, rtc, events } = setup()
    await rtc.join('100001')
    await rtc.publish()
    await rtc.unpublish()
    expect(client.lastRoom.calls).toContain('unpublishStream')
    expect(events[events.length - 1]).toEqual({ type: 'push-url', url: '' })
  })
})

describe('subscribe (audience)', () => {
  it('subscribes to the big stream and resolves with getRTMPUrl(); one player-url event', async () => {
    const host = new FakeStream('host1')
    const { client, rtc, events } = setup(() => [host])
    await rtc.join('100002')
    client.lastRoom.playUrl = 'rtmp://play/host1'
    await expect(rtc.subscribe('host1_RongCloudRTC')).resolves.toBe('rtmp://play/host1')
    expect(client.lastRoom.subscribedWith).toEqual([{ stream: host, subTiny: false }])
    expect(events.filter((e) => e.type === 'player-url')).toEqual([
      { type: 'player-url', streamId: 'host1_RongCloudRTC', url: 'rtmp://play/host1' },
    ])
  })

  it('rejects for a stream that is not in the room', async () => {
    const { rtc } = setup()
    await rtc.join('100002')
    expect((await rejection(rtc.subscribe('ghost_RongCloudRTC'))).code).toBe('NETWORK')
  })

  it('unsubscribe calls the plugin and empties the player URL', async () => {
    const { client, rtc, events } = setup(() => [new FakeStream('host1')])
    await rtc.join('100002')
    await rtc.subscribe('host1_RongCloudRTC')
    await rtc.unsubscribe('host1_RongCloudRTC')
    expect(client.lastRoom.calls).toContain('unsubscribe')
    expect(events[events.length - 1]).toEqual({ type: 'player-url', streamId: 'host1_RongCloudRTC', url: '' })
  })

  it('onStreamPublish / onStreamUnpublish become stream-added / stream-removed', async () => {
    const { client, rtc, events } = setup()
    await rtc.join('100002')
    const s = new FakeStream('host9')
    client.lastRoom.listener?.onStreamPublish?.([s as never])
    client.lastRoom.listener?.onStreamUnpublish?.([s as never])
    expect(events).toEqual([
      { type: 'stream-added', stream: { id: 'host9_RongCloudRTC', userId: 'host9' } },
      { type: 'stream-removed', streamId: 'host9_RongCloudRTC' },
    ])
  })

  it('a republished stream is removed then added again, so the store resubscribes', async () => {
    const { client, rtc, events } = setup(() => [new FakeStream('host1')])
    await rtc.join('100002')
    client.lastRoom.listener?.onStreamPublish?.([new FakeStream('host1') as never])
    expect(events.map((e) => e.type)).toEqual(['stream-removed', 'stream-added'])
  })
})

describe('devices', () => {
  it.each([
    ['setMic', true, 'openMicphone'],
    ['setMic', false, 'closeMicphone'],
    ['setCamera', true, 'openCamera'],
    ['setCamera', false, 'closeCamera'],
  ] as const)('%s(%p) calls %s', async (method, on, pluginCall) => {
    const { client, rtc } = setup()
    await rtc.join('100003')
    await rtc[method](on)
    expect(client.lastRoom.calls).toEqual([pluginCall])
  })

  it('a failing device call rejects', async () => {
    const { client, rtc } = setup()
    await rtc.join('100003')
    client.lastRoom.codes.closeCamera = [RCRTCCode.SIGNAL_ERROR]
    expect((await rejection(rtc.setCamera(false))).code).toBe('NETWORK')
  })

  it('switchCamera calls the room', async () => {
    const { client, rtc } = setup()
    await rtc.join('100003')
    await rtc.switchCamera()
    expect(client.lastRoom.calls).toEqual(['switchCamera'])
  })
})

describe('leave', () => {
  it('unpublishes, leaves the plugin room and empties the push URL', async () => {
    const { client, rtc, events } = setup()
    await rtc.join('100004')
    await rtc.publish()
    const room = client.lastRoom
    await rtc.leave()
    expect(room.calls).toContain('unpublishStream')
    expect(client.left).toHaveLength(1)
    expect(events[events.length - 1]).toEqual({ type: 'push-url', url: '' })
    expect((await rejection(rtc.publish())).code).toBe('NOT_CONNECTED')
  })
})

describe('kick-off', () => {
  it('rejoins once after the delay and publishes again for the host', async () => {
    const { client, rtc, events, timers } = setup()
    await rtc.join('100005')
    await rtc.publish()
    client.kickOff(false)
    expect(events[events.length - 1]).toEqual({ type: 'push-url', url: '' })
    const next = new FakeRoom()
    next.pushUrl = 'rtmp://push/after-rejoin'
    client.answers.push(client.success(next))
    expect(timers.runAll()).toEqual([1500])
    await flush()
    expect(client.joinArgs).toHaveLength(2)
    expect(client.joinArgs[1]).toEqual(['100005', undefined])
    expect(events[events.length - 1]).toEqual({ type: 'push-url', url: 'rtmp://push/after-rejoin' })
    expect(events.some((e) => e.type === 'kicked')).toBe(false)
  })

  it('resubscribes the audience to streams still there', async () => {
    const { client, rtc, events, timers } = setup(() => [new FakeStream('host1')])
    await rtc.join('100005')
    await rtc.subscribe('host1_RongCloudRTC')
    client.kickOff(true, RCKickReason.SERVER_KICK)
    timers.runAll()
    await flush()
    expect(client.lastRoom.calls).toContain('subscribe')
    const urls = events.filter((e) => e.type === 'player-url').map((e) => (e as { url: string }).url)
    expect(urls).toEqual(['rtmp://play.example/live/host', '', 'rtmp://play.example/live/host'])
  })

  it("emits 'kicked' when the rejoin fails", async () => {
    const { client, rtc, events, timers } = setup()
    await rtc.join('100005')
    client.kickOff(false)
    client.answers.push({ code: RCRTCCode.SIGNAL_DISCONNECTED })
    timers.runAll()
    await flush()
    expect(client.joinArgs).toHaveLength(2)
    const kicked = events.find((e) => e.type === 'kicked')
    expect(kicked && kicked.type === 'kicked' && kicked.error.code).toBe('NOT_CONNECTED')
    expect(timers.timers).toHaveLength(0) // once: no second attempt
  })

  it('does not fight another device of the same account: kicked at once', async () => {
    const { client, rtc, events, timers } = setup()
    await rtc.join('100005')
    client.kickOff(true, RCKickReason.OTHER_KICK)
    expect(timers.timers).toHaveLength(0)
    const kicked = events.find((e) => e.type === 'kicked')
    expect(kicked && kicked.type === 'kicked' && kicked.error.code).toBe('KICKED')
  })

  it('leaving before the rejoin runs cancels it', async () => {
    const { client, rtc, timers } = setup()
    await rtc.join('100005')
    client.kickOff(false)
    await rtc.leave()
    timers.runAll()
    await flush()
    expect(client.joinArgs).toHaveLength(1)
  })
})

describe('network quality and native events', () => {
  it('the report listener becomes network-quality, emitted on change only (worst stream wins)', async () => {
    const { client, rtc, events } = setup()
    await rtc.join('100006')
    const report = client.lastRoom.report
    expect(report).not.toBeNull()
    const sender = { netQualityLevel: 1 } as never
    report?.({ sender })
    report?.({ sender })
    report?.({ sender, receiver: { a: { netQualityLevel: 5 } as never } })
    expect(events).toEqual([
      { type: 'network-quality', quality: 'good' },
      { type: 'network-quality', quality: 'poor' },
    ])
  })

  it('forwards net status into the plugin pusher / player contexts, nothing else', async () => {
    const { rtc } = setup()
    const pusher = jest.fn()
    const player = jest.fn()
    __innerGetPusherContext__().on('netStatus', pusher)
    __innerGetPlayerContext__().on('netStatus', player)
    try {
      rtc.handleNativeEvent({ source: 'pusher', kind: 'net', info: { netSpeed: 300 } })
      rtc.handleNativeEvent({ source: 'player', streamId: 'h_RongCloudRTC', kind: 'net', info: { netSpeed: 100 } })
      rtc.handleNativeEvent({ source: 'pusher', kind: 'state', code: 1002 })
      expect(pusher.mock.calls).toEqual([[{ netSpeed: 300 }]])
      expect(player.mock.calls).toEqual([['h_RongCloudRTC', { netSpeed: 100 }]])
    } finally {
      __innerGetPusherContext__().off('netStatus', pusher)
      __innerGetPlayerContext__().off('netStatus', player)
    }
  })
})

describe('one app-level core-context listener', () => {
  it('is added once however many adapters join, and routes to the one that joined last', async () => {
    const context = globalThis.coreContext
    const a = setup()
    await a.rtc.join('100007') // registers it, unless an earlier test already did
    const add = jest.spyOn(context, 'addEventListener')
    const b = setup()
    await b.rtc.join('100008')
    await a.rtc.leave()
    await a.rtc.join('100009')
    await a.rtc.leave()
    await b.rtc.join('100010')
    expect(add).not.toHaveBeenCalled()
    context.dispatch('setPusherUrl', 'rtmp://push/for-b')
    expect(b.events).toContainEqual({ type: 'push-url', url: 'rtmp://push/for-b' })
    expect(a.events).not.toContainEqual({ type: 'push-url', url: 'rtmp://push/for-b' })
    add.mockRestore()
  })

  it('an adapter that left receives nothing', async () => {
    const a = setup()
    await a.rtc.join('100011')
    await a.rtc.leave()
    const before = a.events.length
    globalThis.coreContext.dispatch('setPusherUrl', 'rtmp://push/late')
    expect(a.events).toHaveLength(before)
  })
})


describe('the plugin client, as faked (evidence in fake-plugin.ts)', () => {
  it('marks itself joined when a join starts and answers an overlapping join with 50002', async () => {
    const client = new FakeClient()
    const release = client.holdJoins()
    const first = client.joinRTCRoom('100001', undefined)
    await expect(client.joinRTCRoom('100002', undefined)).resolves.toEqual({ code: RCRTCCode.REPERT_JOIN_ROOM })
    release()
    const { code, data } = await first
    expect(code).toBe(RCRTCCode.SUCCESS)
    // still in that room: another join is refused until it is left
    expect((await client.joinRTCRoom('100002', undefined)).code).toBe(RCRTCCode.REPERT_JOIN_ROOM)
    await client.leaveRoom(data!.room)
    expect((await client.joinRTCRoom('100002', undefined)).code).toBe(RCRTCCode.SUCCESS)
  })

  it('a failed join clears the mark; 40032 from signalling comes out as 53029', async () => {
    const client = new FakeClient()
    client.answers.push({ code: 40032 as RCRTCCode })
    expect((await client.joinRTCRoom('100001', undefined)).code).toBe(RCRTCCode.SIGNAL_JOIN_RTC_ROOM_REFUSED)
    expect((await client.joinRTCRoom('100001', undefined)).code).toBe(RCRTCCode.SUCCESS)
  })
})

describe('joins never overlap', () => {
  it('a second join while the first is on the wire waits for it; the newer one wins', async () => {
    const { client, rtc } = setup()
    const release = client.holdJoins()
    const first = rtc.join('100001')
    first.catch(() => undefined)
    await flush() // the first is in the plugin now, its client marked joined
    const second = rtc.join('100002')
    second.catch(() => undefined)
    release()
    await expect(second).resolves.toEqual({ streams: [] })
    await expect(first).rejects.toMatchObject({ code: 'NETWORK' })
    expect(client.repeated).toBe(0)
    expect(client.joinArgs.map((a) => a[0])).toEqual(['100001', '100002'])
    expect(client.left).toHaveLength(1) // the first room, left again
    await expect(rtc.publish()).resolves.toContain('rtmp://')
  })

  it('leave while a join is on the wire, then join again: the old join settles and leaves first', async () => {
    const { client, rtc } = setup()
    const release = client.holdJoins()
    const first = rtc.join('100001')
    first.catch(() => undefined)
    await rtc.leave()
    const second = rtc.join('100002')
    second.catch(() => undefined)
    release()
    await expect(first).rejects.toMatchObject({ code: 'NETWORK' })
    await expect(second).resolves.toEqual({ streams: [] })
    expect(client.repeated).toBe(0)
    expect(client.current).toBe(client.lastRoom)
  })

  it('the rejoin after a kick-off and a join the person starts meanwhile do not overlap', async () => {
    const { client, rtc, timers, events } = setup()
    await rtc.join('100001')
    client.kickOff(false)
    const release = client.holdJoins()
    timers.runAll() // the rejoin is on the wire
    const mine = rtc.join('100002')
    mine.catch(() => undefined)
    release()
    await expect(mine).resolves.toEqual({ streams: [] })
    await flush()
    expect(client.repeated).toBe(0)
    expect(client.joinArgs.at(-1)?.[0]).toBe('100002')
    expect(events.some((e) => e.type === 'kicked')).toBe(false)
  })
})

describe('53029 / 40032: the same account is in the room on another device', () => {
  it.each([40032, RCRTCCode.SIGNAL_JOIN_RTC_ROOM_REFUSED])('join answered %p → NOT_ALLOWED naming the other device, not ROOM_FULL', async (code) => {
    const { client, rtc } = setup()
    client.answers.push({ code: code as RCRTCCode })
    const err = await rejection(rtc.join('100001'))
    expect(err.code).toBe('NOT_ALLOWED')
    expect(err.message).toContain('其他设备')
  })
})
