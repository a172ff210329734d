import { AppError } from '../../../miniprogram/core/errors'
import type { LobbySnapshot, RoomEvent } from '../../../miniprogram/services/types'
import { CREATE, L, claimOf, fails, network, ok, profileOf, record, signedIn } from './helpers'

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

describe('demo network: lobby', () => {
  it('counts everyone incl. me and lists the others, most recent first', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    const b = await signedIn(net, 'b')
    const c = await signedIn(net, 'c')
    expect(await ok(a.rts.enterLobby())).toEqual({ onlineCount: 1, users: [], entries: {} })
    await ok(b.rts.enterLobby())
    const snapshot = await ok(c.rts.enterLobby())
    expect(snapshot).toEqual({ onlineCount: 3, users: [profileOf('b'), profileOf('a')], entries: {} })
  })

  it('pushes a fresh snapshot to lobby members when someone enters, leaves or goes to a room', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    const b = await signedIn(net, 'b')
    await ok(a.rts.enterLobby())
    const seen = record<LobbySnapshot>((l) => a.rts.onLobby(l))
    await ok(b.rts.enterLobby())
    expect(seen).toEqual([{ onlineCount: 2, users: [profileOf('b')] }])
    await ok(b.rts.createRoom('123456', claimOf('b')), CREATE)
    expect(seen.at(-1)).toEqual({ onlineCount: 1, users: [] })
    await ok(b.rts.enterLobby())
    await ok(b.rts.leaveLobby())
    expect(seen.map((s) => s.onlineCount)).toEqual([2, 1, 2, 1])
  })

  it('delivers lobby pushes latencyMs/2 after the server handled the request', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    const b = await signedIn(net, 'b')
    await ok(a.rts.enterLobby())
    const seen = record<LobbySnapshot>((l) => a.rts.onLobby(l))
    void b.rts.enterLobby()
    await jest.advanceTimersByTimeAsync(L - 1)
    expect(seen).toHaveLength(0)
    await jest.advanceTimersByTimeAsync(1)
    expect(seen).toHaveLength(1)
  })
})

describe('demo network: rooms', () => {
  it('createRoom enters the room, writes the claim and returns the snapshot', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    const snapshot = await ok(a.rts.createRoom('123456', claimOf('a')), CREATE)
    expect(snapshot).toEqual({ roomId: '123456', entries: { host: 'claim-a' }, memberCount: 1, history: [] })
  })

  it('createRoom on a taken number resolves null and leaves the room again', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    const b = await signedIn(net, 'b')
    await ok(a.rts.createRoom('123456', claimOf('a')), CREATE)
    const events = record<RoomEvent>((l) => a.rts.onRoom(l))
    expect(await ok(b.rts.createRoom('123456', claimOf('b')), CREATE)).toBeNull()
    expect(events.filter((e) => e.type === 'members')).toEqual([
      { type: 'members', count: 2 },
      { type: 'members', count: 1 },
    ])
    await fails(b.rts.sendRoomMessage('我还在吗'), 'NOT_CONNECTED')
  })

  it('two simultaneous creates of one number: exactly one wins', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    const b = await signedIn(net, 'b')
    const results = await ok(Promise.all([a.rts.createRoom('222222', claimOf('a')), b.rts.createRoom('222222', claimOf('b'))]), CREATE)
    expect(results.filter((r) => r === null)).toHaveLength(1)
    const winnerIndex = results.findIndex((r) => r !== null)
    const winner = [a, b][winnerIndex]
    // both were in the chatroom when the claim was written; the loser has left since
    expect(results[winnerIndex]?.entries.host).toBe(`claim-${winner.profile.id}`)
    const c = await signedIn(net, 'c')
    expect((await ok(c.rts.joinRoom('222222'))).memberCount).toBe(2)
  })

  it('joinRoom: ROOM_NOT_FOUND for a room nobody is in, INVALID_ROOM_NUMBER for a bad number', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    await fails(a.rts.joinRoom('654321'), 'ROOM_NOT_FOUND')
    await fails(a.rts.joinRoom('012345'), 'INVALID_ROOM_NUMBER')
  })

  it('a room holds 16 people: the 17th gets ROOM_FULL', async () => {
    const net = network()
    const host = await signedIn(net, 'h')
    await ok(host.rts.createRoom('123456', claimOf('h')), CREATE)
    for (let i = 1; i < 16; i++) {
      const member = await signedIn(net, `m${i}`)
      expect((await ok(member.rts.joinRoom('123456'))).memberCount).toBe(i + 1)
    }
    const late = await signedIn(net, 'late')
    await fails(late.rts.joinRoom('123456'), 'ROOM_FULL')
  })

  it('joining a room leaves the lobby (one chatroom at a time) and members events go to everyone in the room', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    const b = await signedIn(net, 'b')
    await ok(a.rts.createRoom('123456', claimOf('a')), CREATE)
    await ok(b.rts.enterLobby())
    const roomA = record<RoomEvent>((l) => a.rts.onRoom(l))
    const roomB = record<RoomEvent>((l) => b.rts.onRoom(l))
    const snapshot = await ok(b.rts.joinRoom('123456'))
    expect(snapshot.memberCount).toBe(2)
    expect(roomA).toEqual([{ type: 'members', count: 2 }])
    expect(roomB).toEqual([{ type: 'members', count: 2 }])
    const c = await signedIn(net, 'c')
    expect((await ok(c.rts.enterLobby())).onlineCount).toBe(1)
  })

  it('the room is gone when the last member leaves', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    const b = await signedIn(net, 'b')
    await ok(a.rts.createRoom('123456', claimOf('a')), CREATE)
    await ok(a.rts.sendRoomMessage('旧消息'))
    await ok(a.rts.leaveRoom())
    await fails(b.rts.joinRoom('123456'), 'ROOM_NOT_FOUND')
    // a new room with the same number starts empty
    const fresh = await ok(b.rts.createRoom('123456', claimOf('b')), CREATE)
    expect(fresh?.history).toEqual([])
    expect(fresh?.entries).toEqual({ host: 'claim-b' })
  })

  it('restore after the room was closed meanwhile is impossible while a member stays, so the room lives on', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    const b = await signedIn(net, 'b')
    await ok(a.rts.createRoom('123456', claimOf('a')), CREATE)
    await ok(b.rts.joinRoom('123456'))
    net.drop('b')
    await ok(a.rts.leaveRoom())
    // b is still a member on the server: the room exists
    const c = await signedIn(net, 'c')
    expect((await ok(c.rts.joinRoom('123456'))).memberCount).toBe(2)
  })
})

describe('demo network: room entries', () => {
  it('only the writer may overwrite or remove an entry', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    const b = await signedIn(net, 'b')
    await ok(a.rts.createRoom('123456', claimOf('a')), CREATE)
    await ok(b.rts.joinRoom('123456'))
    await fails(b.rts.setRoomEntry('host', 'mine now'), 'NOT_ALLOWED')
    await fails(b.rts.removeRoomEntry('host'), 'NOT_ALLOWED')
    await ok(a.rts.setRoomEntry('host', 'claim-a2'))
    expect((await ok(b.rts.joinRoom('123456'))).entries.host).toBe('claim-a2')
    await ok(a.rts.removeRoomEntry('host'))
    await ok(b.rts.setRoomEntry('host', 'claim-b'))
  })

  it('every change is an entry event to everyone in the room: the writer at once, the others one KV pull later', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    const b = await signedIn(net, 'b')
    await ok(a.rts.createRoom('123456', claimOf('a')), CREATE)
    await ok(b.rts.joinRoom('123456'))
    const roomA = record<RoomEvent>((l) => a.rts.onRoom(l))
    const roomB = record<RoomEvent>((l) => b.rts.onRoom(l))
    await ok(b.rts.setRoomEntry('m-b', 'B'))
    const expected = [
      { type: 'entry', key: 'm-b', value: 'B' },
      { type: 'entry', key: 'm-b', value: null },
    ]
    expect(roomB).toEqual(expected.slice(0, 1))
    // the others hear of it by a notification (L/2 after the server took it) and a pull (one round trip)
    expect(roomA).toEqual([])
    await jest.advanceTimersByTimeAsync(L - 1)
    expect(roomA).toEqual([])
    await jest.advanceTimersByTimeAsync(1)
    expect(roomA).toEqual(expected.slice(0, 1))
    await ok(b.rts.removeRoomEntry('m-b'))
    await jest.advanceTimersByTimeAsync(L)
    expect(roomA).toEqual(expected)
    expect(roomB).toEqual(expected)
  })

  it("a leaving writer's entries are removed, with entry null events to the others", async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    const b = await signedIn(net, 'b')
    await ok(a.rts.createRoom('123456', claimOf('a')), CREATE)
    await ok(a.rts.setRoomEntry('m-a', 'A'))
    await ok(b.rts.joinRoom('123456'))
    const roomB = record<RoomEvent>((l) => b.rts.onRoom(l))
    await ok(a.rts.leaveRoom())
    await jest.advanceTimersByTimeAsync(L)
    expect(roomB).toEqual(
      expect.arrayContaining([
        { type: 'entry', key: 'host', value: null },
        { type: 'entry', key: 'm-a', value: null },
        { type: 'members', count: 1 },
      ]),
    )
    expect((await ok(b.rts.joinRoom('123456'))).entries).toEqual({})
  })

  it('needs to be in a room; bad keys are refused', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    await fails(a.rts.setRoomEntry('m-a', 'A'), 'NOT_CONNECTED')
    await ok(a.rts.enterLobby())
    await fails(a.rts.setRoomEntry('m-a', 'A'), 'NOT_CONNECTED')
    await ok(a.rts.createRoom('123456', claimOf('a')), CREATE)
    const error = await fails(a.rts.setRoomEntry('bad key!', 'x'), 'NOT_ALLOWED')
    expect(error).toBeInstanceOf(AppError)
    await fails(a.rts.setRoomEntry('big', 'x'.repeat(4097)), 'NOT_ALLOWED')
  })
})
