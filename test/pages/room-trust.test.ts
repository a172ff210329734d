/**
 * The room page says so when no server of ours vouches for the room (dev tokens: its host and mute
 * list rest on entries any client can force-write), and says nothing when its documents are signed.
 */
import type { DemoNetwork } from '../../miniprogram/services/demo/index'
import { createStore, type RootStore } from '../../miniprogram/stores/index'
import { exists, text, waitFor } from '../harness/dom'
import { loadPages, mockWx, newNetwork, openPage, signedInPerson } from '../harness/app'

beforeAll(() => {
  loadPages()
})

let network: DemoNetwork
let stores: RootStore[]
let pages: { detach(): void }[]

beforeEach(() => {
  mockWx()
  network = newNetwork()
  stores = []
  pages = []
})
afterEach(() => {
  for (const p of pages) p.detach()
  for (const s of stores) s.dispose()
  network.close()
})

async function roomPageOf(store: RootStore) {
  stores.push(store)
  const roomId = await store.room.create()
  const page = openPage('room', store, { roomId })
  pages.push(page)
  await waitFor(() => expect(text(page, '.topbar__sub')).toContain(roomId))
  return page
}

test('with our server (the app in demo mode): no mark', async () => {
  const { store } = await signedInPerson(network, { id: 'u-host', name: '主播' })
  const page = await roomPageOf(store)
  expect(store.room.trust).toBe('signed')
  expect(exists(page, '.unsigned-mark')).toBe(false)
})

test('without (dev tokens): 未签名房间 beside the room number', async () => {
  const profile = { id: 'u-host', name: '主播' }
  const { rts, rtc } = network.connect(profile)
  const store = createStore({ rts, rtc })
  await store.session.signIn(profile)
  const page = await roomPageOf(store)
  expect(store.room.trust).toBe('unsigned')
  expect(text(page, '.unsigned-mark')).toContain('未签名房间')
})
