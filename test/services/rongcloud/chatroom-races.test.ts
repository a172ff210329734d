/**
 * Chatroom changes racing each other on RongCloud (issue 10 C19, C20): one chatroom at a time, and
 * every change of it takes round trips. The fake SDK answers late where a slow network does
 * (holdAnswer: the server has acted, the reply is on its way), so a change asked meanwhile meets
 * the SDK, the adapter and the store half way through the one before.
 *
 * First the adapter alone (rts.ts must apply overlapping calls in the order they were made, each
 * from where the one before left the SDK), then the store over it (the back gesture, the scan path).
 */
import type { Profile } from '../../../miniprogram/core/types'
import { LOBBY_CHATROOM_ID } from '../../../miniprogram/services/rongcloud/lobby'
import { createStore } from '../../../miniprogram/stores'
import type { RootStore } from '../../../miniprogram/stores'
import { FakeRongCloudServer } from './fake-sdk'
import { FakeRtcHub } from './fake-rtc-service'
import { makePeer, profile } from './helpers'
import type { Peer } from './helpers'

let server: FakeRongCloudServer
let media: FakeRtcHub
const stores: RootStore[] = []

beforeEach(() => {
  jest.useFakeTimers({ now: 1_700_000_000_000 })
  server = new FakeRongCloudServer()
  media = new FakeRtcHub()
  server.rtcRoomAlive = (id) => media.roomAlive(id)
})

afterEach(async () => {
  for (const store of stores.splice(0)) {
    const out = store.session.signOut().catch(() => undefined)
    await jest.advanceTimersByTimeAsync(100)
    await out
    store.dispose()
  }
  jest.useRealTimers()
})

/** Lets deliveries, presence answers and queued sends run (fake time). */
const settle = (ms = 3000) => jest.advanceTimersByTimeAsync(ms)

const inLobby = (id: string) => server.room(LOBBY_CHATROOM_ID)?.members.has(id) === true
const inRoom = (roomId: string, id: string) => server.room(`room-${roomId}`)?.members.has(id) === true

/** Resolves `promise` after letting fake time run; rethrows its rejection. */
async function run<T>(promise: Promise<T>, ms = 3000): Promise<T> {
  const outcome = promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  )
  await settle(ms)
  const result = await outcome
  if (!result.ok) throw result.error
  return result.value
}

describe('the adapter applies overlapping chatroom calls in the order they were made', () => {
  async function connected(id: string): Promise<Peer> {
    const peer = makePeer(server, id)
    await peer.rts.connect(profile(id))
    return peer
  }

  async function openRoom(): Promise<string> {
    const host = await connected('host')
    const roomId = '234567'
    await run(host.rts.createRoom(roomId, { key: 'host', value: 'claim' }))
    return roomId
  }

  test('C19 a join asked while the lobby entry is still on its way: in the room, and a later enterLobby is in the lobby again', async () => {
    const roomId = await openRoom()
    const a = await connected('a')
    const release = a.client.holdAnswer('joinChatRoom')
    const entering = a.rts.enterLobby()
    const joining = a.rts.joinRoom(roomId)
    await settle(100)
    release()
    await run(entering)
    await run(joining)
    expect(inRoom(roomId, 'a')).toBe(true)
    expect(inLobby('a')).toBe(false)
    await run(a.rts.leaveRoom())
    await run(a.rts.enterLobby())
    expect(inLobby('a')).toBe(true)
  })

  test('C20 enterLobby asked while a join is still leaving the lobby: the lobby wins, the person is not left in no chatroom', async () => {
    const roomId = await openRoom()
    const a = await connected('a')
    await run(a.rts.enterLobby())
    // the join first says 'offline' in the lobby; that send is slow to be answered
    const release = a.client.holdAnswer('sendMessage')
    const joining = a.rts.joinRoom(roomId)
    await settle(100)
    const entering = a.rts.enterLobby()
    await settle(100)
    release()
    await run(joining)
    await run(entering)
    expect(inLobby('a')).toBe(true)
    expect(inRoom(roomId, 'a')).toBe(false)
  })
})

describe('the store over RongCloud', () => {
  interface Person {
    peer: Peer
    profile: Profile
    store: RootStore
  }

  function person(id: string): Person {
    const p = { id, name: `名字${id}` }
    const peer = makePeer(server, id)
    const store = createStore({ rts: peer.rts, rtc: media.client(id) })
    stores.push(store)
    return { peer, profile: p, store }
  }

  async function signedIn(id: string): Promise<Person> {
    const p = person(id)
    await run(p.store.session.signIn(p.profile))
    return p
  }

  async function hostWithRoom(): Promise<{ host: Person; roomId: string }> {
    const host = await signedIn('host')
    const roomId = await run(host.store.room.create())
    return { host, roomId }
  }

  const lobbyIds = (p: Person) => p.store.lobby.users.map((u) => u.id)

  test('C19 joining right after sign-in while the lobby entry is slow, then leaving: back in the lobby chatroom where others see them', async () => {
    const { roomId } = await hostWithRoom()
    const watcher = await signedIn('watcher')
    const scan = person('scan')
    const release = scan.peer.client.holdAnswer('joinChatRoom')
    await run(scan.store.session.signIn(scan.profile), 100)
    const joining = scan.store.room.join(roomId)
    await settle(100)
    release()
    await run(joining)
    expect(scan.store.room.status).toBe('live')
    expect(inRoom(roomId, 'scan')).toBe(true)
    await run(scan.store.room.leave())
    expect(inLobby('scan')).toBe(true)
    expect(lobbyIds(watcher)).toContain('scan')
  })

  test('C20 back gesture while a join is still leaving the lobby: the person ends in the lobby chatroom', async () => {
    const { host, roomId } = await hostWithRoom()
    const watcher = await signedIn('watcher')
    const alice = await signedIn('alice')
    const release = alice.peer.client.holdAnswer('sendMessage')
    const joining = alice.store.room.join(roomId).catch((e: unknown) => e)
    await settle(100)
    const leaving = alice.store.room.leave()
    await settle(100)
    release()
    await run(leaving)
    await joining
    await settle()
    expect(alice.store.room.status).toBe('idle')
    expect(inLobby('alice')).toBe(true)
    expect(inRoom(roomId, 'alice')).toBe(false)
    expect(host.store.room.memberCount).toBe(1)
    expect(lobbyIds(watcher)).toContain('alice')
  })

  test('C20 back gesture while a create is still leaving the lobby: the person ends in the lobby chatroom, no room left behind', async () => {
    const watcher = await signedIn('watcher')
    const alice = await signedIn('alice')
    const release = alice.peer.client.holdAnswer('sendMessage')
    const creating = alice.store.room.create().catch((e: unknown) => e)
    await settle(100)
    const leaving = alice.store.room.leave()
    await settle(100)
    release()
    await run(leaving)
    await creating
    await settle()
    expect(alice.store.room.status).toBe('idle')
    expect(inLobby('alice')).toBe(true)
    expect(Array.from(server.chatrooms.keys()).filter((id) => id.startsWith('room-'))).toEqual([])
    expect(lobbyIds(watcher)).toContain('alice')
  })

  test('C12 leaving a room while the connection is suspended: after the SDK reconnects (and re-joins the room by itself) the person is back in the lobby, not a hidden member', async () => {
    const { host, roomId } = await hostWithRoom()
    const watcher = await signedIn('watcher')
    const alice = await signedIn('alice')
    await run(alice.store.room.join(roomId))
    expect(inRoom(roomId, 'alice')).toBe(true)
    alice.peer.client.suspend()
    await settle(100)
    await run(alice.store.room.leave())
    expect(alice.store.room.status).toBe('idle')
    alice.peer.client.resume()
    await settle()
    expect(inRoom(roomId, 'alice')).toBe(false)
    expect(inLobby('alice')).toBe(true)
    expect(host.store.room.status).toBe('live')
    expect(lobbyIds(watcher)).toContain('alice')
  })

  test('C12 a host who ends the room while the connection is suspended: after the reconnect the room is over for its audience', async () => {
    const { host, roomId } = await hostWithRoom()
    const alice = await signedIn('alice')
    await run(alice.store.room.join(roomId))
    host.peer.client.suspend()
    await settle(100)
    await run(host.store.room.leave())
    expect(alice.store.room.status).toBe('live')
    host.peer.client.resume()
    await settle()
    expect(alice.store.room.status).toBe('ended')
    expect(inRoom(roomId, 'host')).toBe(false)
    expect(inLobby('host')).toBe(true)
  })

  test('C11 a host who ends the room and at once joins another: in the new room, its chat works', async () => {
    const { host: other, roomId: otherRoom } = await hostWithRoom()
    const me = await signedIn('me')
    const mine = await run(me.store.room.create())
    void me.store.room.leave()
    await run(me.store.room.join(otherRoom))
    expect(me.store.room).toMatchObject({ id: otherRoom, status: 'live', role: 'audience' })
    expect(inRoom(otherRoom, 'me')).toBe(true)
    expect(server.room(`room-${mine}`)).toBeUndefined()
    await run(other.store.room.send('欢迎'))
    expect(me.store.room.messages.map((m) => m.text)).toEqual(['欢迎'])
    await run(me.store.room.send('我来了'))
    expect(other.store.room.messages.map((m) => m.text)).toContain('我来了')
  })
})
