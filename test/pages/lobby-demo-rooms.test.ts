/**
 * Demo mode: the lobby lists the rooms live on the network (the simulated hosts' in the app),
 * read from the lobby store (lobby.rooms); a tap joins one.
 */
import type { DemoNetwork } from '../../miniprogram/services/demo/index'
import type { RootStore } from '../../miniprogram/stores/index'
import { exists, tap, text, waitFor } from '../harness/dom'
import { loadPages, mockWx, newNetwork, openPage, signedInPerson } from '../harness/app'

beforeAll(() => {
  loadPages()
})

let network: DemoNetwork
const stores: RootStore[] = []
afterEach(() => {
  for (const s of stores.splice(0)) s.dispose()
  network.close()
})

test('a simulated host’s room shows in the lobby and a tap on it joins as audience', async () => {
  const mocks = mockWx()
  network = newNetwork()
  const host = await signedInPerson(network, { id: 'sim-host', name: '大卫' })
  const viewer = await signedInPerson(network, { id: 'me', name: '我' })
  stores.push(host.store, viewer.store)
  const roomId = await host.store.room.create()

  const page = openPage('lobby', viewer.store)
  await waitFor(() => expect(text(page, '.demo-room')).toBe(roomId))
  tap(page, '.demo-room')
  await waitFor(() => expect(mocks.navigateTo).toHaveBeenCalledWith({ url: `/pages/room/room?roomId=${roomId}` }))
  expect(viewer.store.room.role).toBe('audience')
  page.detach()
})

test('no demo rooms, no list', async () => {
  mockWx()
  network = newNetwork()
  const viewer = await signedInPerson(network, { id: 'me', name: '我' })
  stores.push(viewer.store)
  const page = openPage('lobby', viewer.store)
  await waitFor(() => expect(exists(page, '.enter__create')).toBe(true))
  expect(exists(page, '.demo-room')).toBe(false)
  page.detach()
})
