/**
 * Issue 10 bugs, reproduced with the store (createStore) over the demo network as people meet them.
 * Each test failed before its fix. The store's were fixed by serialising chatroom changes
 * (stores/chatroom-switch.ts) and in entering / leaving (stores/room/entering.ts); "demo network
 * fixed" marks bugs that were in the demo network itself. The same races on RongCloud, where some
 * of them only show, are in test/services/rongcloud/chatroom-races.test.ts.
 */
import { createDemoNetwork, type DemoNetworkOptions } from '../../../miniprogram/services/demo'
import type { Profile } from '../../../miniprogram/core/types'
import type { RtcEvent } from '../../../miniprogram/services/types'
import { createStore, type RootStore, type StoreDeps } from '../../../miniprogram/stores'
import { ENTRIES_WAIT_MS } from '../../../miniprogram/stores/room/host-entry-wait'

const L = 100
const HOUR = 60 * 60 * 1000

type Net = ReturnType<typeof createDemoNetwork>
interface Person {
  profile: Profile
  store: RootStore
  rtcEvents: RtcEvent[]
}

let net: Net
const stores: RootStore[] = []

beforeEach(() => {
  jest.useFakeTimers()
  net = createDemoNetwork({ latencyMs: L })
})
afterEach(() => {
  for (const store of stores.splice(0)) store.dispose()
  net.close()
  jest.useRealTimers()
})

const settle = (ms = 10 * L) => jest.advanceTimersByTimeAsync(ms)

async function person(id: string, deps: Partial<StoreDeps> = {}, network: Net = net): Promise<Person> {
  const profile = { id, name: `名字${id}` }
  const { rts, rtc } = network.connect(profile)
  const rtcEvents: RtcEvent[] = []
  rtc.onEvent((e) => rtcEvents.push(e))
  const store = createStore({ rts, rtc, ...deps })
  stores.push(store)
  const signedIn = store.session.signIn(profile)
  await settle()
  await signedIn
  return { profile, store, rtcEvents }
}

/** Resolves `promise` after letting the network run; rethrows its rejection. */
async function run<T>(promise: Promise<T>, ms = 10 * L): Promise<T> {
  const outcome = promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  )
  await settle(ms)
  const result = await outcome
  if (!result.ok) throw result.error
  return result.value
}

async function hostWithRoom(id = 'host', deps: Partial<StoreDeps> = {}): Promise<Person & { roomId: string }> {
  const host = await person(id, deps)
  const roomId = await run(host.store.room.create())
  return { ...host, roomId }
}

const lobbyIds = (p: Person) => p.store.lobby.users.map((u) => u.id)
const texts = (p: Person) => p.store.room.messages.map((m) => m.text)

describe('C11: ending a room and at once entering another (demo network fixed: room calls name their room)', () => {
  test('C11 a host who ends the room and at once joins another is counted, hears chat and can send', async () => {
    const other = await hostWithRoom('other')
    const me = await hostWithRoom('me')
    void me.store.room.leave()
    await run(me.store.room.join(other.roomId))
    expect(me.store.room.status).toBe('live')
    expect(other.store.room.memberCount).toBe(2)
    await run(other.store.room.send('欢迎'))
    expect(texts(me)).toEqual(['欢迎'])
    await run(me.store.room.send('我来了'))
    expect(texts(other)).toContain('我来了')
  })

  test('C11 a host who ends the room and at once creates another gets the new room', async () => {
    const me = await hostWithRoom('me')
    void me.store.room.leave()
    const roomId = await run(me.store.room.create())
    const guest = await person('guest')
    await run(guest.store.room.join(roomId))
    expect(me.store.room.memberCount).toBe(2)
    await run(me.store.room.send('新房间'))
    expect(texts(guest)).toEqual(['新房间'])
  })
})

describe('C12: leaving a room while reconnecting', () => {
  test('C12 an audience member who leaves while reconnecting is back in the lobby after the reconnect, not a hidden member of the room', async () => {
    const host = await hostWithRoom()
    const alice = await person('alice')
    const watcher = await person('watcher')
    await run(alice.store.room.join(host.roomId))
    net.drop('alice')
    await settle()
    await run(alice.store.room.leave())
    net.restore('alice')
    await settle(20 * L)
    // today the SDK's own re-join puts her back into the room after the store's lobby entry
    expect(host.store.room.memberCount).toBe(1)
    expect(lobbyIds(watcher)).toContain('alice')
  })

  test('C12 a host who ends the room while reconnecting: after the reconnect the host is back in the lobby and the room is over', async () => {
    const host = await hostWithRoom()
    const alice = await person('alice')
    const watcher = await person('watcher')
    await run(alice.store.room.join(host.roomId))
    net.drop('host')
    await settle()
    await run(host.store.room.leave())
    expect(alice.store.room.status).toBe('live')
    net.restore('host')
    await settle(20 * L)
    expect(alice.store.room.status).toBe('ended')
    expect(lobbyIds(watcher)).toContain('host')
  })
})

describe('C13: the connection drops in the middle of a join', () => {
  test('C13 a join the server took just before the drop does not show live with sending enabled while offline, and plays the host after the reconnect', async () => {
    const host = await hostWithRoom()
    const alice = await person('alice')
    const joining = alice.store.room.join(host.roomId).catch((e: unknown) => e)
    // the server has taken the join (L/2) but the answer is still on its way
    await jest.advanceTimersByTimeAsync((3 * L) / 4)
    net.drop('alice')
    await settle()
    await joining
    expect(alice.store.session.connection).toBe('reconnecting')
    expect(alice.store.room.canSend).toBe(false)
    net.restore('alice')
    await settle(20 * L)
    expect(alice.store.room.status).toBe('live')
    expect(alice.store.room.media.error).toBeNull()
    expect(alice.store.room.media.players.map((p) => p.userId)).toEqual(['host'])
  })
})

describe('C17: a message sent just before switching rooms', () => {
  test('C17 does not appear in the new room on the sender’s screen', async () => {
    const first = await hostWithRoom('first')
    const second = await hostWithRoom('second', { random: () => 0.9 })
    const alice = await person('alice')
    await run(alice.store.room.join(first.roomId))
    void alice.store.room.send('再见').catch(() => undefined)
    void alice.store.room.leave()
    await run(alice.store.room.join(second.roomId))
    expect(alice.store.room.id).toBe(second.roomId)
    expect(texts(second)).toEqual([])
    expect(texts(alice)).toEqual([])
  })
})

describe('C19 / C20: chatroom changes racing each other', () => {
  test('C19 joining right after sign-in, then leaving: back in the lobby where others see them (holds on the demo network)', async () => {
    const host = await hostWithRoom()
    const watcher = await person('watcher')
    const profile = { id: 'scan', name: '扫码' }
    const { rts, rtc } = net.connect(profile)
    const store = createStore({ rts, rtc })
    stores.push(store)
    await run(store.session.signIn(profile))
    await run(store.room.join(host.roomId), 2 * L)
    await run(store.room.leave())
    expect(lobbyIds(watcher)).toContain('scan')
  })

  test('C20 back gesture while a join is still running: the person ends up in the lobby (holds on the demo network)', async () => {
    const host = await hostWithRoom()
    const watcher = await person('watcher')
    const alice = await person('alice')
    const joining = alice.store.room.join(host.roomId).catch((e: unknown) => e)
    await jest.advanceTimersByTimeAsync(L / 4)
    await run(alice.store.room.leave())
    await joining
    await settle()
    expect(alice.store.room.status).toBe('idle')
    expect(host.store.room.memberCount).toBe(1)
    expect(lobbyIds(watcher)).toContain('alice')
  })

  test('C20 back gesture while a create is still running: the person ends up in the lobby (holds on the demo network)', async () => {
    const watcher = await person('watcher')
    const alice = await person('alice')
    const creating = alice.store.room.create().catch((e: unknown) => e)
    await jest.advanceTimersByTimeAsync(L + L / 4)
    await run(alice.store.room.leave())
    await creating
    await settle()
    expect(alice.store.room.status).toBe('idle')
    expect(lobbyIds(watcher)).toContain('alice')
  })
  test('C20 back gesture while a join is still running, then at once another room: live in the second room, with its video', async () => {
    const first = await hostWithRoom('first')
    const second = await hostWithRoom('second', { random: () => 0.9 })
    const alice = await person('alice')
    const joiningFirst = alice.store.room.join(first.roomId).catch((e: unknown) => e)
    await jest.advanceTimersByTimeAsync(L / 4)
    void alice.store.room.leave()
    await run(alice.store.room.join(second.roomId))
    await joiningFirst
    await settle()
    expect(alice.store.room).toMatchObject({ id: second.roomId, status: 'live', role: 'audience' })
    expect(alice.store.room.media.error).toBeNull()
    expect(alice.store.room.media.players.map((p) => p.userId)).toEqual(['second'])
    expect(first.store.room.memberCount).toBe(1)
    expect(second.store.room.memberCount).toBe(2)
  })
})

describe('C21: creating a room on a number someone already holds', () => {
  test('C21 never publishes the camera into the other host’s RTC room', async () => {
    const taken = await hostWithRoom('first', { random: () => 0.5 })
    const audience = await person('aud')
    await run(audience.store.room.join(taken.roomId))
    const draws = [0.5, 0.7]
    const second = await person('second', { random: () => draws.shift() ?? 0.9 })
    const roomId = await run(second.store.room.create())
    expect(roomId).not.toBe(taken.roomId)
    const intruders = [...audience.rtcEvents, ...taken.rtcEvents].filter((e) => e.type === 'stream-added' && e.stream.userId === 'second')
    expect(intruders).toEqual([])
  })
})

describe('C24: the lobby list (demo network fixed)', () => {
  test('C24 someone whose app was killed leaves the list when the next person comes, 30 s on', async () => {
    const me = await person('me')
    await person('killed')
    expect(lobbyIds(me)).toContain('killed')
    net.drop('killed')
    await settle(30_000)
    expect(lobbyIds(me)).toContain('killed')
    await person('newcomer')
    expect(lobbyIds(me)).toEqual(['newcomer'])
    expect(me.store.lobby.onlineCount).toBe(2)
  })

  test('C24 with more than 20 others the list stays at 20, the count is everyone', async () => {
    const me = await person('me')
    for (let i = 0; i < 22; i++) await person(`p${i}`)
    expect(me.store.lobby.users).toHaveLength(20)
    expect(me.store.lobby.onlineCount).toBe(23)
  })
})

describe('C26: lobby floods (holds on the demo network: it has no presence answers)', () => {
  test('C26 two clients entering and leaving the lobby in a loop cost nobody their private messages', async () => {
    const me = await person('me')
    const friend = await person('friend')
    const flooders = [net.connect({ id: 'f1', name: 'f1' }), net.connect({ id: 'f2', name: 'f2' })]
    for (const f of flooders) await run(f.rts.connect({ id: 'x', name: 'x' }))
    for (let round = 0; round < 10; round++) {
      for (const f of flooders) {
        void f.rts.enterLobby().catch(() => undefined)
        void f.rts.leaveLobby().catch(() => undefined)
      }
      await jest.advanceTimersByTimeAsync(L / 2)
    }
    await run(me.store.chat.open(friend.profile.id))
    for (let i = 0; i < 5; i++) await run(me.store.chat.send(`第${i}条`), L)
    expect(friend.store.lobby.conversations[0]?.unread).toBe(5)
  })
})

describe('beyond part C: what the unkinder network shows', () => {
  test('B7 joining while the first KV pull is slow (past 2 s): live with its host, not ROOM_NOT_FOUND', async () => {
    net = createDemoNetwork({ latencyMs: L, entrySyncMs: 3000 } satisfies DemoNetworkOptions)
    const host = await hostWithRoom()
    const alice = await person('alice')
    await run(alice.store.room.join(host.roomId), 5000)
    expect(alice.store.room.status).toBe('live')
  })

  test('B7 a first KV pull that does not come (failed, retried after 180 s): the join fails as NETWORK after its wait, not as ROOM_NOT_FOUND', async () => {
    net = createDemoNetwork({ latencyMs: L, entrySyncMs: 180_000 })
    const host = await hostWithRoom()
    const alice = await person('alice')
    const watcher = await person('watcher')
    const joining = alice.store.room.join(host.roomId).catch((e: unknown) => e)
    await settle(ENTRIES_WAIT_MS - L)
    expect(alice.store.room.status).toBe('joining')
    await settle(10 * L)
    expect(await joining).toMatchObject({ code: 'NETWORK' })
    expect(alice.store.room.status).toBe('idle')
    await settle()
    expect(host.store.room.memberCount).toBe(1)
    expect(lobbyIds(watcher)).toContain('alice')
  })

  test('B7 leaving while a join waits for the entries: back in the lobby at once, not after the wait', async () => {
    net = createDemoNetwork({ latencyMs: L, entrySyncMs: 180_000 })
    const host = await hostWithRoom()
    const alice = await person('alice')
    const watcher = await person('watcher')
    const joining = alice.store.room.join(host.roomId).catch((e: unknown) => e)
    await settle(5 * L)
    await run(alice.store.room.leave())
    await joining
    expect(alice.store.room.status).toBe('idle')
    expect(host.store.room.memberCount).toBe(1)
    expect(lobbyIds(watcher)).toContain('alice')
  })

  test('B8 the lobby chatroom destroyed after an idle hour: the store enters it again by itself', async () => {
    const me = await person('me')
    const other = await person('other')
    await settle(HOUR)
    await settle(20 * L)
    expect(me.store.lobby.onlineCount).toBe(2)
    expect(lobbyIds(other)).toContain('me')
  })

  test('B8 a quiet live room is not ended while the host is in the RTC room (the demo service binds them)', async () => {
    const host = await hostWithRoom()
    const alice = await person('alice')
    await run(alice.store.room.join(host.roomId))
    await settle(3 * HOUR)
    expect(host.store.room.status).toBe('live')
    expect(alice.store.room.status).toBe('live')
  })
})
