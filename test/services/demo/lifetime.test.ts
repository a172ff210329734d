/** Idle chatrooms are destroyed after an hour, the lobby included, unless bound to a live RTC room. */
import { createDemoNetwork } from '../../../miniprogram/services/demo'
import type { LobbySnapshot, RoomEvent } from '../../../miniprogram/services/types'
import { CREATE, L, claimOf, fails, ok, record, signedIn } from './helpers'

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

const HOUR = 60 * 60 * 1000
const net = (bindRtcRooms = true) => createDemoNetwork({ latencyMs: L, bindRtcRooms })

async function roomOfTwo(n = net()) {
  const a = await signedIn(n, 'a')
  const b = await signedIn(n, 'b')
  await ok(a.rts.createRoom('123456', claimOf('a')), CREATE)
  await ok(b.rts.joinRoom('123456'))
  return { n, a, b, roomA: record<RoomEvent>((l) => a.rts.onRoom(l)), roomB: record<RoomEvent>((l) => b.rts.onRoom(l)) }
}

describe('demo network: idle chatrooms are destroyed', () => {
  it("an hour without a join, leave or message: every member gets 'lost' ROOM_NOT_FOUND, and the room is gone", async () => {
    const { n, a, b, roomA, roomB } = await roomOfTwo()
    await jest.advanceTimersByTimeAsync(HOUR - 2 * L)
    expect(roomA).toEqual([])
    await jest.advanceTimersByTimeAsync(2 * L)
    for (const events of [roomA, roomB]) {
      expect(events).toHaveLength(1)
      const lost = events[0]
      if (lost.type !== 'lost') throw new Error('expected lost')
      expect(lost.error.code).toBe('ROOM_NOT_FOUND')
    }
    await fails(a.rts.sendRoomMessage('还在吗'), 'NOT_CONNECTED')
    await fails(b.rts.joinRoom('123456'), 'ROOM_NOT_FOUND')
    // the number is free again, with no entries or history left over
    const fresh = await ok(b.rts.createRoom('123456', claimOf('b')), CREATE)
    expect(fresh).toEqual({ roomId: '123456', entries: { host: 'claim-b' }, memberCount: 1, history: [] })
    expect(n.stats().housekeeping).toBe(1)
  })

  it('a message, a join or a leave starts the hour again', async () => {
    const { n, a, roomA } = await roomOfTwo()
    await jest.advanceTimersByTimeAsync(HOUR - 10 * L)
    await ok(a.rts.sendRoomMessage('还有人吗'))
    await jest.advanceTimersByTimeAsync(HOUR - 10 * L)
    const c = await signedIn(n, 'c')
    await ok(c.rts.joinRoom('123456'))
    await jest.advanceTimersByTimeAsync(HOUR - 10 * L)
    await ok(c.rts.leaveRoom())
    await jest.advanceTimersByTimeAsync(HOUR - 10 * L)
    expect(roomA.some((e) => e.type === 'lost')).toBe(false)
    await jest.advanceTimersByTimeAsync(10 * L)
    expect(roomA.at(-1)?.type).toBe('lost')
  })

  it('a member dropped at the time finds the room gone on restore', async () => {
    const { n, roomB } = await roomOfTwo()
    n.drop('b')
    await jest.advanceTimersByTimeAsync(HOUR + L)
    n.restore('b')
    await jest.advanceTimersByTimeAsync(L)
    expect(roomB.map((e) => e.type)).toEqual(['lost'])
  })

  it('the lobby too: its members get a snapshot with `lost`, and enterLobby() brings them back', async () => {
    const n = net()
    const a = await signedIn(n, 'a')
    const b = await signedIn(n, 'b')
    await ok(a.rts.enterLobby())
    await ok(b.rts.enterLobby())
    const lobbyA = record<LobbySnapshot>((l) => a.rts.onLobby(l))
    await jest.advanceTimersByTimeAsync(HOUR)
    expect(lobbyA).toHaveLength(1)
    expect(lobbyA[0]).toMatchObject({ onlineCount: 0, users: [] })
    expect(lobbyA[0].lost?.code).toBe('ROOM_NOT_FOUND')
    expect((await ok(a.rts.enterLobby())).onlineCount).toBe(1)
  })

  it('a drop leaves the lobby chatroom destroyed meanwhile: restore enters a new one', async () => {
    const n = net()
    const a = await signedIn(n, 'a')
    await ok(a.rts.enterLobby())
    const lobbyA = record<LobbySnapshot>((l) => a.rts.onLobby(l))
    n.drop('a')
    await jest.advanceTimersByTimeAsync(HOUR + L)
    n.restore('a')
    await jest.advanceTimersByTimeAsync(L)
    expect(lobbyA.at(-1)).toEqual({ onlineCount: 1, users: [] })
  })
})

describe('demo network: a room chatroom bound to its RTC room (bindRTCRoomForChatroom)', () => {
  async function liveQuietRoom(bind: boolean) {
    const setup = await roomOfTwo(net(bind))
    await ok(setup.a.rtc.join('123456'))
    await ok(setup.a.rtc.publish())
    await ok(setup.b.rtc.join('123456'))
    return setup
  }

  it('lives on in silence while anyone is in the RTC room (the service binds it when creating)', async () => {
    const { roomA, roomB } = await liveQuietRoom(true)
    await jest.advanceTimersByTimeAsync(3 * HOUR)
    expect([...roomA, ...roomB]).toEqual([])
  })

  it('is destroyed within an hour once the RTC room is empty', async () => {
    const { a, b, roomA } = await liveQuietRoom(true)
    await jest.advanceTimersByTimeAsync(2 * HOUR)
    await ok(a.rtc.leave())
    await ok(b.rtc.leave())
    await jest.advanceTimersByTimeAsync(HOUR)
    expect(roomA.at(-1)?.type).toBe('lost')
  })

  it('unbound (bindRtcRooms: false), a quiet room dies after an hour although video flows', async () => {
    const { roomA, roomB } = await liveQuietRoom(false)
    await jest.advanceTimersByTimeAsync(HOUR)
    expect(roomA.map((e) => e.type)).toEqual(['lost'])
    expect(roomB.map((e) => e.type)).toEqual(['lost'])
  })
})
