/**
 * The lobby's KV entries on RongCloud (services/rongcloud/lobby-entries.ts): read from the server
 * just before joining (the SDK's own cache fills only with a pull, late or never), then followed
 * through the SDK's updatedEntries; a change made while the read is on its way is not lost.
 */
import { LOBBY_CHATROOM_ID } from '../../../miniprogram/services/rongcloud/lobby'
import { FakeRongCloudServer } from './fake-sdk'
import { flush, makePeer } from './helpers'

beforeEach(() => jest.useFakeTimers({ now: 1_700_000_000_000 }))
afterEach(() => jest.useRealTimers())

/** what our server's API would have written (owner: the host; autoDelete off) */
function serverWrites(server: FakeRongCloudServer, key: string, value: string | null): void {
  const lobby = server.createRoom(LOBBY_CHATROOM_ID)
  if (value === null) lobby.kv.delete(key)
  else lobby.kv.set(key, { value, owner: 'h', autoDelete: false })
  server.notifyKv(lobby)
}

async function signedIn(server: FakeRongCloudServer, id: string) {
  const peer = makePeer(server, id)
  await peer.rts.connect({ id, name: `名字${id}` })
  const seen: Record<string, string>[] = []
  peer.rts.onLobbyEntries((entries) => seen.push(entries))
  return { ...peer, seen }
}

test('entering reads the entries even when the SDK never pulls them (no kvStorage in the navigation data)', async () => {
  const server = new FakeRongCloudServer()
  server.features.navKvStorage = false
  serverWrites(server, 'sig-room-123456', 'listing-1')
  const a = await signedIn(server, 'a')
  const snapshot = await a.rts.enterLobby()
  expect(snapshot.entries).toEqual({ 'sig-room-123456': 'listing-1' })
  // entering again while in: the same view
  expect((await a.rts.enterLobby()).entries).toEqual({ 'sig-room-123456': 'listing-1' })
})

test('changes reach the lobby through the SDK’s pulls: all entries after each change; nothing once out', async () => {
  const server = new FakeRongCloudServer()
  const a = await signedIn(server, 'a')
  await a.rts.enterLobby()
  await flush(20)
  serverWrites(server, 'sig-room-123456', 'listing-1')
  await flush(20)
  expect(a.seen.at(-1)).toEqual({ 'sig-room-123456': 'listing-1' })
  serverWrites(server, 'sig-room-234567', 'listing-2')
  await flush(20)
  expect(a.seen.at(-1)).toEqual({ 'sig-room-123456': 'listing-1', 'sig-room-234567': 'listing-2' })
  serverWrites(server, 'sig-room-123456', null)
  await flush(20)
  expect(a.seen.at(-1)).toEqual({ 'sig-room-234567': 'listing-2' })

  // a modified client in the lobby forces an entry: passed on as it is (the store verifies)
  const rogue = makePeer(server, 'rogue')
  expect((await rogue.client.connect(server.addUser('rogue'))).code).toBe(0)
  expect((await rogue.client.joinChatRoom(LOBBY_CHATROOM_ID, { count: -1 })).code).toBe(0)
  expect((await rogue.client.forceSetChatRoomEntry(LOBBY_CHATROOM_ID, { key: 'sig-room-234567', value: 'forged' })).code).toBe(0)
  await flush(20)
  expect(a.seen.at(-1)).toEqual({ 'sig-room-234567': 'forged' })
  expect(server.room(LOBBY_CHATROOM_ID)?.kv.get('sig-room-234567')).toMatchObject({ owner: 'rogue' })

  const count = a.seen.length
  await a.rts.leaveLobby()
  serverWrites(server, 'sig-room-345678', 'listing-3')
  await flush(20)
  expect(a.seen).toHaveLength(count)
})

test('a change that lands while the read before joining is on its way is applied on top of it', async () => {
  const server = new FakeRongCloudServer()
  serverWrites(server, 'sig-room-123456', 'old')
  const a = await signedIn(server, 'a')
  a.client.holdPulls = true
  const entering = a.rts.enterLobby()
  // the server changes the listing after our read was answered but before the SDK's pull
  await flush(8)
  serverWrites(server, 'sig-room-123456', 'renewed')
  const snapshot = await entering
  a.client.releasePulls()
  await flush(20)
  const latest = a.seen.at(-1) ?? snapshot.entries
  expect(latest).toEqual({ 'sig-room-123456': 'renewed' })
})

test('forced writes and deletes by any member: the fake SDK lets a modified client do what RongCloud lets it', async () => {
  const server = new FakeRongCloudServer()
  const owner = makePeer(server, 'o')
  const rogue = makePeer(server, 'r')
  for (const [peer, id] of [[owner, 'o'], [rogue, 'r']] as const) {
    expect((await peer.client.connect(server.addUser(id))).code).toBe(0)
    expect((await peer.client.joinChatRoom('room-123456', { count: -1 })).code).toBe(0)
  }
  expect((await owner.client.setChatRoomEntry('room-123456', { key: 'sig-host', value: 'claim' })).code).toBe(0)
  expect((await rogue.client.setChatRoomEntry('room-123456', { key: 'sig-host', value: 'forged' })).code).toBe(23424)
  expect((await rogue.client.removeChatRoomEntry('room-123456', { key: 'sig-host' })).code).toBe(23424)
  expect((await rogue.client.forceSetChatRoomEntry('room-123456', { key: 'sig-host', value: 'forged' })).code).toBe(0)
  expect(server.room('room-123456')?.kv.get('sig-host')).toEqual({ value: 'forged', owner: 'r', autoDelete: false })
  expect((await rogue.client.forceRemoveChatRoomEntry('room-123456', { key: 'sig-host' })).code).toBe(0)
  expect((await rogue.client.forceRemoveChatRoomEntry('room-123456', { key: 'sig-host' })).code).toBe(23427)
  expect((await rogue.client.forceSetChatRoomEntry('room-999999', { key: 'k', value: 'v' })).code).toBe(23406)
})
