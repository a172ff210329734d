/**
 * Scanning the room's mini-program code: WeChat's own scanner opens pages/room/room with
 * `scene=r%3D<room>` (server/README.md "Room QR codes") and the page joins as audience; a scene it
 * cannot read says so with the way back; the lobby's own scan button takes the code's path as well
 * as a bare number.
 */
import { ERROR_MESSAGES } from '../../miniprogram/core/errors'
import type { Profile } from '../../miniprogram/core/types'
import type { DemoNetwork } from '../../miniprogram/services/demo/index'
import type { RootStore } from '../../miniprogram/stores/index'
import { exists, tap, text, waitFor } from '../harness/dom'
import { loadPages, mockWx, newNetwork, openPage, signedInPerson, type Person } from '../harness/app'

type Page = ReturnType<typeof openPage>

beforeAll(() => {
  loadPages()
})

const HOST: Profile = { id: 'u-host', name: '主播' }
const VIEWER: Profile = { id: 'u-viewer', name: '观众' }
const BROKEN = '链接里的房间号无法识别'

let mocks: ReturnType<typeof mockWx>
let network: DemoNetwork
let stores: RootStore[]
let pages: Page[]

beforeEach(() => {
  mocks = mockWx()
  network = newNetwork()
  stores = []
  pages = []
})
afterEach(() => {
  for (const p of pages) p.detach()
  for (const s of stores) s.dispose()
  network.close()
})

async function person(profile: Profile): Promise<Person> {
  const p = await signedInPerson(network, profile)
  stores.push(p.store)
  return p
}

function open(name: 'lobby' | 'room', p: Person, query: Record<string, string> = {}): Page {
  const page = openPage(name, p.store, query)
  pages.push(page)
  return page
}

test('a good scene (r%3D<room>): the page joins that room as audience', async () => {
  const host = await person(HOST)
  const roomId = await host.store.room.create()
  const viewer = await person(VIEWER)
  const page = open('room', viewer, { scene: encodeURIComponent(`r=${roomId}`) })
  await waitFor(() => expect(viewer.store.room.status).toBe('live'))
  expect(viewer.store.room).toMatchObject({ id: roomId, role: 'audience' })
  await waitFor(() => expect(text(page, '.host-name')).toBe(HOST.name))
  expect(exists(page, '.enter-error')).toBe(false)
})

test.each([
  ['a lone %', 'r%3D12%'],
  ['no room in it', 'x%3D123456'],
  ['letters for a number', 'r%3Dabcdef'],
  ['empty', ''],
])('a malformed scene (%s): the clear error and the way back, no join', async (_label, scene) => {
  const viewer = await person(VIEWER)
  const page = open('room', viewer, { scene })
  await waitFor(() => expect(text(page, '.enter-error')).toContain(BROKEN))
  expect(viewer.store.room.status).toBe('idle')
  tap(page, '.enter-error .back-to-lobby')
  await waitFor(() => expect(mocks.reLaunch).toHaveBeenCalledWith({ url: '/pages/lobby/lobby' }))
})

test('no scene and no room number at all: the page says the number is not valid and joins nothing', async () => {
  const viewer = await person(VIEWER)
  const page = open('room', viewer, {})
  await waitFor(() => expect(text(page, '.enter-error')).toContain(ERROR_MESSAGES.INVALID_ROOM_NUMBER))
  expect(viewer.store.room.status).toBe('idle')
})

test.each([
  ['the code’s path', (roomId: string) => ({ result: '', path: `pages/room/room?scene=r%3D${roomId}` })],
  ['a bare number', (roomId: string) => ({ result: roomId })],
])('the lobby’s scan button takes %s', async (_label, scanned) => {
  const host = await person(HOST)
  const roomId = await host.store.room.create()
  const viewer = await person(VIEWER)
  mocks.scanCode.mockImplementation((options) => options.success?.(scanned(roomId)))
  const lobby = open('lobby', viewer)
  tap(lobby, '.join__scan')
  await waitFor(() => expect(mocks.navigateTo).toHaveBeenCalledWith({ url: `/pages/room/room?roomId=${roomId}` }))
  expect(viewer.store.room).toMatchObject({ id: roomId, role: 'audience', status: 'live' })
})
