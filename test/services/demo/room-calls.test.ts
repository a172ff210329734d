/**
 * Room calls name the chatroom the client is in when it makes them, as RongCloud's quitChatRoom /
 * sendMessage / setChatRoomEntry do (issue 10 C11: a late leave that named no room used to remove
 * the person from whatever room they were in by then).
 */
import type { RoomEvent } from '../../../miniprogram/services/types'
import { CREATE, L, claimOf, network, ok, record, signedIn, watch } from './helpers'

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

async function twoRooms() {
  const net = network()
  const a = await signedIn(net, 'a')
  const b = await signedIn(net, 'b')
  const c = await signedIn(net, 'c')
  await ok(a.rts.createRoom('111111', claimOf('a')), CREATE)
  await ok(b.rts.createRoom('222222', claimOf('b')), CREATE)
  await ok(c.rts.joinRoom('111111'))
  return { net, a, b, c, roomB: record<RoomEvent>((l) => b.rts.onRoom(l)) }
}

describe('demo network: room calls name their room (C11)', () => {
  it('a leave sent for the old room after joining the next one leaves nothing', async () => {
    const { c, roomB } = await twoRooms()
    const joining = watch(c.rts.joinRoom('222222'))
    // the old room's leave, sent while the join is on its way
    const leaving = watch(c.rts.leaveRoom())
    await jest.advanceTimersByTimeAsync(L)
    expect(joining.outcome?.ok).toBe(true)
    expect(leaving.outcome?.ok).toBe(true)
    expect(roomB.filter((e) => e.type === 'members')).toEqual([{ type: 'members', count: 2 }])
    // still in the new room: it can talk there
    await ok(c.rts.sendRoomMessage('我在新房间'))
    expect(roomB).toContainEqual(expect.objectContaining({ type: 'message' }))
  })

  it('a message for the old room that reaches the server after the switch is refused (23406), not put in the new room', async () => {
    const { c, roomB } = await twoRooms()
    const joining = watch(c.rts.joinRoom('222222'))
    const late = watch(c.rts.sendRoomMessage('旧房间的话'))
    await jest.advanceTimersByTimeAsync(L)
    expect(joining.outcome?.ok).toBe(true)
    expect(late.outcome?.ok).toBe(false)
    expect(late.outcome?.ok === false && late.outcome.error).toMatchObject({ code: 'NOT_CONNECTED', message: '你不在这个房间里' })
    expect(roomB.filter((e) => e.type === 'message')).toEqual([])
  })

  it('entries for the old room are refused too, and never written into the new one', async () => {
    const { net, c } = await twoRooms()
    const joining = watch(c.rts.joinRoom('222222'))
    const late = watch(c.rts.setRoomEntry('m-c', 'C'))
    await jest.advanceTimersByTimeAsync(L)
    expect(joining.outcome?.ok).toBe(true)
    expect(late.outcome?.ok).toBe(false)
    const d = await signedIn(net, 'd')
    expect((await ok(d.rts.joinRoom('222222'))).entries).toEqual({ host: 'claim-b' })
  })

  it('a leave after the client is back in the lobby does not touch the lobby', async () => {
    const { net, c } = await twoRooms()
    await ok(c.rts.enterLobby())
    const other = await signedIn(net, 'o')
    await ok(other.rts.enterLobby())
    await ok(c.rts.leaveRoom())
    expect((await ok(other.rts.enterLobby())).onlineCount).toBe(2)
  })
})
