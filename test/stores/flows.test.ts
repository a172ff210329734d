/** Several people on one demo network: a host and two audience members, and a person in the lobby. */
import { AppError } from '../../miniprogram/core/errors'
import { createDemoNetwork } from '../../miniprogram/services/demo'
import { ROOM_MESSAGE_CAP } from '../../miniprogram/stores/message-list'
import { expectRejects, liveRoom, person, settle, texts, type DemoNetwork, type Person } from './people'

let network: DemoNetwork
let host: Person
let alice: Person
let bob: Person
let roomId: string

beforeEach(async () => {
  network = createDemoNetwork({ latencyMs: 0 })
  ;({ host, alice, bob, roomId } = await liveRoom(network))
})
afterEach(() => network.close())

test('create gives a valid number and the host record; joiners see the host and each other', () => {
  expect(roomId).toMatch(/^[1-9]\d{5}$/)
  for (const p of [host, alice, bob]) {
    expect(p.store.room.id).toBe(roomId)
    expect(p.store.room.status).toBe('live')
    expect(p.store.room.host).toEqual(host.profile)
  }
  expect(host.store.room.memberCount).toBe(3)
  expect(host.store.room.members.map((m) => m.id)).toEqual(expect.arrayContaining([host.profile.id, alice.profile.id, bob.profile.id]))
  expect(host.store.room.members[0].id).toBe(host.profile.id)
})

test('public chat reaches everyone once, in order', async () => {
  await host.store.room.send('欢迎')
  await alice.store.room.send('你好')
  await settle(network)
  await bob.store.room.send('大家好')
  await settle(network)
  for (const p of [host, alice, bob]) expect(texts(p.store)).toEqual(['欢迎', '你好', '大家好'])
  expect(alice.store.room.messages[0].from).toEqual(host.profile)
})

test('mute and unmute: the muted person cannot send, everyone drops their messages, then it is lifted', async () => {
  await host.store.room.mute(alice.profile.id)
  await settle(network)
  for (const p of [host, alice, bob]) expect(p.store.room.muted).toEqual([alice.profile.id])
  expect(alice.store.room.canSend).toBe(false)
  expect(bob.store.room.canSend).toBe(true)
  await expectRejects(alice.store.room.send('我还能说话吗'), 'MUTED')

  await host.store.room.unmute(alice.profile.id)
  await settle(network)
  for (const p of [host, alice, bob]) expect(p.store.room.muted).toEqual([])
  await alice.store.room.send('谢谢')
  await settle(network)
  expect(texts(bob.store)).toEqual(['谢谢'])
})

test('a message from a muted member that still reaches the network is dropped by every receiver', async () => {
  // a modified client ignores its own mute: the hub relays it, honest receivers drop it
  await host.store.room.mute(alice.profile.id)
  await settle(network)
  await alice.store.rts.sendRoomMessage('我偏要说')
  await settle(network)
  expect(texts(host.store)).toEqual([])
  expect(texts(bob.store)).toEqual([])
})

test('a late joiner sees the mute list', async () => {
  await host.store.room.mute(bob.profile.id)
  await settle(network)
  const late = await person(network, '迟到')
  await late.store.room.join(roomId)
  await settle(network)
  expect(late.store.room.muted).toEqual([bob.profile.id])
})

test('the host leaving ends the room for everyone, with the reason', async () => {
  await host.store.room.leave()
  await settle(network)
  for (const p of [alice, bob]) {
    expect(p.store.room.status).toBe('ended')
    expect(p.store.room.endReason).toBe('主播已结束直播')
    expect(p.store.room.media.players).toEqual([])
  }
  // back to the lobby from the ended screen
  await alice.store.room.leave()
  await settle(network)
  expect(alice.store.room.status).toBe('idle')
  expect(alice.store.lobby.users.map((u) => u.id)).toContain(host.profile.id)
  // nobody can join the ended room
  const late = await person(network, '迟到')
  await expectRejects(late.store.room.join(roomId), 'ROOM_NOT_FOUND')
})

test('private chat: unread while in a room, cleared when the chat is opened', async () => {
  const friend = await person(network, '好友')
  await friend.store.chat.open(alice.profile.id)
  await friend.store.chat.send('在直播间吗？')
  await friend.store.chat.send('回个话')
  await settle(network)
  const conversation = alice.store.lobby.conversations.find((c) => c.peer.id === friend.profile.id)
  expect(conversation).toMatchObject({ unread: 2, last: { text: '回个话' } })
  expect(alice.store.lobby.unreadTotal).toBe(2)

  await alice.store.room.leave()
  await alice.store.chat.open(friend.profile.id)
  await settle(network)
  expect(alice.store.chat.messages.map((m) => m.text)).toEqual(['在直播间吗？', '回个话'])
  expect(alice.store.lobby.unreadTotal).toBe(0)

  await alice.store.chat.send('刚下播')
  await settle(network)
  expect(friend.store.chat.messages.map((m) => m.text)).toEqual(['在直播间吗？', '回个话', '刚下播'])
  // the friend has the chat open: no unread mark
  expect(friend.store.lobby.unreadTotal).toBe(0)
  // and the unread count survives a fresh load from the service
  alice.store.chat.close()
  await friend.store.chat.send('好的')
  await settle(network)
  await alice.store.lobby.loadConversations()
  expect(alice.store.lobby.unreadTotal).toBe(1)
})

test('the lobby lists the others (not me) and the online count', async () => {
  const a = await person(network, '甲')
  const b = await person(network, '乙')
  await settle(network)
  expect(a.store.lobby.users.map((u) => u.id)).toContain(b.profile.id)
  expect(a.store.lobby.users.map((u) => u.id)).not.toContain(a.profile.id)
  expect(a.store.lobby.onlineCount).toBeGreaterThanOrEqual(2)
})

test('room messages are capped at 500, newest kept, and a redelivered message shows once', async () => {
  const n = ROOM_MESSAGE_CAP + 20
  let t = 0
  // feed the store directly through its event entry: the hub's rate limit would take minutes
  for (let i = 0; i < n; i++) {
    alice.store.room.onRoomEvent({
      type: 'message',
      message: { id: `m${i}`, from: bob.profile, text: `#${i}`, sentAt: ++t, kind: 'text' },
    })
  }
  alice.store.room.onRoomEvent({ type: 'message', message: { id: `m${n - 1}`, from: bob.profile, text: 'dup', sentAt: t + 1, kind: 'text' } })
  const list = alice.store.room.messages
  expect(list).toHaveLength(ROOM_MESSAGE_CAP)
  expect(list[list.length - 1].text).toBe(`#${n - 1}`)
  expect(list[0].text).toBe(`#${n - ROOM_MESSAGE_CAP}`)
  expect(new Set(list.map((m) => m.id)).size).toBe(ROOM_MESSAGE_CAP)
})

test('room capacity: the 17th person gets ROOM_FULL', async () => {
  const extra: Person[] = []
  for (let i = 0; i < 13; i++) extra.push(await person(network, `观众${i}`))
  for (const p of extra) await p.store.room.join(roomId)
  await settle(network)
  expect(host.store.room.memberCount).toBe(16)
  const late = await person(network, '第十七')
  await expectRejects(late.store.room.join(roomId), 'ROOM_FULL')
  expect(late.store.room.status).toBe('idle')
})

test('permission refused: PERMISSION_DENIED and no half-open room', async () => {
  const denied = await person(network, '没权限', {
    permissions: { ensureCameraAndMic: () => Promise.reject(new AppError('PERMISSION_DENIED')) },
  })
  const before = denied.store.lobby.onlineCount
  await expect(denied.store.room.create()).rejects.toMatchObject({ code: 'PERMISSION_DENIED' })
  await settle(network)
  expect(denied.store.room.status).toBe('idle')
  expect(denied.store.room.id).toBeNull()
  expect(denied.store.lobby.onlineCount).toBe(before)
})

test('a long mute list sheds people who have left, so it always fits the wire', async () => {
  const gone = Array.from({ length: 40 }, (_, i) => `left-${i}-${'x'.repeat(50)}`)
  for (const id of gone) await host.store.room.mute(id)
  await host.store.room.mute(alice.profile.id)
  await settle(network)
  expect(host.store.room.muted).toContain(alice.profile.id)
  expect(alice.store.room.muted).toContain(alice.profile.id)
  expect(alice.store.room.canSend).toBe(false)
})

test('messages that arrive while the RTC step of a join is still running are kept', async () => {
  const late = await person(network, '迟到')
  const joining = late.store.room.join(roomId)
  expect(late.store.room.status).toBe('joining')
  // the chatroom is entered first; a message from the room arrives before the RTC join is done
  late.store.room.onRoomEvent({
    type: 'message',
    message: { id: 'early-1', from: alice.profile, text: '刚进来就说话', sentAt: Date.now(), kind: 'text' },
  })
  await joining
  await settle(network)
  expect(texts(late.store)).toContain('刚进来就说话')
})

test('events held during a join that fails are dropped with it', async () => {
  const late = await person(network, '迟到')
  const joining = late.store.room.join('999999' === roomId ? '999998' : '999999')
  late.store.room.onRoomEvent({
    type: 'message',
    message: { id: 'early-2', from: alice.profile, text: '不该出现', sentAt: Date.now(), kind: 'text' },
  })
  await expect(joining).rejects.toMatchObject({ code: 'ROOM_NOT_FOUND' })
  await late.store.room.join(roomId)
  await settle(network)
  expect(texts(late.store)).not.toContain('不该出现')
})

test('the host stream published while a join is on its way is played once the room is entered', async () => {
  const late = await person(network, '迟到')
  const joining = late.store.room.join(roomId)
  late.store.room.onRtcEvent({ type: 'stream-removed', streamId: 'nobody' })
  late.store.room.onRtcEvent({ type: 'network-quality', quality: 'poor' })
  await joining
  expect(late.store.room.media.networkQuality).toBe('poor')
  expect(late.store.room.media.players).toHaveLength(1)
})
