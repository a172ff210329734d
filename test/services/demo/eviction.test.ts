import { createDemoNetwork } from '../../../miniprogram/services/demo'
import type { RoomEvent, RtcEvent } from '../../../miniprogram/services/types'
import { CREATE, L, claimOf, ok, record, signedIn } from './helpers'

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

const TIMEOUT = 30000

/** a (host, publishing, with a member entry) and b in room 123456, b watching a's stream */
async function hostAndViewer(net = createDemoNetwork({ latencyMs: L })) {
  const a = await signedIn(net, 'a')
  const b = await signedIn(net, 'b')
  await ok(a.rts.createRoom('123456', claimOf('a')), CREATE)
  await ok(a.rts.setRoomEntry('m-a', 'A'))
  await ok(a.rtc.join('123456'))
  await ok(a.rtc.publish())
  await ok(b.rts.joinRoom('123456'))
  await ok(b.rtc.join('123456'))
  const roomB = record<RoomEvent>((l) => b.rts.onRoom(l))
  const rtcB = record<RtcEvent>((l) => b.rtc.onEvent(l))
  const roomA = record<RoomEvent>((l) => a.rts.onRoom(l))
  const rtcA = record<RtcEvent>((l) => a.rtc.onEvent(l))
  return { net, a, b, roomA, rtcA, roomB, rtcB }
}

describe('demo network: a dropped member leaves the chatroom only at a message 30 s on (offlineTimeoutMs)', () => {
  it('without messages never: an hour later the member still counts, keeps its entries, and restore rejoins', async () => {
    const { net, a, roomA, roomB } = await hostAndViewer()
    net.drop('a')
    await jest.advanceTimersByTimeAsync(59 * 60 * 1000)
    expect(roomB).toEqual([])
    const c = await signedIn(net, 'c')
    const seen = await ok(c.rts.joinRoom('123456'))
    expect(seen.memberCount).toBe(3)
    expect(seen.entries).toEqual({ host: 'claim-a', 'm-a': 'A' })
    net.restore('a')
    await jest.advanceTimersByTimeAsync(L)
    // a dropped client hears nothing live (c's arrival included): it catches up with the snapshot
    expect(roomA.map((e) => e.type)).toEqual(['rejoined'])
    await ok(a.rts.sendRoomMessage('还在'))
  })

  it('a message before 30 s leaves it in; the first one after removes it: its entries go, the others see it leave', async () => {
    const { net, b, roomB } = await hostAndViewer()
    net.drop('a')
    await jest.advanceTimersByTimeAsync(TIMEOUT - 2 * L)
    await ok(b.rts.sendRoomMessage('有人吗'))
    expect(roomB).toEqual([])
    await jest.advanceTimersByTimeAsync(2 * L)
    await ok(b.rts.sendRoomMessage('主播呢'))
    expect(roomB).toContainEqual({ type: 'members', count: 1 })
    // entry removals come with b's next KV pull
    await jest.advanceTimersByTimeAsync(L)
    expect(roomB).toEqual(
      expect.arrayContaining([
        { type: 'entry', key: 'host', value: null },
        { type: 'entry', key: 'm-a', value: null },
      ]),
    )
  })

  it('signals count as messages too (they go through the server as status messages)', async () => {
    const { net, b, roomB } = await hostAndViewer()
    net.drop('a')
    await jest.advanceTimersByTimeAsync(TIMEOUT)
    await ok(b.rts.sendRoomSignal({ type: 'media-state', micOn: true, cameraOn: true }))
    expect(roomB).toContainEqual({ type: 'members', count: 1 })
  })

  it('the 31st message within the 30 s removes it early', async () => {
    const { net, b, roomB } = await hostAndViewer()
    net.drop('a')
    for (let i = 1; i <= 30; i++) {
      await ok(b.rts.sendRoomMessage(`第${i}条`))
      // within the 5 per second send limit
      await jest.advanceTimersByTimeAsync(250)
    }
    expect(roomB.filter((e) => e.type === 'members')).toEqual([])
    await ok(b.rts.sendRoomMessage('第31条'))
    expect(roomB).toContainEqual({ type: 'members', count: 1 })
  })

  it('the RTC room drops the silent device after 30 s: its stream goes; after restore it gets an RTC kicked', async () => {
    const { net, rtcA, rtcB } = await hostAndViewer()
    net.drop('a')
    await jest.advanceTimersByTimeAsync(TIMEOUT - 1)
    expect(rtcB).toEqual([])
    await jest.advanceTimersByTimeAsync(1 + L)
    expect(rtcB).toEqual([{ type: 'stream-removed', streamId: 'a_RongCloudRTC' }])
    net.restore('a')
    await jest.advanceTimersByTimeAsync(L)
    expect(rtcA.map((e) => e.type)).toEqual(['kicked'])
  })

  it("after removal, restore rejoins with what its SDK cached before the drop; the next pull says the entries are gone", async () => {
    const { net, b, roomA } = await hostAndViewer()
    net.drop('a')
    await jest.advanceTimersByTimeAsync(TIMEOUT)
    await ok(b.rts.sendRoomMessage('主播呢'))
    net.restore('a')
    await jest.advanceTimersByTimeAsync(L)
    expect(roomA).toHaveLength(1)
    const rejoined = roomA[0]
    if (rejoined.type !== 'rejoined') throw new Error('expected rejoined')
    expect(rejoined.snapshot.entries).toEqual({ host: 'claim-a', 'm-a': 'A' })
    expect(rejoined.snapshot.memberCount).toBe(2)
    await jest.advanceTimersByTimeAsync(L)
    expect(roomA.slice(1)).toEqual(
      expect.arrayContaining([
        { type: 'entry', key: 'host', value: null },
        { type: 'entry', key: 'm-a', value: null },
      ]),
    )
  })

  it("restore into a room that is gone: 'lost' with ROOM_NOT_FOUND", async () => {
    const { net, b, roomA } = await hostAndViewer()
    net.drop('a')
    await jest.advanceTimersByTimeAsync(TIMEOUT)
    await ok(b.rts.sendRoomMessage('我也走了'))
    await ok(b.rts.leaveRoom())
    net.restore('a')
    await jest.advanceTimersByTimeAsync(L)
    expect(roomA).toHaveLength(1)
    const lost = roomA[0]
    if (lost.type !== 'lost') throw new Error('expected lost')
    expect(lost.error.code).toBe('ROOM_NOT_FOUND')
  })

  it('a restore before the timeout cancels the RTC timeout; later messages do not remove it', async () => {
    const { net, b, roomB, rtcB } = await hostAndViewer()
    net.drop('a')
    await jest.advanceTimersByTimeAsync(TIMEOUT / 2)
    expect(net.stats().housekeeping).toBeGreaterThan(0)
    const pendingWhileDropped = net.stats().housekeeping
    net.restore('a')
    await jest.advanceTimersByTimeAsync(2 * L)
    expect(net.stats().timers).toBe(0)
    expect(net.stats().housekeeping).toBe(pendingWhileDropped - 1)
    await jest.advanceTimersByTimeAsync(TIMEOUT)
    await ok(b.rts.sendRoomMessage('你好'))
    expect(roomB.filter((e) => e.type === 'members')).toEqual([])
    expect(rtcB).toEqual([])
  })

  it('offlineTimeoutMs: Infinity never removes anyone', async () => {
    const { net, b, roomB, rtcB } = await hostAndViewer(createDemoNetwork({ latencyMs: L, offlineTimeoutMs: Infinity }))
    net.drop('a')
    await jest.advanceTimersByTimeAsync(10 * TIMEOUT)
    await ok(b.rts.sendRoomMessage('你好'))
    expect(roomB).toEqual([])
    expect(rtcB).toEqual([])
  })
})
