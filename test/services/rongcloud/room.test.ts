/** Room chatrooms over the fake server: claim, join, attributes, chat, signals, reconnect. */
import { encodeSignal } from '../../../miniprogram/core/wire'
import type { RoomEvent } from '../../../miniprogram/services/types'
import { FakeRongCloudServer, actualSdk } from './fake-sdk'
import { flush, makePeer } from './helpers'
import type { Peer } from './helpers'

const claim = (id: string) => ({ key: 'host', value: JSON.stringify({ id }) })

/** everyone signed in by a test, signed out after it: a room left open keeps the adapter's rebind timer (rtc-binding.ts) pending */
const signedInPeers: Peer[] = []
afterEach(async () => {
  for (const peer of signedInPeers.splice(0)) await peer.rts.disconnect().catch(() => undefined)
})

async function signedIn(server: FakeRongCloudServer, id: string, name = `名字${id}`): Promise<Peer & { events: RoomEvent[] }> {
  const peer = makePeer(server, id)
  signedInPeers.push(peer)
  await peer.rts.connect({ id, name })
  const events: RoomEvent[] = []
  peer.rts.onRoom((e) => events.push(e))
  return { ...peer, events }
}

test('createRoom claims the number: host entry written without force, auto-deleted, snapshot of a new room', async () => {
  const server = new FakeRongCloudServer()
  const host = await signedIn(server, 'h')
  const snapshot = await host.rts.createRoom('123456', claim('h'))
  expect(snapshot).toEqual({ roomId: '123456', entries: { host: claim('h').value }, memberCount: 1, history: [] })
  expect(server.room('room-123456')?.kv.get('host')).toEqual({ value: claim('h').value, owner: 'h', autoDelete: true })
})

test('createRoom on a taken number resolves null and leaves that chatroom again', async () => {
  const server = new FakeRongCloudServer()
  const first = await signedIn(server, 'h1')
  const second = await signedIn(server, 'h2')
  await first.rts.createRoom('123456', claim('h1'))
  await expect(second.rts.createRoom('123456', claim('h2'))).resolves.toBeNull()
  expect(server.room('room-123456')?.members.has('h2')).toBe(false)
  expect(server.room('room-123456')?.kv.get('host')?.owner).toBe('h1')
  await expect(second.rts.sendRoomMessage('hi')).rejects.toMatchObject({ code: 'NOT_ALLOWED' })
})

test('createRoom without the KV feature: SERVICE_NOT_ENABLED naming 聊天室属性自定义设置, chatroom left', async () => {
  const server = new FakeRongCloudServer()
  server.features.kv = false
  const host = await signedIn(server, 'h')
  await expect(host.rts.createRoom('123456', claim('h'))).rejects.toMatchObject({
    code: 'SERVICE_NOT_ENABLED',
    message: expect.stringContaining('聊天室属性自定义设置'),
  })
  expect(server.room('room-123456')).toBeUndefined()
})

test('joinRoom: a number nobody hosts is ROOM_NOT_FOUND (23410), a full room ROOM_FULL (23411)', async () => {
  const server = new FakeRongCloudServer()
  const host = await signedIn(server, 'h')
  const a = await signedIn(server, 'a')
  await expect(a.rts.joinRoom('654321')).rejects.toMatchObject({ code: 'ROOM_NOT_FOUND' })
  await host.rts.createRoom('123456', claim('h'))
  server.capacity = 1
  await expect(a.rts.joinRoom('123456')).rejects.toMatchObject({ code: 'ROOM_FULL' })
})

test('joinRoom: entries, member count from the join response, join history oldest first', async () => {
  const server = new FakeRongCloudServer()
  const host = await signedIn(server, 'h', '主播')
  const a = await signedIn(server, 'a')
  await host.rts.createRoom('123456', claim('h'))
  await host.rts.setRoomEntry('muted', '["x"]')
  await host.rts.sendRoomMessage('第一条')
  await host.rts.sendRoomMessage('第二条')
  const snapshot = await a.rts.joinRoom('123456')
  expect(snapshot.entries).toEqual({ host: claim('h').value, muted: '["x"]' })
  expect(snapshot.memberCount).toBe(2)
  expect(snapshot.history.map((m) => [m.from.name, m.text])).toEqual([
    ['主播', '第一条'],
    ['主播', '第二条'],
  ])
})

test('room events: text → message, signal → undecoded signal, attribute set / removed → entry', async () => {
  const server = new FakeRongCloudServer()
  const host = await signedIn(server, 'h', '主播')
  const a = await signedIn(server, 'a', '观众')
  await host.rts.createRoom('123456', claim('h'))
  await a.rts.joinRoom('123456')
  const sent = await a.rts.sendRoomMessage('你好')
  await host.rts.sendRoomSignal({ type: 'mute', userId: 'a' })
  await host.rts.setRoomEntry('muted', '["a"]')
  // changes reach members by their next KV pull, which sees the room as it is then: a set and a
  // remove in quick succession can arrive as nothing at all, so give the set time to arrive
  await flush()
  await host.rts.removeRoomEntry('muted')
  await flush()
  expect(sent).toMatchObject({ from: { id: 'a', name: '观众' }, text: '你好', kind: 'text' })
  expect(host.events).toContainEqual({ type: 'message', message: sent })
  expect(a.events).toEqual([
    { type: 'signal', senderId: 'h', payload: encodeSignal({ type: 'mute', userId: 'a' }) },
    { type: 'entry', key: 'muted', value: '["a"]' },
    { type: 'entry', key: 'muted', value: null },
  ])
})

test("the host's entries vanish when the host leaves: the audience gets entry → null", async () => {
  const server = new FakeRongCloudServer()
  const host = await signedIn(server, 'h')
  const a = await signedIn(server, 'a')
  await host.rts.createRoom('123456', claim('h'))
  await a.rts.joinRoom('123456')
  await host.rts.leaveRoom()
  await flush()
  expect(a.events).toContainEqual({ type: 'entry', key: 'host', value: null })
})

test('a message whose content.user claims another id is shown under the real sender', async () => {
  const server = new FakeRongCloudServer()
  const host = await signedIn(server, 'h')
  const m = await signedIn(server, 'm')
  await host.rts.createRoom('123456', claim('h'))
  await m.client.joinExistChatRoom('room-123456', { count: -1 })
  const forged = new actualSdk.TextMessage({ content: '我是主播', user: { id: 'h', name: '主播' } })
  await m.client.sendMessage({ conversationType: actualSdk.ConversationType.CHATROOM, targetId: 'room-123456' }, forged)
  await flush()
  const message = host.events.find((e) => e.type === 'message')
  expect(message).toMatchObject({ message: { from: { id: 'm', name: '主播' }, text: '我是主播' } })
})

test('only the writer may overwrite an attribute: NOT_ALLOWED (23424)', async () => {
  const server = new FakeRongCloudServer()
  const host = await signedIn(server, 'h')
  const a = await signedIn(server, 'a')
  await host.rts.createRoom('123456', claim('h'))
  await a.rts.joinRoom('123456')
  await expect(a.rts.setRoomEntry('host', 'mine')).rejects.toMatchObject({ code: 'NOT_ALLOWED' })
})

test('a server chat ban makes room sends reject MUTED', async () => {
  const server = new FakeRongCloudServer()
  const host = await signedIn(server, 'h')
  await host.rts.createRoom('123456', claim('h'))
  server.room('room-123456')?.banned.add('h')
  await expect(host.rts.sendRoomMessage('hi')).rejects.toMatchObject({ code: 'MUTED' })
})

test('member events (when the vendor switch is on) → members', async () => {
  const server = new FakeRongCloudServer()
  server.features.memberEvents = true
  const host = await signedIn(server, 'h')
  const a = await signedIn(server, 'a')
  await host.rts.createRoom('123456', claim('h'))
  await a.rts.joinRoom('123456')
  await flush()
  expect(host.events).toContainEqual({ type: 'members', count: 2 })
})

/** The entries a listener ends up with: a 'rejoined' snapshot replaces them, an 'entry' changes one. */
function entriesAfter(events: RoomEvent[]): Record<string, string> {
  let entries: Record<string, string> = {}
  for (const e of events) {
    if (e.type === 'rejoined') entries = { ...e.snapshot.entries }
    else if (e.type === 'entry' && e.value === null) delete entries[e.key]
    else if (e.type === 'entry' && e.value !== null) entries[e.key] = e.value
  }
  return entries
}

test('after a reconnect the SDK re-joins: rejoined with fresh entries and recent history', async () => {
  const server = new FakeRongCloudServer()
  const host = await signedIn(server, 'h')
  const a = await signedIn(server, 'a')
  await host.rts.createRoom('123456', claim('h'))
  await a.rts.joinRoom('123456')
  await host.rts.sendRoomMessage('掉线前')
  a.client.suspend()
  await host.rts.setRoomEntry('muted', '["a"]')
  a.client.resume()
  await flush(30)
  const rejoined = a.events.find((e) => e.type === 'rejoined')
  expect(rejoined).toMatchObject({ snapshot: { roomId: '123456', entries: { host: claim('h').value }, history: [{ text: '掉线前' }] } })
  // the SDK keeps its entry cache over a SUSPEND and pulls what changed after re-joining, so the
  // change made while we were away may come in the snapshot or as an entry event, in either
  // order: applied in the order they came, the listener must end up with it
  expect(entriesAfter(a.events)).toEqual({ host: claim('h').value, muted: '["a"]' })
})

test('the room is gone when the SDK re-joins → lost with ROOM_NOT_FOUND', async () => {
  const server = new FakeRongCloudServer()
  const host = await signedIn(server, 'h')
  const a = await signedIn(server, 'a')
  await host.rts.createRoom('123456', claim('h'))
  await a.rts.joinRoom('123456')
  a.client.suspend()
  server.removeMember('room-123456', 'a')
  await host.rts.leaveRoom()
  a.client.resume()
  await flush()
  expect(a.events.at(-1)).toMatchObject({ type: 'lost', error: { code: 'ROOM_NOT_FOUND' } })
  await expect(a.rts.sendRoomMessage('hi')).rejects.toMatchObject({ code: 'NOT_ALLOWED' })
})

test('blocked from the chatroom by the server → lost (23409)', async () => {
  const server = new FakeRongCloudServer()
  const host = await signedIn(server, 'h')
  const a = await signedIn(server, 'a')
  await host.rts.createRoom('123456', claim('h'))
  await a.rts.joinRoom('123456')
  a.client.emit(actualSdk.Events.CHATROOM, {
    chatroomNotifyBlock: { chatroomId: 'room-123456', operateType: 1, durationTime: 60, operateTime: 0, userIdList: ['a'], extra: '' },
  })
  expect(a.events.at(-1)).toMatchObject({ type: 'lost', error: { code: 'NOT_ALLOWED' } })
})

test('token expired mid-room: after our own reconnect with a fresh token the room chatroom is joined again', async () => {
  const server = new FakeRongCloudServer()
  const host = await signedIn(server, 'h')
  const a = await signedIn(server, 'a')
  await host.rts.createRoom('123456', claim('h'))
  await a.rts.joinRoom('123456')
  a.client.serverDisconnect(31020)
  // the server keeps a as an offline member until it evicts it; the SDK forgets every chatroom
  expect(server.room('room-123456')?.offline.has('a')).toBe(true)
  expect(a.client.joined.size).toBe(0)
  await flush(40)
  expect(a.tokens.fetch).toHaveBeenLastCalledWith(expect.anything(), { refresh: true })
  expect(server.room('room-123456')?.members.has('a')).toBe(true)
  expect(server.room('room-123456')?.offline.has('a')).toBe(false)
  // the SDK's entry cache is empty after that DISCONNECT until its next pull: the host must be known anyway
  expect(a.events.find((e) => e.type === 'rejoined')).toMatchObject({
    snapshot: { roomId: '123456', entries: { host: claim('h').value } },
  })
})
