import { createDemoNetwork } from '../../../miniprogram/services/demo'
import type { RoomEvent, RtcEvent } from '../../../miniprogram/services/types'
import { CREATE, L, claimOf, ok, record, signedIn } from './helpers'

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

const TIMEOUT = 30000
const evicting = () => createDemoNetwork({ latencyMs: L, offlineTimeoutMs: TIMEOUT })

describe('demo network: the server notices a long drop (offlineTimeoutMs)', () => {
  it('by default never: a long drop still restores into the room', async () => {
    const net = createDemoNetwork({ latencyMs: L })
    const a = await signedIn(net, 'a')
    await ok(a.rts.createRoom('123456', claimOf('a')), CREATE)
    const events = record<RoomEvent>((l) => a.rts.onRoom(l))
    net.drop('a')
    await jest.advanceTimersByTimeAsync(10 * TIMEOUT)
    net.restore('a')
    await jest.advanceTimersByTimeAsync(L)
    expect(events.map((e) => e.type)).toEqual(['rejoined'])
  })

  it('removes the dropped member (entries, stream) and restore rejoins a room that still exists', async () => {
    const net = evicting()
    const a = await signedIn(net, 'a')
    const b = await signedIn(net, 'b')
    await ok(a.rts.createRoom('123456', claimOf('a')), CREATE)
    await ok(a.rtc.join('123456'))
    await ok(a.rtc.publish())
    await ok(b.rts.joinRoom('123456'))
    await ok(b.rtc.join('123456'))
    const roomB = record<RoomEvent>((l) => b.rts.onRoom(l))
    const rtcB = record<RtcEvent>((l) => b.rtc.onEvent(l))
    const roomA = record<RoomEvent>((l) => a.rts.onRoom(l))
    const rtcA = record<RtcEvent>((l) => a.rtc.onEvent(l))
    net.drop('a')
    await jest.advanceTimersByTimeAsync(TIMEOUT - 1)
    expect(roomB).toEqual([])
    await jest.advanceTimersByTimeAsync(1 + L)
    expect(roomB).toEqual(expect.arrayContaining([{ type: 'entry', key: 'host', value: null }, { type: 'members', count: 1 }]))
    expect(rtcB).toEqual([{ type: 'stream-removed', streamId: 'a_RongCloudRTC' }])
    net.restore('a')
    await jest.advanceTimersByTimeAsync(L)
    expect(roomA).toHaveLength(1)
    const rejoined = roomA[0]
    if (rejoined.type !== 'rejoined') throw new Error('expected rejoined')
    expect(rejoined.snapshot.entries).toEqual({})
    expect(rejoined.snapshot.memberCount).toBe(2)
    expect(rtcA.map((e) => e.type)).toEqual(['kicked'])
  })

  it("restore into a room that is gone: 'lost' with ROOM_NOT_FOUND", async () => {
    const net = evicting()
    const a = await signedIn(net, 'a')
    await ok(a.rts.createRoom('123456', claimOf('a')), CREATE)
    const events = record<RoomEvent>((l) => a.rts.onRoom(l))
    net.drop('a')
    await jest.advanceTimersByTimeAsync(TIMEOUT + L)
    net.restore('a')
    await jest.advanceTimersByTimeAsync(L)
    expect(events).toHaveLength(1)
    const lost = events[0]
    if (lost.type !== 'lost') throw new Error('expected lost')
    expect(lost.error.code).toBe('ROOM_NOT_FOUND')
  })

  it('a restore before the timeout cancels the eviction', async () => {
    const net = evicting()
    const a = await signedIn(net, 'a')
    await ok(a.rts.createRoom('123456', claimOf('a')), CREATE)
    net.drop('a')
    await jest.advanceTimersByTimeAsync(TIMEOUT / 2)
    net.restore('a')
    await jest.advanceTimersByTimeAsync(L)
    expect(net.stats().timers).toBe(0)
    await jest.advanceTimersByTimeAsync(TIMEOUT)
    const b = await signedIn(net, 'b')
    expect((await ok(b.rts.joinRoom('123456'))).entries).toEqual({ host: 'claim-a' })
  })
})
