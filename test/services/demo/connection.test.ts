import type { ConnectionChange, LobbySnapshot, RoomEvent, RtcEvent } from '../../../miniprogram/services/types'
import { CREATE, L, claimOf, fails, network, ok, profileOf, record, signedIn, takes } from './helpers'

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

describe('demo network: connection', () => {
  it('goes connecting → connected after one round trip and resolves the profile', async () => {
    const net = network()
    const { rts } = net.connect(profileOf('a'))
    const changes = record<ConnectionChange>((l) => rts.onConnection(l))
    const connecting = rts.connect({ id: 'ignored', name: ' 阿A ' })
    expect(changes.map((c) => c.state)).toEqual(['connecting'])
    const profile = await ok(connecting)
    expect(profile).toEqual({ id: 'a', name: '阿A' })
    expect(changes.map((c) => c.state)).toEqual(['connecting', 'connected'])
  })

  it('takes exactly latencyMs per action, and is asynchronous even at latency 0', async () => {
    const net = network()
    const { rts } = await signedIn(net, 'a')
    await takes(rts.enterLobby(), L)
    net.setLatency(0)
    let done = false
    void rts.enterLobby().then(() => (done = true))
    await Promise.resolve()
    expect(done).toBe(false)
    // fake timers run a 0 ms timer set during a tick 1 ms later: a few ms settle a round trip
    await jest.advanceTimersByTimeAsync(5)
    expect(done).toBe(true)
  })

  it('createRoom costs two round trips, joinRoom one', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    const b = await signedIn(net, 'b')
    await takes(a.rts.createRoom('123456', claimOf('a')), 2 * L)
    await takes(b.rts.joinRoom('123456'), L)
  })

  it('rejects actions with NOT_CONNECTED before connecting and after disconnecting', async () => {
    const net = network()
    const { rts } = net.connect(profileOf('a'))
    await fails(rts.enterLobby(), 'NOT_CONNECTED')
    const changes = record<ConnectionChange>((l) => rts.onConnection(l))
    await ok(rts.connect(profileOf('a')))
    await ok(rts.disconnect())
    expect(changes.map((c) => c.state)).toEqual(['connecting', 'connected', 'idle'])
    await fails(rts.sendRoomMessage('hi'), 'NOT_CONNECTED')
  })

  it('disconnect leaves the lobby for the others', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    const b = await signedIn(net, 'b')
    await ok(a.rts.enterLobby())
    expect((await ok(b.rts.enterLobby())).onlineCount).toBe(2)
    const lobby = record<LobbySnapshot>((l) => b.rts.onLobby(l))
    await ok(a.rts.disconnect())
    expect(lobby.at(-1)).toEqual({ onlineCount: 1, users: [] })
  })

  it('drop: reconnecting, actions fail, memberships stay on the server', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    const b = await signedIn(net, 'b')
    await ok(a.rts.createRoom('123456', claimOf('a')), CREATE)
    await ok(a.rts.setRoomEntry('m-a', 'me'))
    const changes = record<ConnectionChange>((l) => a.rts.onConnection(l))
    net.drop('a')
    expect(changes.map((c) => c.state)).toEqual(['reconnecting'])
    await fails(a.rts.sendRoomMessage('hi'), 'NOT_CONNECTED')
    await fails(a.rtc.join('123456'), 'NOT_CONNECTED')
    const snapshot = await ok(b.rts.joinRoom('123456'))
    expect(snapshot.memberCount).toBe(2)
    expect(snapshot.entries).toEqual({ host: 'claim-a', 'm-a': 'me' })
  })

  it('restore: connected, then rejoined with the public messages sent meanwhile; signals are lost', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    const b = await signedIn(net, 'b')
    await ok(a.rts.createRoom('123456', claimOf('a')), CREATE)
    await ok(b.rts.joinRoom('123456'))
    const changes = record<ConnectionChange>((l) => a.rts.onConnection(l))
    const events = record<RoomEvent>((l) => a.rts.onRoom(l))
    net.drop('a')
    await ok(b.rts.sendRoomMessage('你好'))
    await ok(b.rts.sendRoomSignal({ type: 'media-state', micOn: true, cameraOn: true }))
    expect(events).toEqual([])
    net.restore('a')
    expect(changes.map((c) => c.state)).toEqual(['reconnecting', 'connected'])
    await jest.advanceTimersByTimeAsync(L)
    expect(events.map((e) => e.type)).toEqual(['rejoined'])
    const rejoined = events[0]
    if (rejoined.type !== 'rejoined') throw new Error('expected rejoined')
    expect(rejoined.snapshot.history.map((m) => m.text)).toEqual(['你好'])
    expect(rejoined.snapshot.entries.host).toBe('claim-a')
    expect(rejoined.snapshot.memberCount).toBe(2)
    // and it works again
    await ok(a.rts.sendRoomMessage('回来了'))
  })

  it('restore in the lobby re-enters it and emits a fresh lobby snapshot', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    const b = await signedIn(net, 'b')
    await ok(a.rts.enterLobby())
    const lobby = record<LobbySnapshot>((l) => a.rts.onLobby(l))
    net.drop('a')
    await ok(b.rts.enterLobby())
    expect(lobby).toEqual([])
    net.restore('a')
    await jest.advanceTimersByTimeAsync(L)
    expect(lobby.at(-1)).toEqual({ onlineCount: 2, users: [profileOf('b')] })
  })

  it('kick: kicked with KICKED, removed from the chatroom (entries removed); its RTC presence stays until the RTC timeout; actions fail', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    const b = await signedIn(net, 'b')
    await ok(a.rts.createRoom('123456', claimOf('a')), CREATE)
    await ok(a.rtc.join('123456'))
    await ok(a.rtc.publish())
    await ok(b.rts.joinRoom('123456'))
    await ok(b.rtc.join('123456'))
    const changes = record<ConnectionChange>((l) => a.rts.onConnection(l))
    const rtcA = record<RtcEvent>((l) => a.rtc.onEvent(l))
    const roomB = record<RoomEvent>((l) => b.rts.onRoom(l))
    const rtcB = record<RtcEvent>((l) => b.rtc.onEvent(l))
    net.kick('a')
    expect(changes).toHaveLength(1)
    expect(changes[0].state).toBe('kicked')
    expect(changes[0].error?.code).toBe('KICKED')
    expect(rtcA.map((e) => e.type)).toContain('kicked')
    await jest.advanceTimersByTimeAsync(L / 2)
    expect(roomB).toContainEqual({ type: 'members', count: 1 })
    // the entry removal reaches b with its next KV pull
    await jest.advanceTimersByTimeAsync(L)
    expect(roomB).toContainEqual({ type: 'entry', key: 'host', value: null })
    // the RTC server only notices the silent device when its pings have been missing for 30 s
    expect(rtcB).toEqual([])
    await jest.advanceTimersByTimeAsync(30_000)
    expect(rtcB).toContainEqual({ type: 'stream-removed', streamId: 'a_RongCloudRTC' })
    await fails(a.rts.enterLobby(), 'NOT_CONNECTED')
    await fails(a.rtc.publish(), 'NOT_CONNECTED')
  })

  it('signing in with the same account elsewhere kicks the first client', async () => {
    const net = network()
    const first = await signedIn(net, 'a')
    const changes = record<ConnectionChange>((l) => first.rts.onConnection(l))
    const second = await signedIn(net, 'a')
    expect(changes.map((c) => c.state)).toEqual(['kicked'])
    await fails(first.rts.enterLobby(), 'NOT_CONNECTED')
    await ok(second.rts.enterLobby())
  })

  it('a kicked client can sign in again', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    net.kick('a')
    await ok(a.rts.connect(profileOf('a')))
    expect((await ok(a.rts.enterLobby())).onlineCount).toBe(1)
  })
})

describe('demo network: refused connects', () => {
  beforeEach(() => jest.useFakeTimers())

  it("refuseConnect makes connect end in 'failed' with the error, until lifted", async () => {
    const net = network()
    net.refuseConnect('a', 'TOKEN_INVALID')
    const { rts } = net.connect(profileOf('a'))
    const changes = record<ConnectionChange>((l) => rts.onConnection(l))
    await fails(rts.connect(profileOf('a')), 'TOKEN_INVALID')
    expect(changes.map((c) => c.state)).toEqual(['connecting', 'failed'])
    expect(changes[1].error?.code).toBe('TOKEN_INVALID')
    await fails(rts.enterLobby(), 'NOT_CONNECTED')
    net.refuseConnect('a', null)
    await ok(rts.connect(profileOf('a')))
    expect(changes.at(-1)?.state).toBe('connected')
  })
})
