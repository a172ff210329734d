/**
 * The room's 邀请 sheet (pages/room/components/invite-sheet): with a server, the mini-program code
 * (BackendService.roomQrCode, a local file) and 保存海报 — drawn on the canvas, saved to the album
 * with the permission flow, the settings modal when refused; a failed code can be retried. In demo
 * mode: the room number and the share card, and why there is no code.
 */
import { AppError } from '../../miniprogram/core/errors'
import type { Profile } from '../../miniprogram/core/types'
import { ALBUM_DENIED_MESSAGE, ALBUM_MODAL } from '../../miniprogram/pages/room/platform/album'
import { createDemoNetwork, type DemoNetwork } from '../../miniprogram/services/demo/index'
import type { BackendService } from '../../miniprogram/services/types'
import { createStore, type RootStore } from '../../miniprogram/stores/index'
import { $, attrOf, exists, tap, text, waitFor } from '../harness/dom'
import { loadPages, mockWx, openPage } from '../harness/app'

type Page = ReturnType<typeof openPage>

beforeAll(() => {
  loadPages()
})

const HOST: Profile = { id: 'u-host', name: '小爱' }
const QR = 'wxfile://tmp_room_qr.png'
const POSTER = 'wxfile://tmp_poster.png'

let mocks: ReturnType<typeof mockWx>
let network: DemoNetwork
let stores: RootStore[]
let pages: Page[]
let album: Record<string, jest.Mock>

beforeEach(() => {
  mocks = mockWx()
  network = createDemoNetwork({ latencyMs: 0 })
  stores = []
  pages = []
  album = installCanvasAndAlbum(true)
})
afterEach(() => {
  for (const p of pages) p.detach()
  for (const s of stores) s.dispose()
  network.close()
})

/** wx's canvas node, canvasToTempFilePath and the album calls, with the album permission `granted` (undefined: never asked). */
function installCanvasAndAlbum(granted: boolean | undefined, person: { confirmModal?: boolean; grantInSettings?: boolean } = {}) {
  let setting = granted
  const image = { src: '', onload: null as null | (() => void), onerror: null }
  const canvas = {
    width: 0,
    height: 0,
    getContext: () => new Proxy({}, { get: (_t, key) => (key === 'measureText' ? () => ({ width: 10 }) : () => undefined), set: () => true }),
    createImage: () => {
      const img = { ...image }
      return new Proxy(img, {
        set(target, key, value) {
          ;(target as Record<string | symbol, unknown>)[key] = value
          if (key === 'src') setTimeout(() => target.onload?.(), 0)
          return true
        },
      })
    },
  }
  const query = { in: () => query, select: () => query, fields: () => query, exec: (cb: (res: unknown[]) => void) => cb([{ node: canvas }]) }
  const mocks = {
    createSelectorQuery: jest.fn(() => query),
    getWindowInfo: jest.fn(() => ({ pixelRatio: 2 })),
    canvasToTempFilePath: jest.fn((o: { success?: (r: { tempFilePath: string }) => void }) => o.success?.({ tempFilePath: POSTER })),
    getSetting: jest.fn((o: { success?: (r: { authSetting: Record<string, boolean> }) => void }) =>
      o.success?.({ authSetting: setting === undefined ? {} : { 'scope.writePhotosAlbum': setting } }),
    ),
    authorize: jest.fn((o: { fail?: (e: { errMsg: string }) => void }) => {
      setting = false
      o.fail?.({ errMsg: 'authorize:fail auth deny' })
    }),
    showModal: jest.fn((o: { success?: (r: { confirm: boolean }) => void }) => o.success?.({ confirm: person.confirmModal ?? true })),
    openSetting: jest.fn((o: { success?: (r: unknown) => void }) => {
      if (person.grantInSettings) setting = true
      o.success?.({ authSetting: {} })
    }),
    saveImageToPhotosAlbum: jest.fn((o: { success?: () => void }) => o.success?.()),
  }
  Object.assign(wx as unknown as Record<string, unknown>, mocks)
  return mocks
}

/** `backend` with some calls replaced (its methods live on the prototype). */
function overriding(backend: BackendService, overrides: Partial<BackendService>): BackendService {
  return new Proxy(backend, {
    get(target, key: string | symbol) {
      if (key in overrides) return overrides[key as keyof BackendService]
      const value = Reflect.get(target, key) as unknown
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

/** The host, live in a titled room, on the room page; `qr` replaces the demo's (absent) code. */
async function hostLive(qr?: BackendService['roomQrCode']): Promise<{ page: Page; roomId: string; store: RootStore }> {
  const services = network.connect(HOST)
  const store = createStore({ ...services, backend: qr ? overriding(services.backend, { roomQrCode: qr }) : services.backend })
  stores.push(store)
  await store.session.signIn(HOST)
  const roomId = await store.room.create({ title: '周末一起唱歌' })
  const page = openPage('room', store, { roomId })
  pages.push(page)
  await waitFor(() => expect(exists(page, '.invite-open')).toBe(true))
  return { page, roomId, store }
}

const sheetOf = (page: Page) => $(page, '.invite-sheet')

test('with a server: the code shows, and 保存海报 draws it and saves it to the album', async () => {
  const codeFor = jest.fn(async () => QR)
  const { page, roomId } = await hostLive(codeFor)
  tap(page, '.invite-open')
  const sheet = sheetOf(page)
  await waitFor(() => expect(exists(sheet, '.invite-qr')).toBe(true))
  expect(codeFor).toHaveBeenCalledWith(roomId)
  expect(attrOf($(sheet, '.invite-qr'), 'src')).toBe(QR)
  expect(text(sheet, '.invite__line')).toBe('周末一起唱歌')
  expect(exists(sheet, '.share-card')).toBe(true)

  tap(sheet, '.save-poster')
  await waitFor(() => expect(text(sheet, '.save-note')).toBe('海报已保存到相册，发给朋友扫码就能进来'))
  expect(album.canvasToTempFilePath).toHaveBeenCalledTimes(1)
  expect(album.saveImageToPhotosAlbum).toHaveBeenCalledWith(expect.objectContaining({ filePath: POSTER }))

  // closed and opened again: the code is kept for the run, not fetched again
  tap(sheet, '.invite-close')
  await waitFor(() => expect(exists(sheet, '.invite')).toBe(false))
  tap(page, '.invite-open')
  await waitFor(() => expect(exists(sheetOf(page), '.invite-qr')).toBe(true))
  expect(codeFor).toHaveBeenCalledTimes(1)
})

test('the album refused: the modal that leads to the settings; left off there, the poster is not saved and the sheet says how to allow it', async () => {
  album = installCanvasAndAlbum(undefined, { confirmModal: true, grantInSettings: false })
  const { page } = await hostLive(async () => QR)
  tap(page, '.invite-open')
  const sheet = sheetOf(page)
  await waitFor(() => expect(exists(sheet, '.save-poster')).toBe(true))
  tap(sheet, '.save-poster')
  await waitFor(() => expect(text(sheet, '.save-note')).toBe(ALBUM_DENIED_MESSAGE))
  expect(album.authorize).toHaveBeenCalledWith(expect.objectContaining({ scope: 'scope.writePhotosAlbum' }))
  expect(album.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: ALBUM_MODAL.title, confirmText: '去设置' }))
  expect(album.openSetting).toHaveBeenCalled()
  expect(album.saveImageToPhotosAlbum).not.toHaveBeenCalled()

  // switched on in the settings the next time: saved
  album = installCanvasAndAlbum(false, { confirmModal: true, grantInSettings: true })
  tap(sheet, '.save-poster')
  await waitFor(() => expect(text(sheet, '.save-note')).toContain('海报已保存到相册'))
  expect(album.saveImageToPhotosAlbum).toHaveBeenCalledWith(expect.objectContaining({ filePath: POSTER }))
})

test('a code that fails to come: the reason and 重试, which fetches it again', async () => {
  let fails = 1
  const { page } = await hostLive(async () => {
    if (fails-- > 0) throw new AppError('NETWORK', '小程序码暂时无法生成，请稍后重试')
    return QR
  })
  tap(page, '.invite-open')
  const sheet = sheetOf(page)
  await waitFor(() => expect(text(sheet, '.invite-error')).toContain('小程序码暂时无法生成，请稍后重试'))
  expect(exists(sheet, '.save-poster')).toBe(false)
  tap(sheet, '.invite-retry')
  await waitFor(() => expect(exists(sheet, '.invite-qr')).toBe(true))
})

test('demo mode: no code — the room number, the share card, and why', async () => {
  const { page, roomId } = await hostLive()
  tap(page, '.invite-open')
  const sheet = sheetOf(page)
  await waitFor(() => expect(exists(sheet, '.invite-unavailable')).toBe(true))
  expect(text(sheet, '.invite__number')).toBe(roomId)
  expect(text(sheet, '.invite__why')).toContain('演示模式没有小程序码')
  expect(exists(sheet, '.share-card')).toBe(true)
  expect(exists(sheet, '.save-poster')).toBe(false)
  expect(exists(sheet, '.invite-retry')).toBe(false)
  expect(mocks.showToast).not.toHaveBeenCalled()
})
