/** Room entries reach a client through the SDK's cache and its pulls (services/demo/entry-sync.ts). */
import { createDemoNetwork } from '../../../miniprogram/services/demo'
import type { RoomEvent } from '../../../miniprogram/services/types'
import { CREATE, L, claimOf, ok, record, signedIn } from './helpers'

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

describe('demo network: entries after re-entering a room', () => {
  it("'rejoined' holds what the SDK cached before the drop; the changes made meanwhile come one pull later", async () => {
    const net = createDemoNetwork({ latencyMs: L })
    const a = await signedIn(net, 'a')
    const b = await signedIn(net, 'b')
    await ok(a.rts.createRoom('123456', claimOf('a')), CREATE)
    await ok(a.rts.setRoomEntry('muted', '[]'))
    await ok(b.rts.joinRoom('123456'))
    await ok(b.rts.setRoomEntry('m-b', 'B'))
    await jest.advanceTimersByTimeAsync(L)
    const events = record<RoomEvent>((l) => b.rts.onRoom(l))
    net.drop('b')
    await ok(a.rts.setRoomEntry('muted', '["b"]'))
    await ok(a.rts.setRoomEntry('m-a', 'A'))
    net.restore('b')
    await jest.advanceTimersByTimeAsync(L)
    expect(events).toHaveLength(1)
    const rejoined = events[0]
    if (rejoined.type !== 'rejoined') throw new Error('expected rejoined')
    expect(rejoined.snapshot.entries).toEqual({ host: 'claim-a', muted: '[]', 'm-b': 'B' })
    await jest.advanceTimersByTimeAsync(L - 1)
    expect(events).toHaveLength(1)
    await jest.advanceTimersByTimeAsync(1)
    expect(events.slice(1)).toEqual([
      { type: 'entry', key: 'muted', value: '["b"]' },
      { type: 'entry', key: 'm-a', value: 'A' },
    ])
  })

  it('a slow first pull (entrySyncMs past the service’s 2 s wait): a join hands back no entries, they arrive later as events', async () => {
    const net = createDemoNetwork({ latencyMs: L, entrySyncMs: 3000 })
    const a = await signedIn(net, 'a')
    const b = await signedIn(net, 'b')
    await ok(a.rts.createRoom('123456', claimOf('a')), CREATE)
    const events = record<RoomEvent>((l) => b.rts.onRoom(l))
    const snapshot = await ok(b.rts.joinRoom('123456'))
    expect(snapshot.entries).toEqual({})
    expect(snapshot.entriesPending).toBe(true)
    expect(snapshot.memberCount).toBe(2)
    await jest.advanceTimersByTimeAsync(3000 - L - 1)
    expect(events.filter((e) => e.type === 'entry')).toEqual([])
    await jest.advanceTimersByTimeAsync(L / 2 + 1)
    expect(events.filter((e) => e.type === 'entry')).toEqual([{ type: 'entry', key: 'host', value: 'claim-a' }])
  })

  it('a failed first pull (retried by the 180 s interval): rejoined from the stale cache, changes 180 s later', async () => {
    const net = createDemoNetwork({ latencyMs: L, entrySyncMs: 180_000, offlineTimeoutMs: Infinity })
    const a = await signedIn(net, 'a')
    const b = await signedIn(net, 'b')
    await ok(a.rts.createRoom('123456', claimOf('a')), CREATE)
    await ok(a.rts.setRoomEntry('muted', '[]'))
    await ok(b.rts.joinRoom('123456'))
    await jest.advanceTimersByTimeAsync(180_000)
    const events = record<RoomEvent>((l) => b.rts.onRoom(l))
    net.drop('b')
    await ok(a.rts.setRoomEntry('muted', '["b"]'))
    net.restore('b')
    await jest.advanceTimersByTimeAsync(L)
    const rejoined = events[0]
    if (rejoined?.type !== 'rejoined') throw new Error('expected rejoined')
    expect(rejoined.snapshot.entries.muted).toBe('[]')
    await jest.advanceTimersByTimeAsync(179_000)
    expect(events).toHaveLength(1)
    await jest.advanceTimersByTimeAsync(1000)
    expect(events.slice(1)).toEqual([{ type: 'entry', key: 'muted', value: '["b"]' }])
  })
})
