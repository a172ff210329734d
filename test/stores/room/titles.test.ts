/** room.create({ title }): trimmed, empty is none, ≤ 30 characters; on every phone and in the live list. */
import { createDemoNetwork } from '../../../miniprogram/services/demo'
import { expectRejects, person, settle, snapshot, type DemoNetwork } from '../people'

let network: DemoNetwork
beforeEach(() => {
  network = createDemoNetwork({ latencyMs: 0 })
})
afterEach(() => network.close())

test('the title reaches the host, the audience, late joiners and the live list in the lobby', async () => {
  const host = await person(network, '主播')
  const early = await person(network, '观众')
  const lobby = await person(network, '大厅里的人')
  const roomId = await host.store.room.create({ title: '  周五夜 · 一起听歌  ' })
  expect(host.store.room.title).toBe('周五夜 · 一起听歌')
  await early.store.room.join(roomId)
  await settle(network)
  expect(early.store.room.title).toBe('周五夜 · 一起听歌')
  expect(lobby.store.lobby.rooms).toEqual([expect.objectContaining({ roomId, title: '周五夜 · 一起听歌', viewers: 1 })])
  const late = await person(network, '晚来的')
  await late.store.room.join(roomId)
  expect(late.store.room.title).toBe('周五夜 · 一起听歌')
  // leaving forgets it
  await late.store.room.leave()
  expect(late.store.room.title).toBeUndefined()
})

test('no title, an empty or a blank one: the room has none', async () => {
  for (const options of [undefined, {}, { title: '' }, { title: '   ' }]) {
    const host = await person(network, '主播')
    const roomId = await host.store.room.create(options)
    expect(host.store.room.title).toBeUndefined()
    const viewer = await person(network, '观众')
    await viewer.store.room.join(roomId)
    expect(viewer.store.room.title).toBeUndefined()
    await host.store.room.leave()
    await viewer.store.room.leave()
  }
})

test('31 characters: INVALID_TITLE before anything happens — no room, nothing in the lobby', async () => {
  const host = await person(network, '主播')
  const lobby = await person(network, '大厅里的人')
  const before = snapshot(host.store)
  await expectRejects(host.store.room.create({ title: '长'.repeat(31) }), 'INVALID_TITLE')
  await settle(network)
  expect(snapshot(host.store)).toEqual(before)
  expect(host.store.room.status).toBe('idle')
  expect(lobby.store.lobby.rooms).toEqual([])
  // 30 is fine
  await host.store.room.create({ title: '长'.repeat(30) })
  expect(host.store.room.title).toBe('长'.repeat(30))
})

test('a host cannot create again (NOT_ALLOWED comes before the title check)', async () => {
  const host = await person(network, '主播')
  await host.store.room.create({ title: '第一场' })
  await expectRejects(host.store.room.create({ title: '长'.repeat(31) }), 'NOT_ALLOWED')
  expect(host.store.room.title).toBe('第一场')
})
