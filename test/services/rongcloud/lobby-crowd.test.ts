/**
 * A crowded lobby over the fake RongCloud server (issue 10 items 24 and 26): getChatRoomInfo lists
 * at most the 20 most recent members, so presence signals keep the rest listed; someone whose app
 * was killed drops off; the list is capped; and a flood of 'online' signals from modified clients
 * does not make everyone answer each one (which used up their 5 messages a second).
 */
import { encodeSignal } from '../../../miniprogram/core/wire'
import { LOBBY_CHATROOM_ID, LOBBY_LIST_CAP } from '../../../miniprogram/services/rongcloud/lobby'
import { SIGNAL_MESSAGE_TYPE } from '../../../miniprogram/services/rongcloud/messages'
import type { LobbySnapshot } from '../../../miniprogram/services/types'
import { FakeRongCloudServer, actualSdk } from './fake-sdk'
import { makePeer, profile } from './helpers'
import type { Peer } from './helpers'

beforeEach(() => jest.useFakeTimers({ now: 1_700_000_000_000 }))
afterEach(() => jest.useRealTimers())

type Member = Peer & { id: string; last: () => LobbySnapshot | undefined; sends: () => number }

async function inLobby(server: FakeRongCloudServer, id: string): Promise<Member> {
  const peer = makePeer(server, id)
  let sends = 0
  const send = peer.client.sendMessage
  peer.client.sendMessage = (...args) => {
    sends++
    return send(...args)
  }
  const connecting = peer.rts.connect(profile(id))
  await jest.advanceTimersByTimeAsync(0)
  await connecting
  let last: LobbySnapshot | undefined
  peer.rts.onLobby((s) => {
    last = s
  })
  const entering = peer.rts.enterLobby()
  await jest.advanceTimersByTimeAsync(1100) // one getChatRoomInfo a second on each device
  await entering
  return { ...peer, id, last: () => last, sends: () => sends }
}

async function crowd(server: FakeRongCloudServer, n: number): Promise<Member[]> {
  const members: Member[] = []
  for (let i = 0; i < n; i++) members.push(await inLobby(server, `p${i}`))
  await jest.advanceTimersByTimeAsync(5000)
  return members
}

const listed = (m: Member) => (m.last()?.users ?? []).map((u) => u.id)

test(`the lobby lists at most LOBBY_LIST_CAP others, and counts everyone`, async () => {
  const server = new FakeRongCloudServer()
  const members = await crowd(server, 30)
  const newest = members[members.length - 1]
  await jest.advanceTimersByTimeAsync(20_000)
  expect(LOBBY_LIST_CAP).toBe(20)
  for (const m of [members[0], members[10], newest]) {
    expect(listed(m)).toHaveLength(LOBBY_LIST_CAP)
    expect(listed(m)).not.toContain(m.id)
    expect(m.last()?.onlineCount).toBe(30)
  }
})

test('with more than 20 people, someone whose app was killed drops off the list; the living stay', async () => {
  const server = new FakeRongCloudServer()
  // 22 in the lobby: getChatRoomInfo lists 20 of them
  const members = await crowd(server, 22)
  const [first, victim] = members
  // the victim joined early: not among the 20 most recent that getChatRoomInfo lists
  expect(listed(first)).toContain(victim.id)
  victim.client.suspend() // killed: no 'offline', the socket just goes
  await jest.advanceTimersByTimeAsync(15 * 60_000)
  const alive = members.filter((m) => m !== victim)
  for (const m of alive) {
    expect(listed(m)).not.toContain(victim.id)
    // everyone else alive is still there (21 alive: 20 others, the cap)
    expect(listed(m).sort()).toEqual(alive.filter((o) => o !== m).map((o) => o.id).sort())
  }
  expect(first.last()?.onlineCount).toBe(21)
})

test('a flood of online signals from two modified clients: each sender answered once per interval, private messages still go', async () => {
  const server = new FakeRongCloudServer()
  const [a, b] = await crowd(server, 2)
  const rogues = await Promise.all(
    ['m1', 'm2'].map(async (id) => {
      const client = makePeer(server, id).client
      await client.connect(server.addUser(id))
      await client.joinChatRoom(LOBBY_CHATROOM_ID, { count: -1 })
      const Signal = client.registerMessageType<{ data: string }>(SIGNAL_MESSAGE_TYPE, false, false, [], true)
      const online = new Signal({ data: encodeSignal({ type: 'presence', state: 'online', profile: profile(id) }) })
      return () => client.sendMessage({ conversationType: actualSdk.ConversationType.CHATROOM, targetId: LOBBY_CHATROOM_ID }, online)
    }),
  )
  const before = a.sends()
  let maxTimers = 0
  const privateResults: Promise<unknown>[] = []
  // ten seconds at their 5 messages a second each
  for (let tick = 0; tick < 50; tick++) {
    for (const flood of rogues) void flood()
    if (tick % 10 === 5) privateResults.push(a.rts.sendPrivate(profile(b.id), `第${tick}条`).then(() => 'ok', (e: { code?: string }) => e.code))
    await jest.advanceTimersByTimeAsync(200)
    maxTimers = Math.max(maxTimers, jest.getTimerCount())
  }
  await jest.advanceTimersByTimeAsync(5000)
  expect(await Promise.all(privateResults)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok'])
  // the private messages, and at most one answer per flooder
  expect(a.sends() - before).toBeLessThanOrEqual(5 + 2)
  // pending work stays bounded: no timer per incoming signal
  expect(maxTimers).toBeLessThan(20)
})

test('someone who leaves and comes back at once is answered again (a newcomer learns who is there)', async () => {
  const server = new FakeRongCloudServer()
  const [a, b] = await crowd(server, 2)
  expect(listed(b)).toEqual([a.id])
  const leaving = b.rts.leaveLobby()
  await jest.advanceTimersByTimeAsync(100)
  await leaving
  const back = b.rts.enterLobby()
  await jest.advanceTimersByTimeAsync(5000)
  await back
  expect(listed(b)).toEqual([a.id])
})
