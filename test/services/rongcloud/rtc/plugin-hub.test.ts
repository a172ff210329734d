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
