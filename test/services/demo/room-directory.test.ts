/**
 * The demo network's list of live rooms (RtsService.listRooms / onRooms): it plays the part a
 * server of ours would play, since RongCloud gives clients no list of chatrooms.
 */
import { hostClaimEntry } from '../../../miniprogram/core/room-protocol'
import { CHATROOM_IDLE_MS, createDemoNetwork } from '../../../miniprogram/services/demo'
import type { RoomListing } from '../../../miniprogram/services/types'
import { CREATE, L, network, ok, profileOf, record, signedIn } from './helpers'

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

const claim = (id: string, since: number) => hostClaimEntry(profileOf(id), since)

describe('demo network: live rooms', () => {
  it('lists rooms with a valid host claim, newest first; a key without a valid claim is no room', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    const b = await signedIn(net, 'b')
    const c = await signedIn(net, 'c')
    await ok(a.rts.createRoom('111111', claim('a', 1000)), CREATE)
    await ok(b.rts.createRoom('222222', claim('b', 2000)), CREATE)
    await ok(c.rts.createRoom('333333', { key: 'host', value: 'not a claim' }), CREATE)
    expect(await ok(c.rts.listRooms())).toEqual([
      { roomId: '222222', host: profileOf('b'), since: 2000, viewers: 0 },
      { roomId: '111111', host: profileOf('a'), since: 1000, viewers: 0 },
    ])
  })

  it('tells the lobby when a room opens and when its host leaves, latencyMs/2 after the server saw it', async () => {
    const net = network()
    const watcher = await signedIn(net, 'w')
    const host = await signedIn(net, 'h')
    await ok(watcher.rts.enterLobby())
    const seen = record<RoomListing[]>((l) => watcher.rts.onRooms(l))
    void host.rts.createRoom('123456', claim('h', 5000))
    await jest.advanceTimersByTimeAsync(L + L / 2 - 1) // the claim reaches the server at 1.5 L
    expect(seen).toEqual([])
    await jest.advanceTimersByTimeAsync(L / 2 + 1)
    expect(seen).toEqual([[{ roomId: '123456', host: profileOf('h'), since: 5000, viewers: 0 }]])
    await ok(host.rts.leaveRoom())
    expect(seen.at(-1)).toEqual([])
    expect(seen).toHaveLength(2)
  })

  it('pushes only to clients in the lobby, and nothing when the list did not change', async () => {
    const net = network()
    const inLobby = await signedIn(net, 'l')
    const inRoom = await signedIn(net, 'r')
    const host = await signedIn(net, 'h')
    await ok(inLobby.rts.enterLobby())
    await ok(inRoom.rts.createRoom('654321', claim('r', 1)), CREATE)
    const lobbySeen = record<RoomListing[]>((l) => inLobby.rts.onRooms(l))
    const roomSeen = record<RoomListing[]>((l) => inRoom.rts.onRooms(l))
    await ok(host.rts.createRoom('123456', claim('h', 2)), CREATE)
    await ok(host.rts.sendRoomMessage('hello'))
    await ok(host.rts.setRoomEntry('m-h', '{}'))
    expect(lobbySeen).toHaveLength(1)
    expect(lobbySeen[0].map((r) => r.roomId)).toEqual(['123456', '654321'])
    expect(roomSeen).toEqual([])
  })

  it('a kicked host’s room leaves the list', async () => {
    const net = network()
    const watcher = await signedIn(net, 'w')
    const host = await signedIn(net, 'h')
    await ok(host.rts.createRoom('123456', claim('h', 1)), CREATE)
    await ok(watcher.rts.enterLobby())
    expect(await ok(watcher.rts.listRooms())).toHaveLength(1)
    net.kick('h')
    expect(await ok(watcher.rts.listRooms())).toEqual([])
  })

  it('a room whose chatroom the server destroys after an idle hour leaves the list without anyone asking', async () => {
    const net = createDemoNetwork({ latencyMs: L, bindRtcRooms: false })
    const host = await signedIn(net, 'h')
    const watcher = await signedIn(net, 'w')
    await ok(host.rts.createRoom('123456', claim('h', 1)), CREATE)
    // the lobby's own idle hour starts after the room's, so the watcher is still in it
    await ok(watcher.rts.enterLobby())
    const seen = record<RoomListing[]>((l) => watcher.rts.onRooms(l))
    await jest.advanceTimersByTimeAsync(CHATROOM_IDLE_MS - 2 * CREATE)
    expect(seen).toEqual([])
    await jest.advanceTimersByTimeAsync(2 * CREATE)
    expect(seen).toEqual([[]])
    net.close()
  })
})
