/** The lobby over the fake server: presence signals, getChatRoomInfo within its limit, one chatroom at a time. */
import { encodeSignal } from '../../../miniprogram/core/wire'
import { LOBBY_CHATROOM_ID, LOBBY_REFRESH_MS } from '../../../miniprogram/services/rongcloud/lobby'
import type { LobbySnapshot } from '../../../miniprogram/services/types'
import { FakeRongCloudServer, actualSdk } from './fake-sdk'
import { makePeer, profile } from './helpers'
import type { Peer } from './helpers'

beforeEach(() => jest.useFakeTimers({ now: 1_700_000_000_000 }))
afterEach(() => jest.useRealTimers())

async function signedIn(server: FakeRongCloudServer, id: string, name: string): Promise<Peer & { last: () => LobbySnapshot | undefined }> {
  const peer = makePeer(server, id)
  await peer.rts.connect({ id, name })
  let last: LobbySnapshot | undefined
  peer.rts.onLobby((s) => {
    last = s
  })
  return { ...peer, last: () => last }
}

/** Awaits a promise while fake time runs (sends may wait for the 5-per-second queue). */
async function settle<T>(promise: Promise<T>): Promise<T> {
  let done = false
  const watched = promise.finally(() => {
    done = true
  })
  while (!done) await jest.advanceTimersByTimeAsync(100)
  return watched
}

const names = (s: LobbySnapshot | undefined) => (s?.users ?? []).map((u) => u.name)

test('entering: joins the lobby chatroom, counts members with getChatRoomInfo, announces itself', async () => {
  const server = new FakeRongCloudServer()
  const a = await signedIn(server, 'a', '阿甲')
  const b = await signedIn(server, 'b', '阿乙')
  await a.rts.enterLobby()
  const snapshot = await b.rts.enterLobby()
  expect(snapshot.onlineCount).toBe(2)
  expect(server.room(LOBBY_CHATROOM_ID)?.members.has('b')).toBe(true)
  await jest.advanceTimersByTimeAsync(0)
  // a heard b's 'online' with name
  expect(names(a.last())).toEqual(['阿乙'])
  expect(a.last()?.onlineCount).toBe(2)
})

test("a newcomer learns who is already there from their jittered 'here' answers", async () => {
  const server = new FakeRongCloudServer()
  const a = await signedIn(server, 'a', '阿甲')
  const b = await signedIn(server, 'b', '阿乙')
  const c = await signedIn(server, 'c', '阿丙')
  await a.rts.enterLobby()
  await b.rts.enterLobby()
  const first = await c.rts.enterLobby()
  expect(first.users).toEqual([]) // nobody answered yet
  await jest.advanceTimersByTimeAsync(2000)
  expect(names(c.last()).sort()).toEqual(['阿乙', '阿甲'])
  expect(c.last()?.users.every((u) => u.id !== 'c')).toBe(true)
})

test("leaving says 'offline': the others drop the person at once", async () => {
  const server = new FakeRongCloudServer()
  const a = await signedIn(server, 'a', '阿甲')
  const b = await signedIn(server, 'b', '阿乙')
  await a.rts.enterLobby()
  await b.rts.enterLobby()
  await jest.advanceTimersByTimeAsync(2000)
  expect(names(a.last())).toEqual(['阿乙'])
  expect(a.last()?.onlineCount).toBe(2)
  await b.rts.leaveLobby()
  await jest.advanceTimersByTimeAsync(0)
  expect(names(a.last())).toEqual([])
  expect(a.last()?.onlineCount).toBe(1)
  expect(server.room(LOBBY_CHATROOM_ID)?.members.has('b')).toBe(false)
})

test('someone new: the online count is recounted soon (getChatRoomInfo), not only every 15 s', async () => {
  const server = new FakeRongCloudServer()
  const a = await signedIn(server, 'a', '阿甲')
  await a.rts.enterLobby()
  await jest.advanceTimersByTimeAsync(5000)
  const others = await Promise.all(['b', 'c', 'd'].map((id) => signedIn(server, id, `人${id}`)))
  // they join the chatroom without announcing (say, an older app version): only the recount sees them
  for (const o of others) await o.client.joinChatRoom(LOBBY_CHATROOM_ID, { count: -1 })
  const e = await signedIn(server, 'e', '阿戊')
  await e.rts.enterLobby()
  await jest.advanceTimersByTimeAsync(1000)
  expect(a.last()?.onlineCount).toBe(5)
})

test('a presence signal claiming someone else’s id is ignored', async () => {
  const server = new FakeRongCloudServer()
  const a = await signedIn(server, 'a', '阿甲')
  const m = await signedIn(server, 'm', '捣乱')
  await a.rts.enterLobby()
  await m.client.joinChatRoom(LOBBY_CHATROOM_ID, { count: -1 })
  const Signal = m.client.registerMessageType<{ data: string }>('App:Signal', false, false, [], true)
  const forged = encodeSignal({ type: 'presence', state: 'online', profile: { id: 'boss', name: '老板' } })
  await m.client.sendMessage({ conversationType: actualSdk.ConversationType.CHATROOM, targetId: LOBBY_CHATROOM_ID }, new Signal({ data: forged }))
  await jest.advanceTimersByTimeAsync(0)
  expect(names(a.last())).not.toContain('老板')
})

function recordInfoCalls(peer: Peer): number[] {
  const times: number[] = []
  const original = peer.client.getChatRoomInfo
  peer.client.getChatRoomInfo = (...args) => {
    times.push(Date.now())
    return original(...args)
  }
  return times
}

function expectWithinLimit(times: number[]): void {
  for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(1000)
  for (const t of times) expect(times.filter((u) => u >= t && u < t + 60_000).length).toBeLessThanOrEqual(20)
}

test('getChatRoomInfo stays within 1 call/s and 20/min on every device however busy the lobby is', async () => {
  const server = new FakeRongCloudServer()
  const peers = await Promise.all(Array.from({ length: 5 }, (_, i) => signedIn(server, `p${i}`, `路人${i}`)))
  const calls = peers.map(recordInfoCalls)
  // for two minutes people come and go: each person re-enters about every second or two
  for (let step = 0; step < 1200; step++) {
    const p = peers[step % peers.length]
    await settle<unknown>(Math.floor(step / peers.length) % 2 === 0 ? p.rts.enterLobby() : p.rts.leaveLobby())
    await jest.advanceTimersByTimeAsync(100)
  }
  calls.forEach(expectWithinLimit)
  expect(calls.every((t) => t.length > 0)).toBe(true)
})

test('one device never calls getChatRoomInfo twice within a second', async () => {
  const server = new FakeRongCloudServer()
  const a = await signedIn(server, 'a', '阿甲')
  const times = recordInfoCalls(a)
  for (let i = 0; i < 30; i++) {
    await settle(a.rts.enterLobby())
    await settle(a.rts.leaveLobby())
  }
  await a.rts.enterLobby()
  await jest.advanceTimersByTimeAsync(5 * LOBBY_REFRESH_MS)
  expect(times.length).toBeGreaterThan(3)
  expectWithinLimit(times)
})

test('the periodic refresh drops people who left without saying so (full member list)', async () => {
  const server = new FakeRongCloudServer()
  const a = await signedIn(server, 'a', '阿甲')
  const b = await signedIn(server, 'b', '阿乙')
  await a.rts.enterLobby()
  await b.rts.enterLobby()
  await jest.advanceTimersByTimeAsync(2000)
  expect(names(a.last())).toEqual(['阿乙'])
  server.removeMember(LOBBY_CHATROOM_ID, 'b') // b's phone died: no 'offline'
  await jest.advanceTimersByTimeAsync(LOBBY_REFRESH_MS)
  expect(names(a.last())).toEqual([])
  expect(a.last()?.onlineCount).toBe(1)
})

test('one chatroom at a time: a room leaves the lobby chatroom, enterLobby leaves the room', async () => {
  const server = new FakeRongCloudServer()
  const a = await signedIn(server, 'a', '阿甲')
  await a.rts.enterLobby()
  await a.rts.createRoom('123456', { key: 'host', value: 'a' })
  expect(server.room(LOBBY_CHATROOM_ID)).toBeUndefined()
  expect(server.room('room-123456')?.members.has('a')).toBe(true)
  await a.rts.enterLobby()
  expect(server.room('room-123456')).toBeUndefined()
  expect(server.room(LOBBY_CHATROOM_ID)?.members.has('a')).toBe(true)
  expect(a.client.joined).toEqual(new Set([LOBBY_CHATROOM_ID]))
})

test('after a reconnect the SDK re-joins the lobby: we announce ourselves again', async () => {
  const server = new FakeRongCloudServer()
  const a = await signedIn(server, 'a', '阿甲')
  const b = await signedIn(server, 'b', '阿乙')
  await a.rts.enterLobby()
  await b.rts.enterLobby()
  await a.rts.leaveLobby() // a forgets b
  await a.rts.enterLobby()
  await jest.advanceTimersByTimeAsync(2000)
  const sendsBefore = server.calls.get('sendMessage') ?? 0
  b.client.suspend()
  b.client.resume()
  await jest.advanceTimersByTimeAsync(2000)
  expect((server.calls.get('sendMessage') ?? 0) - sendsBefore).toBeGreaterThanOrEqual(1)
  expect(names(a.last())).toEqual(['阿乙'])
})

test('signed out: enterLobby rejects NOT_CONNECTED', async () => {
  const server = new FakeRongCloudServer()
  const a = makePeer(server, 'a')
  await expect(a.rts.enterLobby()).rejects.toMatchObject({ code: 'NOT_CONNECTED' })
  expect(profile('x').id).toBe('x')
})

test('token expired in the lobby: after our own reconnect the lobby chatroom is joined again', async () => {
  const server = new FakeRongCloudServer()
  const a = await signedIn(server, 'a', '阿甲')
  await a.rts.enterLobby()
  a.client.serverDisconnect(31020)
  // the server keeps a dead connection's member until it evicts it; the SDK forgets the chatroom
  expect(server.room(LOBBY_CHATROOM_ID)?.offline.has('a')).toBe(true)
  expect(a.client.joined.size).toBe(0)
  await jest.advanceTimersByTimeAsync(2000)
  expect(server.room(LOBBY_CHATROOM_ID)?.members.has('a')).toBe(true)
  expect(server.room(LOBBY_CHATROOM_ID)?.offline.has('a')).toBe(false)
  expect(a.client.joined).toEqual(new Set([LOBBY_CHATROOM_ID]))
})

test('two enterLobby calls at once share one join and one announcement', async () => {
  const server = new FakeRongCloudServer()
  const a = await signedIn(server, 'a', '阿甲')
  const [one, two] = await Promise.all([a.rts.enterLobby(), a.rts.enterLobby()])
  expect(one).toEqual(two)
  await jest.advanceTimersByTimeAsync(0)
  expect(server.calls.get('joinChatRoom')).toBe(1)
  expect(server.calls.get('sendMessage')).toBe(1)
})

test('RongCloud destroys the lobby chatroom after an idle hour: the lobby joins again by itself', async () => {
  const server = new FakeRongCloudServer()
  const a = await signedIn(server, 'a', '阿甲')
  const b = await signedIn(server, 'b', '阿乙')
  await a.rts.enterLobby()
  await b.rts.enterLobby()
  await jest.advanceTimersByTimeAsync(2000)
  expect(names(a.last())).toEqual(['阿乙'])
  // nobody joins, leaves or writes for an hour (presence answers are done; member counts are reads)
  await jest.advanceTimersByTimeAsync(60 * 60 * 1000)
  await jest.advanceTimersByTimeAsync(2000)
  const lobby = server.room(LOBBY_CHATROOM_ID)
  expect(lobby?.members.has('a') && lobby.members.has('b')).toBe(true)
  expect(a.client.joined.has(LOBBY_CHATROOM_ID)).toBe(true)
  expect(names(a.last())).toEqual(['阿乙'])
  expect(a.last()?.onlineCount).toBe(2)
})

test('the lobby chatroom cannot be joined again at once: retried until it works', async () => {
  const server = new FakeRongCloudServer()
  const a = await signedIn(server, 'a', '阿甲')
  await a.rts.enterLobby()
  a.client.failNext.joinChatRoom = [30003, 30003]
  server.destroyRoom(LOBBY_CHATROOM_ID)
  await jest.advanceTimersByTimeAsync(3 * LOBBY_REFRESH_MS)
  expect(server.room(LOBBY_CHATROOM_ID)?.members.has('a')).toBe(true)
})
