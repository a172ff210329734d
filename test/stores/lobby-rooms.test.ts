/** lobby.rooms: the rooms live now, newest first, on every phone in the lobby. */
import { createDemoNetwork } from '../../miniprogram/services/demo'
import { person, settle, type DemoNetwork } from './people'

let network: DemoNetwork
afterEach(() => network.close())

test('a room appears in the lobby of everyone there, newest first, and goes when its host ends it', async () => {
  let clock = 1_000_000
  network = createDemoNetwork({ latencyMs: 0 })
  const viewer = await person(network, '观众')
  const first = await person(network, '主播一', { now: () => clock })
  const second = await person(network, '主播二', { now: () => clock })
  const one = await first.store.room.create()
  clock += 1000
  const two = await second.store.room.create()
  await settle(network)
  expect(viewer.store.lobby.rooms).toEqual([
    { roomId: two, host: second.profile, since: 1_001_000, viewers: 0 },
    { roomId: one, host: first.profile, since: 1_000_000, viewers: 0 },
  ])

  await second.store.room.leave()
  await settle(network)
  expect(viewer.store.lobby.rooms.map((r) => r.roomId)).toEqual([one])
  // back in the lobby, the host who left reads the list afresh
  expect(second.store.lobby.rooms.map((r) => r.roomId)).toEqual([one])
})

test('signing out forgets the list', async () => {
  network = createDemoNetwork({ latencyMs: 0 })
  const viewer = await person(network, '观众')
  const host = await person(network, '主播')
  await host.store.room.create()
  await settle(network)
  expect(viewer.store.lobby.rooms).toHaveLength(1)
  await viewer.store.session.signOut()
  expect(viewer.store.lobby.rooms).toEqual([])
})

test('refreshRooms re-reads the list (pull to refresh); a failure keeps the list shown and says why', async () => {
  network = createDemoNetwork({ latencyMs: 0 })
  const viewer = await person(network, '观众')
  const host = await person(network, '主播')
  const roomId = await host.store.room.create({ title: '下午茶' })
  await settle(network)
  // the pushed list is replaced by what a fresh read says
  viewer.store.lobby.setRooms([])
  await viewer.store.lobby.refreshRooms()
  expect(viewer.store.lobby.rooms).toEqual([expect.objectContaining({ roomId, title: '下午茶', viewers: 0 })])
  network.drop(viewer.profile.id)
  await expect(viewer.store.lobby.refreshRooms()).rejects.toMatchObject({ code: 'NOT_CONNECTED' })
  expect(viewer.store.lobby.rooms.map((r) => r.roomId)).toEqual([roomId])
})
