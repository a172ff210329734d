import type { RtcEvent } from '../../../miniprogram/services/types'
import { L, fails, network, ok, record, signedIn, takes } from './helpers'

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

async function hostAndViewer() {
  const net = network()
  const host = await signedIn(net, 'h')
  const viewer = await signedIn(net, 'v')
  await ok(host.rtc.join('123456'))
  return { net, host, viewer }
}

describe('demo network: RTC', () => {
  it('each action is one round trip', async () => {
    const { host } = await hostAndViewer()
    await takes(host.rtc.publish(), L)
    await takes(host.rtc.setMic(false), L)
  })

  it('publish: push URL + push-url to self, stream-added to the others; join lists published streams', async () => {
    const { host, viewer } = await hostAndViewer()
    await ok(viewer.rtc.join('123456'))
    const hostEvents = record<RtcEvent>((l) => host.rtc.onEvent(l))
    const viewerEvents = record<RtcEvent>((l) => viewer.rtc.onEvent(l))
    const url = await ok(host.rtc.publish())
    expect(url).toMatch(/^rtmp:\/\/demo\.invalid\/push\/123456\/h\?k=\d+$/)
    expect(hostEvents).toEqual([{ type: 'push-url', url }])
    expect(viewerEvents).toEqual([{ type: 'stream-added', stream: { id: 'h_RongCloudRTC', userId: 'h' } }])
  })

  it('join resolves the streams already published (not my own)', async () => {
    const { net, host, viewer } = await hostAndViewer()
    await ok(host.rtc.publish())
    expect(await ok(viewer.rtc.join('123456'))).toEqual({ streams: [{ id: 'h_RongCloudRTC', userId: 'h' }] })
    const other = await signedIn(net, 'o')
    expect(await ok(other.rtc.join('654321'))).toEqual({ streams: [] })
  })

  it('subscribe gives a play URL (+ player-url); unsubscribe clears it', async () => {
    const { host, viewer } = await hostAndViewer()
    await ok(host.rtc.publish())
    await ok(viewer.rtc.join('123456'))
    const events = record<RtcEvent>((l) => viewer.rtc.onEvent(l))
    const url = await ok(viewer.rtc.subscribe('h_RongCloudRTC'))
    expect(url).toMatch(/^rtmp:\/\/demo\.invalid\/play\/123456\//)
    expect(events).toEqual([{ type: 'player-url', streamId: 'h_RongCloudRTC', url }])
    await ok(viewer.rtc.unsubscribe('h_RongCloudRTC'))
    expect(events.at(-1)).toEqual({ type: 'player-url', streamId: 'h_RongCloudRTC', url: '' })
    await fails(viewer.rtc.subscribe('nobody_RongCloudRTC'), 'NOT_ALLOWED')
  })

  it('unpublish: push-url "" to self and stream-removed to the others', async () => {
    const { host, viewer } = await hostAndViewer()
    await ok(host.rtc.publish())
    await ok(viewer.rtc.join('123456'))
    await ok(viewer.rtc.subscribe('h_RongCloudRTC'))
    const hostEvents = record<RtcEvent>((l) => host.rtc.onEvent(l))
    const viewerEvents = record<RtcEvent>((l) => viewer.rtc.onEvent(l))
    await ok(host.rtc.unpublish())
    expect(hostEvents).toEqual([{ type: 'push-url', url: '' }])
    expect(viewerEvents).toEqual([{ type: 'stream-removed', streamId: 'h_RongCloudRTC' }])
  })

  it('leave unpublishes and unsubscribes everything', async () => {
    const { net, host, viewer } = await hostAndViewer()
    await ok(host.rtc.publish())
    await ok(viewer.rtc.join('123456'))
    await ok(viewer.rtc.publish())
    await ok(host.rtc.subscribe('v_RongCloudRTC'))
    const hostEvents = record<RtcEvent>((l) => host.rtc.onEvent(l))
    const viewerEvents = record<RtcEvent>((l) => viewer.rtc.onEvent(l))
    await ok(host.rtc.leave())
    expect(hostEvents).toEqual(
      expect.arrayContaining([
        { type: 'push-url', url: '' },
        { type: 'player-url', streamId: 'v_RongCloudRTC', url: '' },
      ]),
    )
    expect(viewerEvents).toEqual([{ type: 'stream-removed', streamId: 'h_RongCloudRTC' }])
    const late = await signedIn(net, 'l')
    expect(await ok(late.rtc.join('123456'))).toEqual({ streams: [{ id: 'v_RongCloudRTC', userId: 'v' }] })
  })

  it('an RTC room holds 16 people', async () => {
    const { net } = await hostAndViewer()
    for (let i = 1; i < 16; i++) await ok((await signedIn(net, `p${i}`)).rtc.join('123456'))
    await fails((await signedIn(net, 'p16')).rtc.join('123456'), 'ROOM_FULL')
  })

  it('device controls need a published stream', async () => {
    const { host } = await hostAndViewer()
    await fails(host.rtc.switchCamera(), 'NOT_ALLOWED')
    await fails(host.rtc.setMic(false), 'NOT_ALLOWED')
    await ok(host.rtc.publish())
    await ok(host.rtc.switchCamera())
    await ok(host.rtc.setMic(false))
    await ok(host.rtc.setCamera(false))
    await ok(host.rtc.unpublish())
    await fails(host.rtc.setCamera(true), 'NOT_ALLOWED')
  })

  it('a dropped publisher keeps its stream; after restore nothing has to be redone', async () => {
    const { net, host, viewer } = await hostAndViewer()
    await ok(host.rtc.publish())
    net.drop('h')
    await fails(host.rtc.setMic(false), 'NOT_CONNECTED')
    expect(await ok(viewer.rtc.join('123456'))).toEqual({ streams: [{ id: 'h_RongCloudRTC', userId: 'h' }] })
    net.restore('h')
    await ok(host.rtc.setMic(false))
  })

  it('derives network-quality from pusher net info, only when it changes', async () => {
    const { host } = await hostAndViewer()
    const events = record<RtcEvent>((l) => host.rtc.onEvent(l))
    host.rtc.handleNativeEvent({ source: 'pusher', kind: 'net', info: { videoFPS: 20 } })
    host.rtc.handleNativeEvent({ source: 'pusher', kind: 'net', info: { videoFPS: 25 } })
    host.rtc.handleNativeEvent({ source: 'player', streamId: 's', kind: 'state', code: 2004 })
    host.rtc.handleNativeEvent({ source: 'pusher', kind: 'net', info: { videoFPS: 3 } })
    expect(events).toEqual([])
    await jest.advanceTimersByTimeAsync(5)
    expect(events).toEqual([
      { type: 'network-quality', quality: 'good' },
      { type: 'network-quality', quality: 'poor' },
    ])
  })
})
