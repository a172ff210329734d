/**
 * Content safety refusing a message after RongCloud took it (server/README.md "What the sender's
 * phone sees when the callback blocks"), end to end over the RongCloud adapter and the fake SDK:
 * the send resolves, nobody receives the message, and the sender's phone marks it 「内容违规，未发送」
 * when MESSAGE_BLOCKED comes, whether that is before or after the send resolves.
 */
import { createStore } from '../../../miniprogram/stores'
import type { RootStore } from '../../../miniprogram/stores'
import type { Profile } from '../../../miniprogram/core/types'
import type { BlockedMessage } from '../../../miniprogram/services/types'
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
const BAD = /违禁词/

beforeEach(async () => {
  jest.useFakeTimers({ now: 1_700_000_000_000 })
  server = new FakeRongCloudServer()
  server.features.blockedNotice = true
  server.blocks = (message) => BAD.test(String((message.content as { content?: unknown }).content ?? ''))
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

/** Sends through `send` and says which came first: the notice or the send's answer. */
async function sendAndWatch(p: Person, send: () => Promise<void>): Promise<string[]> {
  const order: string[] = []
  const off = p.rts.onBlocked(() => order.push('blocked'))
  const sending = send().then(() => order.push('sent'))
  await settle()
  await sending
  off()
  return order
}

describe('room public chat', () => {
  test('the notice before the send resolves: the sender sees it marked, nobody else sees it, it is not stored', async () => {
    const roomId = await liveRoom()
    const order = await sendAndWatch(alice, () => alice.store.room.send('这里有违禁词'))
    expect(order).toEqual(['blocked', 'sent'])
    expect(alice.store.room.messages).toEqual([expect.objectContaining({ text: '这里有违禁词', status: 'blocked' })])
    expect(texts(host)).toEqual([])
    expect(texts(bob)).toEqual([])
    expect(server.room(`room-${roomId}`)?.history).toEqual([])

    // the room goes on: a clean message reaches everyone, unmarked
    const fine = alice.store.room.send('大家好')
    await settle()
    await fine
    for (const p of [host, bob]) expect(texts(p)).toEqual(['大家好'])
    expect(alice.store.room.messages.map((m) => [m.text, m.status])).toEqual([
      ['这里有违禁词', 'blocked'],
      ['大家好', undefined],
    ])
  })

  test('the notice after the send resolved: the message shows first, then is marked', async () => {
    await liveRoom()
    alice.client.holdBlockNotices()
    const order = await sendAndWatch(alice, () => alice.store.room.send('违禁词来了'))
    expect(order).toEqual(['sent'])
    expect(alice.store.room.messages).toEqual([expect.objectContaining({ text: '违禁词来了' })])
    expect(alice.store.room.messages[0].status).toBeUndefined()

    alice.client.releaseBlockNotices()
    await settle()
    expect(alice.store.room.messages).toEqual([expect.objectContaining({ text: '违禁词来了', status: 'blocked' })])
    expect(texts(host)).toEqual([])
    expect(texts(bob)).toEqual([])
  })

  test('the host is refused the same way', async () => {
    await liveRoom()
    await sendAndWatch(host, () => host.store.room.send('主播说违禁词'))
    expect(host.store.room.messages[0]).toMatchObject({ status: 'blocked' })
    expect(texts(alice)).toEqual([])
  })

  test('without 消息拦截回调给发送方 (off by default) the sender is never told: it shows as sent, and still reaches nobody', async () => {
    server.features.blockedNotice = false
    await liveRoom()
    await sendAndWatch(alice, () => alice.store.room.send('违禁词'))
    expect(alice.store.room.messages[0].status).toBeUndefined()
    expect(texts(bob)).toEqual([])
  })
})

describe('private chat', () => {
  async function openChat(from: Person, to: Person): Promise<void> {
    const opened = from.store.chat.open(to.profile.id)
    await settle()
    await opened
  }

  test('before the send resolves: marked in the chat and in the lobby; the peer has nothing', async () => {
    await openChat(alice, bob)
    const order = await sendAndWatch(alice, () => alice.store.chat.send('私聊违禁词'))
    expect(order).toEqual(['blocked', 'sent'])
    expect(alice.store.chat.messages).toEqual([expect.objectContaining({ text: '私聊违禁词', status: 'blocked' })])
    expect(alice.store.lobby.conversations.find((c) => c.peer.id === 'bob')?.last).toMatchObject({ text: '私聊违禁词', status: 'blocked' })
    expect(bob.store.lobby.conversations).toEqual([])
    expect(server.conversation('bob', 'alice').messages).toEqual([])
  })

  test('after the send resolved: the chat and the lobby mark it when the notice comes', async () => {
    await openChat(alice, bob)
    alice.client.holdBlockNotices()
    await sendAndWatch(alice, () => alice.store.chat.send('违禁词'))
    expect(alice.store.chat.messages[0].status).toBeUndefined()
    alice.client.releaseBlockNotices()
    await settle()
    expect(alice.store.chat.messages[0].status).toBe('blocked')
    expect(alice.store.lobby.conversations[0].last?.status).toBe('blocked')
    expect(bob.store.lobby.conversations).toEqual([])

    // a clean message afterwards arrives and becomes the conversation's last, unmarked
    const fine = alice.store.chat.send('你好')
    await settle()
    await fine
    expect(bob.store.lobby.conversations[0]).toMatchObject({ last: { text: '你好' }, unread: 1 })
    expect(alice.store.lobby.conversations[0].last).toMatchObject({ text: '你好' })
    expect(alice.store.lobby.conversations[0].last?.status).toBeUndefined()
  })
})

test('the adapter turns MESSAGE_BLOCKED into the app’s words; notices for what we never send are ignored', async () => {
  const heard: BlockedMessage[] = []
  alice.rts.onBlocked((b) => heard.push(b))
  const sent = alice.rts.sendPrivate(bob.profile, '违禁词')
  await settle()
  const message = await sent
  const { Events, ConversationType } = jest.requireActual<typeof import('@rongcloud/imlib-next')>('@rongcloud/imlib-next')
  alice.client.emit(Events.MESSAGE_BLOCKED, {
    blockedMessageUId: 'UID-group',
    conversationType: ConversationType.GROUP,
    targetId: 'g1',
    channelId: '',
    blockType: 3,
    extra: '',
  })
  expect(heard).toEqual([{ messageId: message.id, where: 'private', peerId: 'bob' }])
})
