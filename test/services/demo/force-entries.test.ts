/**
 * The demo's chatroom KV is as unkind as RongCloud's: a member may force-write or force-delete any
 * entry (forceSetChatRoomEntry / forceRemoveChatRoomEntry), the server's signed ones included, in a
 * room or in the lobby; and the lobby's entries (our server's listings) reach everyone in the lobby
 * after their KV pull, and come with the lobby as it is entered.
 */
import { createDemoNetwork } from '../../../miniprogram/services/demo'
import { hubOf } from '../../../miniprogram/services/demo/network'
import type { RoomEvent } from '../../../miniprogram/services/types'
import { fails, L, ok, record, signedIn } from './helpers'

beforeEach(() => jest.useFakeTimers({ now: Date.UTC(2025, 0, 1, 12) }))
afterEach(() => jest.useRealTimers())

function setup() {
  const net = createDemoNetwork({ latencyMs: L })
  const hub = hubOf.get(net)!
  const kv = (chatroom: string, key: string) => hub.chatrooms.get(chatroom)?.entries.get(key)
  return { net, kv }
}

describe('demo network: forced KV writes', () => {
  it('a member overwrites and deletes entries the server or another member wrote; a plain write may not', async () => {
    const { net, kv } = setup()
    const host = await signedIn(net, 'h')
    const rogue = await signedIn(net, 'r')
    const claim = hubOf.get(net)!.backend.createRoom(host.profile, '234567', undefined).hostClaim
    expect(kv('room-234567', 'sig-host')?.value).toBe(claim)
    await ok(host.rts.joinRoom('234567'))
    await ok(rogue.rts.joinRoom('234567'))
    const seen = record<RoomEvent>((l) => host.rts.onRoom(l))

    await fails(rogue.rts.setRoomEntry('sig-host', 'forged'), 'NOT_ALLOWED')
    expect(kv('room-234567', 'sig-host')?.value).toBe(claim)

    await ok(net.forceEntry('r', 'room-234567', 'sig-host', 'forged'))
    expect(kv('room-234567', 'sig-host')).toEqual({ value: 'forged', writer: 'r' })
    await ok(net.forceEntry('r', 'room-234567', 'sig-mutes', 'forged-list'))
    await ok(net.forceEntry('r', 'room-234567', 'sig-host', null))
    expect(kv('room-234567', 'sig-host')).toBeUndefined()
    await jest.advanceTimersByTimeAsync(2 * L)
    expect(seen).toEqual([
      { type: 'entry', key: 'sig-host', value: 'forged' },
      { type: 'entry', key: 'sig-mutes', value: 'forged-list' },
      { type: 'entry', key: 'sig-host', value: null },
    ])
    // the host's own member entry too
    await ok(host.rts.setRoomEntry('m-h', JSON.stringify(host.profile)))
    await ok(net.forceEntry('r', 'room-234567', 'm-h', null))
    expect(kv('room-234567', 'm-h')).toBeUndefined()
  })

  it('members only; deleting what is not there is 23427; the key and value limits hold', async () => {
    const { net } = setup()
    const a = await signedIn(net, 'a')
    await signedIn(net, 'outsider')
    await ok(a.rts.enterLobby())
    await fails(net.forceEntry('outsider', 'lobby', 'sig-room-123456', 'x'), 'NOT_CONNECTED')
    await fails(net.forceEntry('nobody', 'lobby', 'k', 'x'), 'NOT_CONNECTED')
    await fails(net.forceEntry('a', 'lobby', 'gone', null), 'NOT_ALLOWED')
    await fails(net.forceEntry('a', 'lobby', 'bad key!', 'x'), 'NOT_ALLOWED')
    await fails(net.forceEntry('a', 'lobby', 'k', 'x'.repeat(4097)), 'NOT_ALLOWED')
  })
})

describe('demo network: lobby entries', () => {
  it('come with the lobby as it is entered, and reach everyone there after each change (one pull later)', async () => {
    const { net } = setup()
    const viewer = await signedIn(net, 'v')
    const host = await signedIn(net, 'h')
    expect((await ok(viewer.rts.enterLobby())).entries).toEqual({})
    const pushed = record<Record<string, string>>((l) => viewer.rts.onLobbyEntries(l))
    const hub = hubOf.get(net)!
    hub.backend.createRoom(host.profile, '345678', '第一场')
    const listing = hub.chatrooms.get('lobby')?.entries.get('sig-room-345678')?.value
    expect(listing).toBeTruthy()
    await jest.advanceTimersByTimeAsync(L / 2 + L - 1)
    expect(pushed).toEqual([])
    await jest.advanceTimersByTimeAsync(1)
    expect(pushed).toEqual([{ 'sig-room-345678': listing }])

    // a modified client in the lobby forges one; everyone sees the raw entry (the store verifies)
    await ok(host.rts.enterLobby())
    await ok(net.forceEntry('h', 'lobby', 'sig-room-999999', 'forged'))
    await jest.advanceTimersByTimeAsync(2 * L)
    expect(pushed.at(-1)).toEqual({ 'sig-room-345678': listing, 'sig-room-999999': 'forged' })

    // the room ends: its listing goes
    hub.backend.endRoom(host.profile, '345678')
    await jest.advanceTimersByTimeAsync(2 * L)
    expect(pushed.at(-1)).toEqual({ 'sig-room-999999': 'forged' })
    // out of the lobby: nothing more
    const count = pushed.length
    await ok(viewer.rts.leaveLobby())
    await ok(net.forceEntry('h', 'lobby', 'sig-room-999999', null))
    await jest.advanceTimersByTimeAsync(3 * L)
    expect(pushed).toHaveLength(count)
    expect((await ok(viewer.rts.enterLobby())).entries).toEqual({})
  })
})
