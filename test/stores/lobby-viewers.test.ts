/**
 * How many watch a room, in demo mode's lobby (the demo's stand-in for our server, its listings
 * signed and verified as the app verifies ours): each listing says it as of its host's last
 * heartbeat, so the figure follows people into and out of a room within one heartbeat (30 s),
 * for a person's room and for a simulated host's alike.
 */
import { createDemoNetwork, startSimulatedPeers, type DemoNetwork } from '../../miniprogram/services/demo'
import { createStore, type RootStore } from '../../miniprogram/stores'
import { HEARTBEAT_MS } from '../../miniprogram/stores/room/authority'

const L = 100
let net: DemoNetwork
let stores: RootStore[]
beforeEach(() => {
  jest.useFakeTimers({ now: Date.UTC(2025, 0, 1, 12) })
  net = createDemoNetwork({ latencyMs: L })
  stores = []
})
afterEach(() => {
  for (const store of stores) store.dispose()
  net.close()
  jest.useRealTimers()
})

async function run<T>(promise: Promise<T>, ms = 10 * L): Promise<T> {
  const settled = promise.then((value) => ({ value }), (error: unknown) => ({ error }))
  await jest.advanceTimersByTimeAsync(ms)
  const outcome = await Promise.race([settled, Promise.resolve(null)])
  if (!outcome) throw new Error(`still pending after ${ms} ms`)
  if ('error' in outcome) throw outcome.error
  return outcome.value
}

async function person(id: string, name: string): Promise<RootStore> {
  const profile = { id, name }
  const store = createStore(net.connect(profile))
  stores.push(store)
  await run(store.session.signIn(profile))
  return store
}

const viewersOf = (store: RootStore, roomId: string) => store.lobby.rooms.find((r) => r.roomId === roomId)?.viewers

test('a person’s room: 0 when it opens, then the people in it but the host, as of the host’s last heartbeat', async () => {
  const watcher = await person('watcher', '看列表的')
  const host = await person('host', '主播')
  const roomId = await run(host.room.create({ title: '夜聊' }))
  await jest.advanceTimersByTimeAsync(3 * L)
  expect(viewersOf(watcher, roomId)).toBe(0)

  const alice = await person('alice', '小爱')
  const bob = await person('bob', '小波')
  await run(alice.room.join(roomId))
  await run(bob.room.join(roomId))
  // people joining cost the server nothing: the count waits for the host's heartbeat
  expect(viewersOf(watcher, roomId)).toBe(0)
  await jest.advanceTimersByTimeAsync(HEARTBEAT_MS)
  expect(viewersOf(watcher, roomId)).toBe(2)

  await run(bob.room.leave())
  await jest.advanceTimersByTimeAsync(HEARTBEAT_MS)
  expect(viewersOf(watcher, roomId)).toBe(1)
})

test('a simulated host’s room shows its viewers in the lobby once people are in it', async () => {
  // no lobby visits: the people in the room are the ones this test sends
  const peers = startSimulatedPeers(net, { hosts: 1, visitEveryMs: [1e9, 1e9] })
  await jest.advanceTimersByTimeAsync(10 * L)
  const [roomId] = peers.rooms()
  const watcher = await person('watcher', '看列表的')
  expect(viewersOf(watcher, roomId)).toBe(0)
  for (const [id, name] of [['fan1', '粉丝一'], ['fan2', '粉丝二'], ['fan3', '粉丝三']]) {
    const fan = await person(id, name)
    await run(fan.room.join(roomId))
  }
  await jest.advanceTimersByTimeAsync(HEARTBEAT_MS)
  expect(viewersOf(watcher, roomId)).toBe(3)
  peers.stop()
})
