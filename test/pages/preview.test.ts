/**
 * The pre-live preview: my camera previewing, a title, flip, beauty and whitening, nothing created
 * until 开始直播; then the room replaces the preview. 取消 leaves nothing behind.
 */
import type { Profile } from '../../miniprogram/core/types'
import { createDemoNetwork, type DemoNetwork } from '../../miniprogram/services/demo/index'
import type { RootStore } from '../../miniprogram/stores/index'
import { loadLook } from '../../miniprogram/platform/camera-look'
import { exists, tap, text, typeInto, waitFor } from '../harness/dom'
import { loadPages, mockWx, newNetwork, openPage, roomIdFromUrl, signedInPerson, type Person } from '../harness/app'

beforeAll(() => {
  loadPages()
})

type Page = ReturnType<typeof openPage>

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

function open(name: 'preview' | 'room' | 'lobby', p: Person, query: Record<string, string> = {}): Page {
  const page = openPage(name, p.store, query)
  pages.push(page)
  return page
}

function close(page: Page): void {
  page.detach()
  pages = pages.filter((p) => p !== page)
}

const HOST: Profile = { id: 'u-host', name: '主播小王' }

/** Retries an async check until it passes (waitFor takes synchronous checks only). */
async function eventually(check: () => Promise<void>, timeoutMs = 3000): Promise<void> {
  const started = Date.now()
  for (;;) {
    try {
      await check()
      return
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw error
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
}

async function previewOf(host: Person): Promise<Page> {
  const page = open('preview', host)
  await waitFor(() => expect(exists(page, '.preview-camera')).toBe(true))
  return page
}

test('the preview shows my camera without pushing, and nothing exists on the network yet', async () => {
  const host = await person(HOST)
  const watcher = await person({ id: 'u-w', name: '大厅里的人' })
  const page = await previewOf(host)
  // the stub pusher shows what it was given: no URL, previewing
  expect(text(page, '.preview-camera')).toMatch(/^\|camera:true\|mic:false\|front\|preview:true\|/)
  expect(host.store.room.status).toBe('idle')
  expect(host.store.room.id).toBeNull()
  expect(await watcher.store.rts.listRooms()).toEqual([])
  expect(text(page, '.go-live')).toBe('开始直播')
})

test('flip, beauty and whitening change the preview; the look is kept for the room', async () => {
  const host = await person(HOST)
  const page = await previewOf(host)
  tap(page, '.flip-camera')
  await waitFor(() => expect(text(page, '.preview-camera')).toContain('|back|'))
  const beauty = page.querySelectorAll('.beauty-level')
  const whiteness = page.querySelectorAll('.whiteness-level')
  beauty[3].dispatchEvent('tap')
  whiteness[0].dispatchEvent('tap')
  await waitFor(() => expect(text(page, '.preview-camera')).toContain('beauty:9|whiteness:0'))
  expect(loadLook()).toEqual({ beauty: 9, whiteness: 0 })
})

test('preview, then 开始直播: the room is created with the title and replaces the preview', async () => {
  const host = await person(HOST)
  const watcher = await person({ id: 'u-w', name: '大厅里的人' })
  const page = await previewOf(host)
  typeInto(page, '.title-input', '  周五夜 · 一起听歌  ')
  await waitFor(() => expect(text(page, '.preview__count')).toBe('10/30'))
  tap(page, '.flip-camera')
  tap(page, '.go-live')
  await waitFor(() => expect(mocks.redirectTo).toHaveBeenCalledTimes(1))
  const roomId = roomIdFromUrl(mocks.redirectTo.mock.calls[0][0].url)
  expect(host.store.room).toMatchObject({ id: roomId, status: 'live', role: 'host', title: '周五夜 · 一起听歌' })
  // the camera chosen in the preview carries over
  await waitFor(() => expect(host.store.room.media.camera).toBe('back'))
  // the lobby lists it with the title, from the listing our (demo) server signed
  await eventually(async () => expect(watcher.store.lobby.rooms.map((r) => r.title)).toEqual(['周五夜 · 一起听歌']))

  close(page)
  const room = open('room', host, { roomId })
  await waitFor(() => expect(text(room, '.room-title')).toBe('周五夜 · 一起听歌'))
  // demo mode: the room's pusher previews instead of pushing to a URL that leads nowhere
  await waitFor(() => expect(text(room, '.pusher')).toContain('|back|preview:true|'))
})

test('preview, then 取消: back to the lobby, and nothing left behind', async () => {
  const host = await person(HOST)
  open('lobby', host)
  await waitFor(() => expect(network.stats().timers).toBe(0))
  const before = network.stats()
  const page = await previewOf(host)
  typeInto(page, '.title-input', '算了，下次再播')
  tap(page, '.cancel')
  await waitFor(() => expect(mocks.navigateBack).toHaveBeenCalledTimes(1))
  close(page)
  expect(host.store.room.status).toBe('idle')
  expect(host.store.room.title).toBeUndefined()
  expect(await host.store.rts.listRooms()).toEqual([])
  // no chatroom, no RTC room, no listener or timer more than before the preview opened
  await waitFor(() => expect(network.stats()).toEqual(before))
  expect(mocks.redirectTo).not.toHaveBeenCalled()
})

test('leaving the preview while the room is being created calls it off', async () => {
  // 100 ms a call: creating takes a few hundred ms, time enough to leave in the middle
  network.close()
  network = createDemoNetwork({ latencyMs: 100 })
  const host = await person(HOST)
  const page = await previewOf(host)
  tap(page, '.go-live')
  await waitFor(() => expect(host.store.room.status).toBe('joining'))
  close(page)
  await waitFor(() => expect(host.store.room.status).toBe('idle'))
  await eventually(async () => expect(await host.store.rts.listRooms()).toEqual([]))
  expect(mocks.redirectTo).not.toHaveBeenCalled()
})

test('a create that fails says why on the preview and stays there', async () => {
  const host = await person(HOST)
  const page = await previewOf(host)
  network.drop(HOST.id)
  await waitFor(() => expect(host.store.session.connection).toBe('reconnecting'))
  // 开始直播 is off while not connected
  await waitFor(() => expect(exists(page, '.go-live.is-disabled')).toBe(true))
  network.restore(HOST.id)
  await waitFor(() => expect(exists(page, '.go-live.is-disabled')).toBe(false))
  typeInto(page, '.title-input', '长'.repeat(31))
  tap(page, '.go-live')
  await waitFor(() => expect(text(page, '.start-error')).toBe('直播标题最多 30 个字'))
  expect(host.store.room.status).toBe('idle')
  expect(mocks.redirectTo).not.toHaveBeenCalled()
})

test('camera permission refused: the reason and a way to ask again, no camera', async () => {
  mocks.getSetting.mockImplementation((o: { success?: (r: { authSetting: Record<string, boolean> }) => void }) => o.success?.({ authSetting: {} }))
  const w = wx as unknown as Record<string, unknown>
  w.authorize = jest.fn((o: { fail?: (e: { errMsg: string }) => void }) => o.fail?.({ errMsg: 'authorize:fail auth deny' }))
  w.showModal = jest.fn((o: { success?: (r: { confirm: boolean }) => void }) => o.success?.({ confirm: false }))
  const host = await person(HOST)
  const page = open('preview', host)
  await waitFor(() => expect(exists(page, '.permission-error')).toBe(true))
  expect(exists(page, '.preview-camera')).toBe(false)
  expect(text(page, '.permission-error')).toMatch(/摄像头/)
  mocks.getSetting.mockImplementation((o: { success?: (r: { authSetting: Record<string, boolean> }) => void }) =>
    o.success?.({ authSetting: { 'scope.camera': true, 'scope.record': true } }),
  )
  tap(page, '.retry-camera')
  await waitFor(() => expect(exists(page, '.preview-camera')).toBe(true))
  expect(text(page, '.go-live')).toBe('开始直播')
})
