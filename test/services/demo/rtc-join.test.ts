/** RTC joins as the plugin and the RTC server answer them (services/demo/rtc-client.ts, rtc-rooms.ts). */
import { createDemoNetwork } from '../../../miniprogram/services/demo'
import { L, fails, network, ok, signedIn, watch } from './helpers'

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

describe('demo network: RTC joins', () => {
  it('a join while another is on its way is refused at once with 50002; the first one still lands', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    const first = watch(a.rtc.join('123456'))
    const error = await fails(a.rtc.join('654321'), 'NETWORK', 1)
    expect(error.message).toMatch(/50002/)
    expect(first.outcome).toBeUndefined()
    await jest.advanceTimersByTimeAsync(L)
    expect(first.outcome?.ok).toBe(true)
  })

  it('a join while in a room, even the same one, is 50002; after leave() the next join works', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    await ok(a.rtc.join('123456'))
    expect((await fails(a.rtc.join('123456'), 'NETWORK', 1)).message).toMatch(/50002/)
    await ok(a.rtc.leave())
    await ok(a.rtc.join('654321'))
  })

  it('a failed join leaves nothing behind: the next one is sent', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    await fails(a.rtc.join('012345'), 'INVALID_ROOM_NUMBER')
    await ok(a.rtc.join('123456'))
  })

  it('the same account on another device is refused while its old device is in the room (53029), not ROOM_FULL', async () => {
    const net = network()
    const host = await signedIn(net, 'h')
    await ok(host.rtc.join('123456'))
    const phone = await signedIn(net, 'a')
    await ok(phone.rtc.join('123456'))
    await ok(phone.rtc.publish())
    // the same person opens the app on a second phone: the first is signed out, but its RTC
    // presence only goes when the RTC server misses its pings
    const tablet = await signedIn(net, 'a')
    const refused = await fails(tablet.rtc.join('123456'), 'NOT_ALLOWED')
    expect(refused.message).toMatch(/另一台设备/)
    expect(refused.code).not.toBe('ROOM_FULL')
    // another room is fine
    await ok(tablet.rtc.join('222222'))
    await ok(tablet.rtc.leave())
    await jest.advanceTimersByTimeAsync(30_000)
    await ok(tablet.rtc.join('123456'))
  })

  it('16 people (lingering devices included) fill an RTC room: the 17th is ROOM_FULL', async () => {
    const net = createDemoNetwork({ latencyMs: L })
    for (let i = 0; i < 16; i++) await ok((await signedIn(net, `p${i}`)).rtc.join('123456'))
    net.drop('p0')
    const late = await signedIn(net, 'late')
    await fails(late.rtc.join('123456'), 'ROOM_FULL')
    await jest.advanceTimersByTimeAsync(30_000)
    await ok(late.rtc.join('123456'))
  })
})

describe('demo network: leaving the RTC room without a connection', () => {
  it('fails NOT_CONNECTED, the seat stays taken, and the RTC server lets it go 30 s later even after a restore', async () => {
    const net = network()
    const host = await signedIn(net, 'h')
    await ok(host.rtc.join('123456'))
    await ok(host.rtc.publish())
    const viewer = await signedIn(net, 'v')
    await ok(viewer.rtc.join('123456'))
    net.drop('h')
    await fails(host.rtc.leave(), 'NOT_CONNECTED')
    net.restore('h')
    const late = await signedIn(net, 'late')
    // the host's stream is still listed: the server never heard the leave
    expect(await ok(late.rtc.join('123456'))).toEqual({ streams: [{ id: 'h_RongCloudRTC', userId: 'h' }] })
    await ok(late.rtc.leave())
    await jest.advanceTimersByTimeAsync(30_000)
    expect(await ok(late.rtc.join('123456'))).toEqual({ streams: [] })
    // and the host can come back
    await ok(host.rtc.join('123456'))
  })
})
