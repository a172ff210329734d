import { readFileSync } from 'fs'
import { join } from 'path'
import { runInAction } from 'mobx-miniprogram'
import { AppError, ERROR_MESSAGES } from '../../miniprogram/core/errors'
import type { Profile } from '../../miniprogram/core/types'
import type { DemoNetwork } from '../../miniprogram/services/demo/index'
import type { RootStore } from '../../miniprogram/stores/index'
import { END_REASONS } from '../../miniprogram/stores/room/room-store'
import { $, exists, tap, text, typeInto, waitFor } from '../harness/dom'
import { loadPages, mockWx, newNetwork, openPage, roomIdFromUrl, signedInPerson, type Person } from '../harness/app'

type Page = ReturnType<typeof openPage>

beforeAll(() => {
  loadPages()
})

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

function open(name: 'lobby' | 'room' | 'preview', p: Person, query: Record<string, string> = {}): Page {
  const page = openPage(name, p.store, query)
  pages.push(page)
  return page
}

function close(page: Page): void {
  page.detach()
  pages = pages.filter((p) => p !== page)
}

/** The host goes live from the lobby (我要开播 → preview → 开始直播) and lands on the room page. */
async function hostGoesLive(host: Person): Promise<{ roomId: string; page: Page }> {
  const lobby = open('lobby', host)
  tap(lobby, '.enter__create')
  await waitFor(() => expect(mocks.navigateTo).toHaveBeenCalledWith({ url: '/pages/preview/preview' }))
  mocks.navigateTo.mockClear()
  const preview = open('preview', host)
  await waitFor(() => expect(exists(preview, '.preview-camera')).toBe(true))
  tap(preview, '.go-live')
  await waitFor(() => expect(mocks.redirectTo).toHaveBeenCalled())
  const roomId = roomIdFromUrl(mocks.redirectTo.mock.calls[0][0].url)
  mocks.redirectTo.mockClear()
  // redirectTo: the room replaces the preview
  close(preview)
  const page = open('room', host, { roomId })
  return { roomId, page }
}

/** A viewer types the number in the lobby, joins, and lands on the room page. */
async function viewerJoins(viewer: Person, roomId: string): Promise<Page> {
  const lobby = open('lobby', viewer)
  typeInto(lobby, '.join__input', roomId)
  tap(lobby, '.join__btn')
  await waitFor(() => expect(mocks.navigateTo).toHaveBeenCalledWith({ url: `/pages/room/room?roomId=${roomId}` }))
  mocks.navigateTo.mockClear()
  return open('room', viewer, { roomId })
}

function input(page: Page) {
  return $(page, '.bottombar__input')
}

async function say(page: Page, message: string): Promise<void> {
  await waitFor(() => expect(exists(input(page), '.chat-input__field--off')).toBe(false))
  typeInto(input(page), '.chat-input__field', message)
  await waitFor(() => expect((input(page).instance.data as { text: string }).text).toBe(message))
  tap(input(page), '.chat-input__send')
}

function chatText(page: Page): string {
  return text($(page, '.chat-overlay__list'))
}

const HOST: Profile = { id: 'u-host', name: '主播小王' }
const VIEWER: Profile = { id: 'u-viewer', name: '观众小李' }

test('create → the room shows the host camera and the host tools', async () => {
  const host = await person(HOST)
  const { roomId, page } = await hostGoesLive(host)
  await waitFor(() => expect(text(page, '.pusher')).toContain('camera:true|mic:true|front'))
  expect(text(page, '.pusher').startsWith(host.store.room.media.pushUrl)).toBe(true)
  for (const tool of ['.switch-camera', '.toggle-mic', '.toggle-camera', '.end-room']) expect(exists(page, tool)).toBe(true)
  expect(exists(page, '.leave-room')).toBe(false)
  expect(text(page, '.host-name')).toBe(HOST.name)
  expect(text(page, '.topbar__sub')).toContain(roomId)
  expect(text(page, '.member-count')).toBe('1 人')
})

test('host tools drive the media: mic, camera and switching camera', async () => {
  const host = await person(HOST)
  const { page } = await hostGoesLive(host)
  await waitFor(() => expect(exists(page, '.pusher')).toBe(true))
  tap(page, '.toggle-mic')
  await waitFor(() => expect(text(page, '.pusher')).toContain('mic:false'))
  expect(host.store.room.media.micOn).toBe(false)
  tap(page, '.toggle-camera')
  await waitFor(() => expect(text(page, '.camera-off')).toBe('摄像头已关闭，观众看不到画面'))
  tap(page, '.switch-camera')
  await waitFor(() => expect(text(page, '.pusher')).toContain('back'))
})

test('a second person joins by number → audience view without host tools', async () => {
  const host = await person(HOST)
  const { roomId, page: hostPage } = await hostGoesLive(host)
  const viewer = await person(VIEWER)
  const page = await viewerJoins(viewer, roomId)
  await waitFor(() => expect(text(page, '.host-name')).toBe(HOST.name))
  await waitFor(() => expect(exists(page, '.player')).toBe(true))
  for (const tool of ['.switch-camera', '.toggle-mic', '.toggle-camera', '.end-room']) expect(exists(page, tool)).toBe(false)
  expect(exists(page, '.leave-room')).toBe(true)
  expect(exists(page, '.pusher')).toBe(false)
  await waitFor(() => expect(text(hostPage, '.member-count')).toBe('2 人'))
})

test('a player that lost its stream (-2301) is rebuilt on the page with a new key', async () => {
  const host = await person(HOST)
  const { roomId } = await hostGoesLive(host)
  const viewer = await person(VIEWER)
  const page = await viewerJoins(viewer, roomId)
  await waitFor(() => expect(text(page, '.player')).toContain('key:0'))
  const [player] = viewer.store.room.media.players
  viewer.store.room.handleNativeEvent({ source: 'player', streamId: player.id, kind: 'state', code: -2301 })
  // the first replay comes after the recovery's 1 s backoff
  await waitFor(() => expect(text(page, '.player')).toContain('key:1'), 4000)
}, 10_000)

test('a message sent by one appears on the other’s page, both ways', async () => {
  const host = await person(HOST)
  const { roomId, page: hostPage } = await hostGoesLive(host)
  const viewer = await person(VIEWER)
  const viewerPage = await viewerJoins(viewer, roomId)
  await say(viewerPage, '主播好！')
  await waitFor(() => expect(chatText(hostPage)).toContain('观众小李：主播好！'))
  await say(hostPage, '欢迎欢迎')
  await waitFor(() => expect(chatText(viewerPage)).toContain('主播小王：欢迎欢迎'))
  // the sender's input is cleared after a successful send
  expect((input(hostPage).instance.data as { text: string }).text).toBe('')
})

test('short messages each get their own line on the public screen, never one row shared', async () => {
  const host = await person(HOST)
  const { roomId, page: hostPage } = await hostGoesLive(host)
  const viewer = await person(VIEWER)
  const viewerPage = await viewerJoins(viewer, roomId)
  await say(viewerPage, '1')
  await waitFor(() => expect(chatText(hostPage)).toContain('观众小李：1'))
  await say(hostPage, '2')
  await waitFor(() => expect(chatText(hostPage)).toContain('主播小王：2'))
  const rows = $(hostPage, '.chat-overlay__list').querySelectorAll('.chat-list__row')
  const lines = rows.map((r) => (r.dom?.textContent ?? '').replace(/\s+/g, '')).filter((t) => /：\d$/.test(t))
  expect(lines).toEqual(['观众小李：1', '主播主播小王：2'])
  // each row is a block-level flex box: the bubbles inside it are inline-block, the rows are not
  const wxss = readFileSync(join(__dirname, '../../miniprogram/components/chat-list/chat-list.wxss'), 'utf8')
  expect(wxss).toMatch(/\.chat-list__row\s*\{[^}]*display:\s*flex;/)
})

test('the room page draws its own dark top bar, so the status bar text is white', () => {
  const json = JSON.parse(readFileSync(join(__dirname, '../../miniprogram/pages/room/room.json'), 'utf8')) as Record<string, string>
  expect(json).toMatchObject({ navigationStyle: 'custom', navigationBarTextStyle: 'white' })
})

test('an empty message shows the store’s error under the input', async () => {
  const host = await person(HOST)
  const { page } = await hostGoesLive(host)
  await say(page, '   ')
  await waitFor(() => expect(text(input(page), '.chat-input__error')).toBe(ERROR_MESSAGES.EMPTY_MESSAGE))
})

test('the host mutes a member from the member sheet: the muted person’s input is off with the reason; unmute restores it', async () => {
  const host = await person(HOST)
  const { roomId, page: hostPage } = await hostGoesLive(host)
  const viewer = await person(VIEWER)
  const viewerPage = await viewerJoins(viewer, roomId)
  await waitFor(() => expect(exists(input(viewerPage), '.chat-input__field--off')).toBe(false))

  tap(hostPage, '.member-count')
  const sheet = $(hostPage, '.member-sheet')
  await waitFor(() => expect(text(sheet)).toContain(VIEWER.name))
  await waitFor(() => expect(text(sheet, '.member__action')).toBe('禁言'))
  tap(sheet, '.member__action')

  await waitFor(() => expect(text(input(viewerPage), '.chat-input__field--off')).toBe('你已被主播禁言'))
  expect(exists(input(viewerPage), '.chat-input__field:not(.chat-input__field--off)')).toBe(false)
  await waitFor(() => expect(text(sheet, '.member__action')).toBe('解除禁言'))
  expect(text(sheet)).toContain('已禁言')

  tap(sheet, '.member__action')
  await waitFor(() => expect(exists(input(viewerPage), '.chat-input__field--off')).toBe(false))
})

test('the audience has no mute buttons in the member sheet', async () => {
  const host = await person(HOST)
  const { roomId } = await hostGoesLive(host)
  const viewer = await person(VIEWER)
  const second = await person({ id: 'u-second', name: '另一个观众' })
  await second.store.room.join(roomId)
  const page = await viewerJoins(viewer, roomId)
  tap(page, '.member-count')
  const sheet = $(page, '.member-sheet')
  await waitFor(() => expect(text(sheet)).toContain('另一个观众'))
  expect(exists(sheet, '.member__action')).toBe(false)
})

test('ending the room (after confirming) shows the ended screen with the reason to the audience', async () => {
  const host = await person(HOST)
  const { roomId, page: hostPage } = await hostGoesLive(host)
  const viewer = await person(VIEWER)
  const viewerPage = await viewerJoins(viewer, roomId)
  await waitFor(() => expect(exists(viewerPage, '.player')).toBe(true))

  tap(hostPage, '.end-room')
  await waitFor(() => expect(mocks.showModal).toHaveBeenCalled())
  expect(mocks.showModal.mock.calls[0][0]).toMatchObject({ title: '结束直播' })
  await waitFor(() => expect(exists(viewerPage, '.ended')).toBe(true))
  expect(text(viewerPage, '.end-reason')).toBe(END_REASONS.hostEnded)
  expect(exists(viewerPage, '.player')).toBe(false)
  // two pages are open, so the host goes back rather than relaunching
  await waitFor(() => expect(mocks.navigateBack).toHaveBeenCalled())

  tap(viewerPage, '.ended .back-to-lobby')
  await waitFor(() => expect(viewer.store.room.status).toBe('idle'))
})

test('cancelling the end-room confirmation keeps the room live', async () => {
  mocks.showModal.mockImplementation((o: { success?: (r: { confirm: boolean; cancel: boolean }) => void }) => o.success?.({ confirm: false, cancel: true }))
  const host = await person(HOST)
  const { page } = await hostGoesLive(host)
  await waitFor(() => expect(exists(page, '.end-room')).toBe(true))
  tap(page, '.end-room')
  await waitFor(() => expect(mocks.showModal).toHaveBeenCalled())
  expect(host.store.room.status).toBe('live')
  expect(mocks.navigateBack).not.toHaveBeenCalled()
})

test('share card: the share path opens the room directly as audience; leaving from a one-page stack opens the lobby', async () => {
  const host = await person(HOST)
  const { page: hostPage } = await hostGoesLive(host)
  const share = (hostPage.instance as unknown as { onShareAppMessage(): { path: string; title: string } }).onShareAppMessage()
  expect(share.path).toBe(`/pages/room/room?roomId=${host.store.room.id}`)
  expect(share.title).toContain(HOST.name)
  // only the arriving person's page is open now
  for (const p of pages.slice()) close(p)
  await waitFor(() => expect(host.store.room.status).toBe('idle'))
  const host2 = await person({ id: 'u-host2', name: '主播二号' })
  const roomId = await host2.store.room.create()

  const viewer = await person(VIEWER)
  const query = Object.fromEntries(new URLSearchParams(`/pages/room/room?roomId=${roomId}`.split('?')[1]))
  const page = open('room', viewer, query)
  expect(getCurrentPages()).toHaveLength(1)
  await waitFor(() => expect(viewer.store.room.status).toBe('live'))
  expect(viewer.store.room.id).toBe(roomId)
  await waitFor(() => expect(exists(page, '.leave-room')).toBe(true))
  expect(exists(page, '.end-room')).toBe(false)

  tap(page, '.leave-room')
  await waitFor(() => expect(mocks.reLaunch).toHaveBeenCalledWith({ url: '/pages/lobby/lobby' }))
  expect(mocks.navigateBack).not.toHaveBeenCalled()
  expect(viewer.store.room.status).toBe('idle')
})

test('share card to a room that no longer exists: the reason and a way back', async () => {
  const viewer = await person(VIEWER)
  const page = open('room', viewer, { roomId: '765432' })
  await waitFor(() => expect(text(page, '.enter-error')).toContain(ERROR_MESSAGES.ROOM_NOT_FOUND))
  tap(page, '.enter-error .back-to-lobby')
  await waitFor(() => expect(mocks.reLaunch).toHaveBeenCalledWith({ url: '/pages/lobby/lobby' }))
})

test('the page going to the background tells the store; the audience sees the host-paused notice', async () => {
  const host = await person(HOST)
  const { roomId, page: hostPage } = await hostGoesLive(host)
  const viewer = await person(VIEWER)
  const viewerPage = await viewerJoins(viewer, roomId)
  ;(hostPage.instance as unknown as { onHide(): void }).onHide()
  await waitFor(() => expect(text(viewerPage, '.host-paused')).toBe('主播暂时离开，马上回来'))
  ;(hostPage.instance as unknown as { onShow(): void }).onShow()
  await waitFor(() => expect(exists(viewerPage, '.host-paused')).toBe(false))
})

test('a media error shows its message with a retry button that asks the store to retry', async () => {
  const host = await person(HOST)
  const { page } = await hostGoesLive(host)
  await waitFor(() => expect(exists(page, '.pusher')).toBe(true))
  const before = host.store.room.media.pusherKey
  runInAction(() => {
    host.store.room.media.error = new AppError('NETWORK', '推流中断，请重试')
  })
  await waitFor(() => expect(text(page, '.media-error')).toContain('推流中断，请重试'))
  tap(page, '.retry-media')
  // the store republishes on a fresh pusher
  await waitFor(() => expect(host.store.room.media.pusherKey).toBe(before + 1))
  await waitFor(() => expect(exists(page, '.media-error')).toBe(false))
})

test('a dropped connection shows the reconnecting overlay until it is back', async () => {
  const host = await person(HOST)
  const { roomId } = await hostGoesLive(host)
  const viewer = await person(VIEWER)
  const page = await viewerJoins(viewer, roomId)
  network.drop(VIEWER.id)
  await waitFor(() => expect(exists(page, '.reconnecting')).toBe(true))
  expect(text(input(page), '.chat-input__field--off')).toBe('网络重连中…')
  network.restore(VIEWER.id)
  await waitFor(() => expect(exists(page, '.reconnecting')).toBe(false))
  await waitFor(() => expect(viewer.store.room.status).toBe('live'))
})

test('the room chat list hands only new messages to the view, by path, whatever the history', async () => {
  const host = await person(HOST)
  const { page } = await hostGoesLive(host)
  const list = $(page, '.chat-overlay__list')
  await waitFor(() => expect(Array.isArray(list.instance.data.messages)).toBe(true))
  const calls: Record<string, unknown>[] = []
  const setData = list.instance.setData
  list.instance.setData = function (this: unknown, data: Record<string, unknown>, cb?: () => void) {
    calls.push(data)
    return setData.call(this, data, cb)
  }
  const at = Date.now()
  const message = (i: number) => ({ id: `h${i}`, from: HOST, text: `第${i}条消息`, sentAt: at + i, kind: 'text' as const })
  // 500 messages of history arrive at once (the store's cap): one full render of the window
  runInAction(() => {
    host.store.room.messages = Array.from({ length: 500 }, (_, i) => message(i))
  })
  await waitFor(() => expect(text(list)).toContain('第499条消息'))
  calls.length = 0
  runInAction(() => {
    host.store.room.messages = [...host.store.room.messages.slice(1), message(500)]
  })
  await waitFor(() => expect(text(list)).toContain('第500条消息'))
  expect(calls).toHaveLength(1)
  const keys = Object.keys(calls[0]).filter((k) => k.startsWith('messages'))
  expect(keys).toHaveLength(1)
  expect(keys[0]).toMatch(/^messages\[\d+\]$/)
  expect(Buffer.byteLength(JSON.stringify(calls[0]))).toBeLessThan(2048)
  expect(list.instance.data.messages.length).toBeLessThanOrEqual(60 + 50)
})

// issue 10 item 23: decodeURIComponent threw in onLoad on a lone '%', and the page stayed blank
test.each([
  ['a lone %', { roomId: '12345%' }],
  ['a broken escape', { roomId: '%E4%B8' }],
])('share card with %s in the room number: a clear error and a way back, no join', async (_label, query) => {
  const viewer = await person(VIEWER)
  const page = open('room', viewer, query)
  await waitFor(() => expect(text(page, '.enter-error')).toContain('链接里的房间号无法识别'))
  expect(viewer.store.room.status).toBe('idle')
  tap(page, '.enter-error .back-to-lobby')
  await waitFor(() => expect(mocks.reLaunch).toHaveBeenCalledWith({ url: '/pages/lobby/lobby' }))
})

test('a QR code whose scene has a lone %: the page says the number cannot be read', async () => {
  const viewer = await person(VIEWER)
  const page = open('room', viewer, { scene: 'roomId%3D12%' })
  await waitFor(() => expect(exists(page, '.enter-error')).toBe(true))
  expect(viewer.store.room.status).toBe('idle')
})
