/**
 * The store's flows once more, this time on the RongCloud signalling adapter over the mocked SDK:
 * three stores, each with its own fake IMLib client, all on one fake RongCloud server (chatrooms,
 * KV, messages, private conversations). Media comes from a minimal in-memory RtcService.
 */
import { createStore } from '../../../miniprogram/stores'
import type { RootStore } from '../../../miniprogram/stores'
import type { Profile } from '../../../miniprogram/core/types'
import { LOBBY_CHATROOM_ID } from '../../../miniprogram/services/rongcloud/lobby'
import { FakeRongCloudServer } from './fake-sdk'
import { FakeRtcHub } from './fake-rtc-service'
import { makePeer } from './helpers'
import type { Peer } from './helpers'

interface Person extends Peer {
  profile: Profile
  store: RootStore
}

let server: FakeRongCloudServer
let media: FakeRtcHub
let host: Person
let alice: Person
let bob: Person

/** Lets every delivery, 'here' answer and queued send run (fake time, nothing real is awaited). */
async function settle(ms = 3000): Promise<void> {
  await jest.advanceTimersByTimeAsync(ms)
}

async function person(id: string, name: string): Promise<Person> {
  const profile = { id, name }
  const peer = makePeer(server, id)
  const store = createStore({ rts: peer.rts, rtc: media.client(id) })
  const signedIn = store.session.signIn(profile)
  await settle()
  await signedIn
  return { ...peer, profile, store }
}

const texts = (p: Person) => p.store.room.messages.map((m) => m.text)

beforeEach(async () => {
  jest.useFakeTimers({ now: 1_700_000_000_000 })
  server = new FakeRongCloudServer()
  media = new FakeRtcHub()
  server.rtcRoomAlive = (id) => media.roomAlive(id)
  host = await person('host', '主播')
  alice = await person('alice', '小爱')
  bob = await person('bob', '小波')
  await settle()
})

afterEach(async () => {
  for (const p of [host, alice, bob]) {
    const out = p.store.session.signOut().catch(() => undefined)
    await settle(100)
    await out
  }
  jest.useRealTimers()
})

async function liveRoom(): Promise<string> {
  const created = host.store.room.create()
  await settle()
  const roomId = await created
  for (const p of [alice, bob]) {
    const joined = p.store.room.join(roomId)
    await settle()
    await joined
  }
  await settle()
  return roomId
}

test('signed in over RongCloud: connected, in the lobby chatroom, seeing each other by name', () => {
  for (const p of [host, alice, bob]) {
    expect(p.store.session.connection).toBe('connected')
    expect(server.room(LOBBY_CHATROOM_ID)?.members.has(p.profile.id)).toBe(true)
  }
  expect(alice.store.lobby.users.map((u) => u.name).sort()).toEqual(['主播', '小波'])
  expect(alice.store.lobby.onlineCount).toBe(3)
})

test('create: a number claimed in chatroom KV, the host live and out of the lobby chatroom', async () => {
  const created = host.store.room.create()
  await settle()
  const roomId = await created
  expect(roomId).toMatch(/^[1-9]\d{5}$/)
  expect(host.store.room).toMatchObject({ id: roomId, role: 'host', status: 'live' })
  expect(server.room(`room-${roomId}`)?.kv.get('host')).toMatchObject({ owner: 'host', autoDelete: true })
  expect(server.room(LOBBY_CHATROOM_ID)?.members.has('host')).toBe(false)
  expect(host.store.room.media.pushUrl).toContain('host_RongCloudRTC')
})

test('join: the audience sees the host, plays the host stream; an unknown number is ROOM_NOT_FOUND', async () => {
  const roomId = await liveRoom()
  for (const p of [alice, bob]) {
    expect(p.store.room).toMatchObject({ id: roomId, role: 'audience', status: 'live' })
    expect(p.store.room.host).toEqual(host.profile)
    expect(p.store.room.media.players.map((x) => x.userId)).toEqual(['host'])
  }
  expect(server.room(`room-${roomId}`)?.members.size).toBe(3)
  const free = roomId === '987654' ? '987653' : '987654'
  // someone in the lobby tries a number nobody hosts
  const lost = await person('carol', '小卡')
  const joining = lost.store.room.join(free).catch((e: unknown) => e)
  await settle()
  await expect(joining).resolves.toMatchObject({ code: 'ROOM_NOT_FOUND' })
  expect(lost.store.room.status).toBe('idle')
  await lost.store.session.signOut()
})

test('chat: public messages reach everyone once, in order, with names', async () => {
  await liveRoom()
  for (const [p, text] of [
    [host, '欢迎'],
    [alice, '你好'],
    [bob, '大家好'],
  ] as const) {
    const sent = p.store.room.send(text)
    await settle()
    await sent
  }
  for (const p of [host, alice, bob]) expect(texts(p)).toEqual(['欢迎', '你好', '大家好'])
  expect(bob.store.room.messages[0].from).toMatchObject({ id: 'host', name: '主播' })
})

test('mute: the list travels in KV and as a signal; the muted member cannot send; unmute lifts it', async () => {
  const roomId = await liveRoom()
  const muting = host.store.room.mute('alice')
  await settle()
  await muting
  for (const p of [host, alice, bob]) expect(p.store.room.muted).toEqual(['alice'])
  expect(server.room(`room-${roomId}`)?.kv.get('muted')?.value).toBe(JSON.stringify(['alice']))
  expect(alice.store.room.canSend).toBe(false)
  await expect(alice.store.room.send('我还能说话吗')).rejects.toMatchObject({ code: 'MUTED' })
  // a modified client that ignores its mute: honest receivers drop it
  const rogue = alice.rts.sendRoomMessage('我偏要说')
  await settle()
  await rogue
  expect(texts(bob)).toEqual([])

  const unmuting = host.store.room.unmute('alice')
  await settle()
  await unmuting
  for (const p of [host, alice, bob]) expect(p.store.room.muted).toEqual([])
  const thanks = alice.store.room.send('谢谢')
  await settle()
  await thanks
  expect(texts(bob)).toEqual(['谢谢'])
})

test('a late joiner reads the mute list from KV', async () => {
  const roomId = await liveRoom()
  const muting = host.store.room.mute('bob')
  await settle()
  await muting
  const late = await person('dave', '迟到')
  const joined = late.store.room.join(roomId)
  await settle()
  await joined
  expect(late.store.room.muted).toEqual(['bob'])
  await late.store.session.signOut()
})

test('the host leaving ends the room for the audience', async () => {
  await liveRoom()
  const leaving = host.store.room.leave()
  await settle()
  await leaving
  for (const p of [alice, bob]) expect(p.store.room.status).toBe('ended')
  expect(server.room(LOBBY_CHATROOM_ID)?.members.has('host')).toBe(true)
})

test('private chat: unread while in a room (from the SDK), history from the server, cleared on open', async () => {
  await liveRoom()
  const carol = await person('carol', '小卡')
  const opened = carol.store.chat.open('alice')
  await settle()
  await opened
  for (const text of ['在直播间吗？', '回个话']) {
    const sent = carol.store.chat.send(text)
    await settle()
    await sent
  }
  const conversation = alice.store.lobby.conversations.find((c) => c.peer.id === 'carol')
  expect(conversation).toMatchObject({ peer: { name: '小卡' }, unread: 2, last: { text: '回个话' } })
  expect(alice.store.lobby.unreadTotal).toBe(2)

  const leaving = alice.store.room.leave()
  await settle()
  await leaving
  const opening = alice.store.chat.open('carol')
  await settle()
  await opening
  expect(alice.store.chat.messages.map((m) => m.text)).toEqual(['在直播间吗？', '回个话'])
  expect(alice.store.lobby.unreadTotal).toBe(0)
  expect(server.conversation('alice', 'carol').unread).toBe(0)

  const reply = alice.store.chat.send('刚下播')
  await settle()
  await reply
  expect(carol.store.chat.messages.map((m) => m.text)).toEqual(['在直播间吗？', '回个话', '刚下播'])
  await carol.store.session.signOut()
})

test('join on a slow network (the SDK has not pulled the room attributes yet): live, with the host', async () => {
  const roomId = await liveRoom()
  const carol = await person('carol', '小卡')
  carol.client.holdPulls = true
  const joining = carol.store.room.join(roomId)
  await settle(10_000)
  await joining
  expect(carol.store.room).toMatchObject({ id: roomId, role: 'audience', status: 'live' })
  expect(carol.store.room.host).toEqual(host.profile)
  await carol.store.session.signOut()
})

test('token refresh in a room (final DISCONNECT, reconnect with a fresh token): the room goes on', async () => {
  const roomId = await liveRoom()
  alice.client.serverDisconnect(31020)
  await settle(10_000)
  expect(alice.store.session.connection).toBe('connected')
  expect(alice.store.room).toMatchObject({ id: roomId, status: 'live', host: host.profile })
  const sent = alice.store.room.send('我回来了')
  await settle()
  await sent
  expect(texts(host)).toContain('我回来了')
})

test('quiet chat for two hours while the video flows: the room is not ended', async () => {
  const roomId = await liveRoom()
  await settle(2 * 60 * 60 * 1000)
  for (const p of [host, alice, bob]) expect(p.store.room).toMatchObject({ id: roomId, status: 'live' })
  expect(server.room(`room-${roomId}`)?.members.size).toBe(3)
})
