/**
 * What a modified client sends straight through the SDK (no store, no checks of ours) is checked
 * again where it arrives (issue 10 item 25): text over 500 characters or with nothing visible is
 * dropped, in rooms and in private chat, live and in history; names are cleaned with the one rule
 * (core/profile.ts cleanName) wherever a profile arrives: messages, presence signals, room entries.
 */
import { actualSdk } from './fake-sdk'
import { FakeRongCloudServer } from './fake-sdk'
import { FakeRtcHub } from './fake-rtc-service'
import { makePeer } from './helpers'
import type { Peer } from './helpers'
import { createStore } from '../../../miniprogram/stores'
import type { RootStore } from '../../../miniprogram/stores'
import { encodeSignal, memberKey } from '../../../miniprogram/core/wire'
import { LOBBY_CHATROOM_ID } from '../../../miniprogram/services/rongcloud/lobby'
import { SIGNAL_MESSAGE_TYPE } from '../../../miniprogram/services/rongcloud/messages'

interface Person extends Peer {
  store: RootStore
}

let server: FakeRongCloudServer
let media: FakeRtcHub
let host: Person
let bob: Person
/** the modified client: signed in through the SDK only */
let rogue: Peer

const { ConversationType, TextMessage } = actualSdk
const HUGE = 'x'.repeat(100_000)

async function settle(ms = 3000): Promise<void> {
  await jest.advanceTimersByTimeAsync(ms)
}

async function person(id: string, name: string): Promise<Person> {
  const peer = makePeer(server, id)
  const store = createStore({ rts: peer.rts, rtc: media.client(id) })
  const signedIn = store.session.signIn({ id, name })
  await settle()
  await signedIn
  return { ...peer, store }
}

async function rogueSend(targetId: string, type: number, content: string, user: Record<string, unknown> = { id: 'rogue', name: '改装' }): Promise<void> {
  const result = await rogue.client.sendMessage({ conversationType: type, targetId }, new TextMessage({ content, user } as never))
  expect(result.code).toBe(0)
  await settle()
}

async function rogueSignal(targetId: string, data: string): Promise<void> {
  const Signal = rogue.client.registerMessageType<{ data: string }>(SIGNAL_MESSAGE_TYPE, false, false, [], true)
  await rogue.client.sendMessage({ conversationType: ConversationType.CHATROOM, targetId }, new Signal({ data }))
  await settle()
}

beforeEach(async () => {
  jest.useFakeTimers({ now: 1_700_000_000_000 })
  server = new FakeRongCloudServer()
  media = new FakeRtcHub()
  server.rtcRoomAlive = (id) => media.roomAlive(id)
  host = await person('host', '主播')
  bob = await person('bob', '小波')
  rogue = makePeer(server, 'rogue')
  expect((await rogue.client.connect(server.addUser('rogue'))).code).toBe(0)
})

afterEach(async () => {
  for (const p of [host, bob]) {
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
  const joined = bob.store.room.join(roomId)
  await settle()
  await joined
  expect((await rogue.client.joinChatRoom(`room-${roomId}`, { count: -1 })).code).toBe(0)
  await settle()
  return roomId
}

const roomTexts = (p: Person) => p.store.room.messages.map((m) => m.text)

test('room: a 100,000-character message, a 501-character one and an invisible one are dropped; 500 shows', async () => {
  const roomId = await liveRoom()
  const chatroom = `room-${roomId}`
  await rogueSend(chatroom, ConversationType.CHATROOM, HUGE)
  await rogueSend(chatroom, ConversationType.CHATROOM, '字'.repeat(501))
  await rogueSend(chatroom, ConversationType.CHATROOM, '\u200B\u200D\uFEFF')
  await rogueSend(chatroom, ConversationType.CHATROOM, '好'.repeat(500))
  for (const p of [host, bob]) expect(roomTexts(p)).toEqual(['好'.repeat(500)])
})

test('room: a late joiner does not get the oversized message from the join history either', async () => {
  const roomId = await liveRoom()
  await rogueSend(`room-${roomId}`, ConversationType.CHATROOM, HUGE)
  await rogueSend(`room-${roomId}`, ConversationType.CHATROOM, '大家好')
  const carol = await person('carol', '小卡')
  const joined = carol.store.room.join(roomId)
  await settle()
  await joined
  expect(roomTexts(carol)).toEqual(['大家好'])
  await carol.store.session.signOut()
})

test('room: a sender name with bidi controls shows cleaned; one over 20 characters shows as the id', async () => {
  const roomId = await liveRoom()
  await rogueSend(`room-${roomId}`, ConversationType.CHATROOM, '一', { id: 'rogue', name: '\u202E主播\u200B' })
  await rogueSend(`room-${roomId}`, ConversationType.CHATROOM, '二', { id: 'rogue', name: '名'.repeat(21) })
  expect(bob.store.room.messages.map((m) => m.from.name)).toEqual(['主播', 'rogue'])
})

test('room: a member entry whose name has zero-width characters lists the cleaned name', async () => {
  const roomId = await liveRoom()
  const profile = JSON.stringify({ id: 'rogue', name: '\u2066小\u200B明\u2069' })
  expect((await rogue.client.setChatRoomEntry(`room-${roomId}`, { key: memberKey('rogue'), value: profile, isAutoDelete: true })).code).toBe(0)
  await settle()
  expect(bob.store.room.members.find((m) => m.id === 'rogue')?.name).toBe('小明')
})

test('private: an oversized message is neither shown nor counted, live or from history', async () => {
  await rogueSend('bob', ConversationType.PRIVATE, HUGE)
  await rogueSend('bob', ConversationType.PRIVATE, '你好')
  const conversation = bob.store.lobby.conversations.find((c) => c.peer.id === 'rogue')
  expect(conversation?.last?.text).toBe('你好')
  expect(conversation?.unread).toBe(1)
  const opened = bob.store.chat.open('rogue')
  await settle()
  await opened
  expect(bob.store.chat.messages.map((m) => m.text)).toEqual(['你好'])
  await rogueSend('bob', ConversationType.PRIVATE, HUGE)
  expect(bob.store.chat.messages.map((m) => m.text)).toEqual(['你好'])
  expect(bob.store.lobby.conversations.find((c) => c.peer.id === 'rogue')?.last?.text).toBe('你好')
})

test('private: the conversation list read from the server shows no oversized last message', async () => {
  await rogueSend('bob', ConversationType.PRIVATE, HUGE)
  const reloaded = bob.store.lobby.loadConversations()
  await settle()
  await reloaded
  for (const c of bob.store.lobby.conversations) expect((c.last?.text ?? '').length).toBeLessThanOrEqual(500)
})

test('lobby: a presence name is cleaned; a name over 20 characters is not listed', async () => {
  expect((await rogue.client.joinChatRoom(LOBBY_CHATROOM_ID, { count: -1 })).code).toBe(0)
  await rogueSignal(LOBBY_CHATROOM_ID, encodeSignal({ type: 'presence', state: 'here', profile: { id: 'rogue', name: '\u202E管理员\u200F' } }))
  expect(bob.store.lobby.users.find((u) => u.id === 'rogue')?.name).toBe('管理员')
  await rogueSignal(LOBBY_CHATROOM_ID, encodeSignal({ type: 'presence', state: 'here', profile: { id: 'rogue', name: '长'.repeat(21) } }))
  expect(bob.store.lobby.users.find((u) => u.id === 'rogue')?.name).toBe('管理员')
})
