/**
 * The RTC adapter on several phones sharing one fake RTC room (fake-rtc-server.ts,
 * fake-hub-room.ts): what one publishes reaches the others as the plugin tells it, late and
 * out of step with the calls the others make.
 */
import { FakeRtcServer } from './fake-rtc-server'
import { rtcPhone, type RtcPhone } from './hub-phones'

let server: FakeRtcServer

const ROOM = '246810'

async function settle(ms = 2000): Promise<void> {
  await jest.advanceTimersByTimeAsync(ms)
}

async function done<T>(p: Promise<T>, ms = 2000): Promise<T> {
  await settle(ms)
  return p
}

const types = (p: RtcPhone) => p.events.map((e) => (e.type === 'player-url' ? `player-url:${e.streamId}:${e.url ? 'url' : ''}` : e.type === 'stream-added' ? `added:${e.stream.id}` : e.type === 'stream-removed' ? `removed:${e.streamId}` : e.type))

/** Settles unless it is still pending after `ms` (a promise the plugin never settles). */
async function outcome(p: Promise<unknown>, ms = 10_000): Promise<'resolved' | 'rejected' | 'pending'> {
  let state: 'resolved' | 'rejected' | 'pending' = 'pending'
  p.then(
    () => void (state = 'resolved'),
    () => void (state = 'rejected'),
  )
  await settle(ms)
  return state
}

beforeEach(() => {
  jest.useFakeTimers({ now: 1_700_000_000_000 })
  server = new FakeRtcServer()
})

afterEach(() => {
  server.dispose()
  jest.clearAllTimers()
  jest.useRealTimers()
})

describe.each(['message', 'pull'] as const)('announced by %s', (announce) => {
  beforeEach(() => {
    server.announce = announce
  })

  test('a publish reaches the others after its gateway and signal round trips; they play what the gateway relays', async () => {
    const host = rtcPhone(server, 'host')
    const viewer = rtcPhone(server, 'viewer')
    await done(host.rtc.join(ROOM))
    await expect(done(viewer.rtc.join(ROOM))).resolves.toEqual({ streams: [] })
    const publishing = host.rtc.publish()
    // the gateway answers first (80 ms), then the signal (40 ms): nobody has heard yet
    await settle(100)
    expect(types(viewer)).toEqual([])
    const pushUrl = await done(publishing)
    expect(pushUrl).toMatch(/^rtmp:\/\/push\.fake\/.*host_RongCloudRTC/)
    expect(types(viewer)).toEqual(['added:host_RongCloudRTC'])
    const url = await done(viewer.rtc.subscribe('host_RongCloudRTC'))
    expect(url).toBe(server.relayed('viewer').get('host_RongCloudRTC'))
    expect(url).toMatch(/^rtmp:\/\/play\.fake\/viewer\//)
  })

  test('an unpublish: the player URL empties first, then the stream goes; the gateway relays nothing', async () => {
    const host = rtcPhone(server, 'host')
    const viewer = rtcPhone(server, 'viewer')
    await done(host.rtc.join(ROOM))
    await done(host.rtc.publish())
    await done(viewer.rtc.join(ROOM))
    await done(viewer.rtc.subscribe('host_RongCloudRTC'))
    viewer.events.length = 0
    await done(host.rtc.unpublish())
    expect(types(viewer)).toEqual(['player-url:host_RongCloudRTC:', 'removed:host_RongCloudRTC'])
    expect(server.relayed('viewer').size).toBe(0)
  })
})

test('a late announcement: nothing until the server’s notice arrives', async () => {
  const host = rtcPhone(server, 'host')
  const viewer = rtcPhone(server, 'viewer')
  await done(host.rtc.join(ROOM))
  await done(viewer.rtc.join(ROOM))
  const release = server.holdNotices('viewer')
  await done(host.rtc.publish())
  expect(types(viewer)).toEqual([])
  release()
  await settle()
  expect(types(viewer)).toEqual(['added:host_RongCloudRTC'])
})

test('a lost notice is caught up by the ping’s pull within 5 s', async () => {
  const host = rtcPhone(server, 'host')
  const viewer = rtcPhone(server, 'viewer')
  await done(host.rtc.join(ROOM))
  await done(viewer.rtc.join(ROOM))
  const found = server.loseNotices('viewer')
  await done(host.rtc.publish(), 500)
  found()
  expect(types(viewer)).toEqual([])
  await settle(5000)
  expect(types(viewer)).toEqual(['added:host_RongCloudRTC'])
})

describe('where the plugin is unkind', () => {
  let host: RtcPhone
  let viewer: RtcPhone
  const HOST = 'host_RongCloudRTC'

  beforeEach(async () => {
    host = rtcPhone(server, 'host')
    viewer = rtcPhone(server, 'viewer')
    await done(host.rtc.join(ROOM))
    await done(host.rtc.publish())
    await done(viewer.rtc.join(ROOM))
  })

  test('the stream is unpublished while a subscribe waits in the plugin’s queue: the subscribe fails, it does not hang', async () => {
    // the viewer's queue is busy (its own publish: a guest going on camera), so the subscribe waits;
    // the unpublish notice goes ahead of it, and the plugin's subscribe then throws and never settles
    const publishing = viewer.rtc.publish()
    const subscribing = viewer.rtc.subscribe(HOST)
    const unpublishing = host.rtc.unpublish()
    expect(await outcome(subscribing)).toBe('rejected')
    await unpublishing
    await expect(subscribing).rejects.toMatchObject({ code: 'NETWORK' })
    expect(viewer.client.room.hung).toBe(1)
    await publishing
    expect(types(viewer)).toContain(`removed:${HOST}`)
  })

  test('leaving while a subscribe waits on a slow gateway: the subscribe gives up at once', async () => {
    const slow = viewer.client.server.holdExchanges('viewer')
    const subscribing = viewer.rtc.subscribe(HOST)
    await settle(500)
    const leaving = viewer.rtc.leave()
    expect(await outcome(subscribing, 100)).toBe('rejected')
    await expect(subscribing).rejects.toMatchObject({ code: 'NETWORK' })
    slow()
    await done(leaving)
  })

  test('someone who leaves without unpublishing (dropped, evicted by the server): their stream is removed', async () => {
    await done(viewer.rtc.subscribe(HOST))
    viewer.events.length = 0
    server.drop('host')
    await settle(31_000)
    expect(viewer.client.room.told).toContain('onUserLeave:host')
    expect(viewer.client.room.told).not.toContain(`onStreamUnpublish:${HOST}`)
    expect(types(viewer)).toEqual([`player-url:${HOST}:`, `removed:${HOST}`])
    // and playing it again is refused at once rather than hanging in the plugin
    expect(await outcome(viewer.rtc.subscribe(HOST))).toBe('rejected')
  })

  test('a stream the phone does not play is unpublished: what it does play is still relayed', async () => {
    const rogue = rtcPhone(server, 'rogue')
    await done(viewer.rtc.subscribe(HOST))
    await done(rogue.rtc.join(ROOM))
    await done(rogue.rtc.publish())
    expect(types(viewer)).toContain('added:rogue_RongCloudRTC')
    await done(rogue.rtc.unpublish())
    // the plugin's unsubscribe of a stream it holds no subscription to sends the gateway an
    // empty list (/exit); the adapter subscribes again
    expect([...server.relayed('viewer').keys()]).toEqual([HOST])
    expect(server.relayed('viewer').get(HOST)).toBe(viewer.client.room.streams.get(HOST)?.getRTMPUrl())
    // asked for again the small stream first, then back to the full one
    expect(viewer.client.room.subscribed.map((s) => [s.stream.getMsid(), s.subTiny])).toEqual([[HOST, false]])
  })

  test('a publishing phone keeps what it plays when a stream it does not play goes', async () => {
    const rogue = rtcPhone(server, 'rogue')
    await done(viewer.rtc.subscribe(HOST))
    await done(viewer.rtc.publish())
    await done(rogue.rtc.join(ROOM))
    await done(rogue.rtc.publish())
    await done(rogue.rtc.leave())
    expect(viewer.client.room.told).toContain('onUserLeave:rogue')
    expect([...server.relayed('viewer').keys()]).toEqual([HOST])
  })
})
