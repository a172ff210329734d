import { ERROR_MESSAGES } from '../../miniprogram/core/errors'
import type { Profile } from '../../miniprogram/core/types'
import { createDemoNetwork, ROOM_CAPACITY, type DemoNetwork } from '../../miniprogram/services/demo/index'
import { createStore, type RootStore } from '../../miniprogram/stores/index'
import { loadProfile, profileMemory } from '../../miniprogram/platform/profile'
import { $, exists, find, tap, text, typeInto, waitFor } from '../harness/dom'
import { loadPages, mockWx, newNetwork, openPage, signedInPerson, type Person } from '../harness/app'

beforeAll(() => {
  loadPages()
})

let mocks: ReturnType<typeof mockWx>
let network: DemoNetwork
let stores: RootStore[]
const pages: { detach(): void }[] = []

beforeEach(() => {
  mocks = mockWx()
  network = newNetwork()
  stores = []
})
afterEach(() => {
  for (const p of pages.splice(0)) p.detach()
  for (const s of stores) s.dispose()
  network.close()
})

async function person(profile: Profile): Promise<Person> {
  const p = await signedInPerson(network, profile)
  stores.push(p.store)
  return p
}

function lobbyOf(p: Person) {
  const page = openPage('lobby', p.store)
  pages.push(page)
  return page
}

test('renders its first frame before the connection completes, then shows the signed-in state', async () => {
  // slow enough that the first frame certainly comes before connect resolves
  const slow = createDemoNetwork({ latencyMs: 200 })
  const store = createStore(slow.connect(loadProfile()))
  try {
    const page = openPage('lobby', store)
    pages.push(page)
    await waitFor(() => expect(text(page, '.banner')).toContain('正在连接'))
    expect(store.session.connection).toBe('connecting')
    expect(text(page, '.enter__create')).toBe('我要开播')
    expect(text(page, '.demo-mark')).toBe('演示模式')
    // the project's config has no dev tokens (test/pages/lobby-dev-tokens.test.ts shows the mark)
    expect(exists(page, '.dev-token-mark')).toBe(false)
    expect(text($(page, '.profile-card'), '.me__hint')).toBe('正在登录…')

    await waitFor(() => expect(exists(page, '.banner')).toBe(false))
    expect(store.session.connection).toBe('connected')
    expect(text($(page, '.profile-card'), '.me__hint')).toBe('点击头像或昵称即可修改')
    expect((page.instance.data as { me: Profile }).me.name).toBe(loadProfile().name)
  } finally {
    store.dispose()
    slow.close()
  }
})

describe('join by number', () => {
  const invalid: [string, string][] = [
    ['empty', ''],
    ['five digits', '12345'],
    ['leading zero', '012345'],
    ['full-width digits', '１２３４５６'],
    ['a space inside', '12 345'],
    ['seven digits', '1234567'],
    ['letters', 'abcdef'],
  ]
  test.each(invalid)('%s (%j) shows the invalid-number error under the input and stays in the lobby', async (_label, input) => {
    const me = await person({ id: 'u-join', name: '小李' })
    const page = lobbyOf(me)
    typeInto(page, '.join__input', input)
    tap(page, '.join__btn')
    await waitFor(() => expect(text(page, '.join-error')).toBe(ERROR_MESSAGES.INVALID_ROOM_NUMBER))
    expect(mocks.navigateTo).not.toHaveBeenCalled()
    expect(me.store.room.status).toBe('idle')
    // typing again clears the error
    typeInto(page, '.join__input', '1')
    await waitFor(() => expect(exists(page, '.join-error')).toBe(false))
  })

  test('a well-formed number nobody hosts shows ROOM_NOT_FOUND inline', async () => {
    const me = await person({ id: 'u-nf', name: '小赵' })
    const page = lobbyOf(me)
    typeInto(page, '.join__input', '654321')
    tap(page, '.join__btn')
    await waitFor(() => expect(text(page, '.join-error')).toBe(ERROR_MESSAGES.ROOM_NOT_FOUND))
    expect(mocks.navigateTo).not.toHaveBeenCalled()
  })

  test('a full room shows ROOM_FULL inline', async () => {
    const host = await person({ id: 'u-host', name: '主播' })
    const roomId = await host.store.room.create()
    for (let i = 1; i < ROOM_CAPACITY; i++) {
      const viewer = await person({ id: `u-v${i}`, name: `观众${i}` })
      await viewer.store.room.join(roomId)
    }
    const late = await person({ id: 'u-late', name: '迟到的人' })
    const page = lobbyOf(late)
    typeInto(page, '.join__input', roomId)
    tap(page, '.join__btn')
    await waitFor(() => expect(text(page, '.join-error')).toBe(ERROR_MESSAGES.ROOM_FULL))
  })

  test('an existing room: joins as audience and opens the room page', async () => {
    const host = await person({ id: 'u-h2', name: '主播' })
    const roomId = await host.store.room.create()
    const viewer = await person({ id: 'u-v', name: '观众' })
    const page = lobbyOf(viewer)
    typeInto(page, '.join__input', roomId)
    tap(page, '.join__btn')
    await waitFor(() => expect(mocks.navigateTo).toHaveBeenCalledWith({ url: `/pages/room/room?roomId=${roomId}` }))
    expect(viewer.store.room.status).toBe('live')
    expect(viewer.store.room.can.mute).toBe(false)
  })

  test('scanning a room QR code joins that room', async () => {
    const host = await person({ id: 'u-h3', name: '主播' })
    const roomId = await host.store.room.create()
    const viewer = await person({ id: 'u-s', name: '扫码的人' })
    mocks.scanCode.mockImplementation((o) => o.success?.({ result: '', path: `pages/room/room?roomId=${roomId}` }))
    const page = lobbyOf(viewer)
    tap(page, '.join__scan')
    await waitFor(() => expect(mocks.navigateTo).toHaveBeenCalledWith({ url: `/pages/room/room?roomId=${roomId}` }))
  })

  test('a QR code without a room number says so inline', async () => {
    const viewer = await person({ id: 'u-s2', name: '扫码的人' })
    mocks.scanCode.mockImplementation((o) => o.success?.({ result: 'https://example.com/?x=1' }))
    const page = lobbyOf(viewer)
    tap(page, '.join__scan')
    await waitFor(() => expect(text(page, '.join-error')).toBe('没有在二维码里找到房间号'))
    expect(mocks.navigateTo).not.toHaveBeenCalled()
  })
})

test('我要开播 asks for privacy consent and opens the preview; nothing is created yet', async () => {
  const me = await person({ id: 'u-c', name: '开播的人' })
  const watcher = await person({ id: 'u-w', name: '大厅里的人' })
  const page = lobbyOf(me)
  tap(page, '.enter__create')
  await waitFor(() => expect(mocks.navigateTo).toHaveBeenCalledWith({ url: '/pages/preview/preview' }))
  expect(mocks.requirePrivacyAuthorize).toHaveBeenCalled()
  expect(me.store.room.status).toBe('idle')
  expect(me.store.room.id).toBeNull()
  expect(watcher.store.lobby.rooms).toEqual([])
})

test('declining the privacy guide shows why no room was created', async () => {
  mocks.requirePrivacyAuthorize.mockImplementation((o) => o.fail?.({ errMsg: 'privacy fail' }))
  const me = await person({ id: 'u-p', name: '谨慎的人' })
  const page = lobbyOf(me)
  tap(page, '.enter__create')
  await waitFor(() => expect(text(page, '.create-error')).toBe('需要同意隐私保护指引才能使用摄像头和麦克风'))
  expect(me.store.room.status).toBe('idle')
  expect(mocks.navigateTo).not.toHaveBeenCalled()
})

test('lists the people online with the count; tapping one opens a private chat', async () => {
  const me = await person({ id: 'u-me', name: '我自己' })
  await person({ id: 'u-other', name: '隔壁老王' })
  const page = lobbyOf(me)
  // the count is everyone in the lobby, me included, and says so; the list is the others
  await waitFor(() => expect(text(page, '.online-count')).toBe('2 人在线（含我）'))
  expect(exists(page, '.online-note')).toBe(false)
  await waitFor(() => expect(text(page, '.person__name')).toBe('隔壁老王'))
  tap(page, '.person')
  await waitFor(() => expect(mocks.navigateTo).toHaveBeenCalledWith({ url: '/pages/chat/chat?peerId=u-other' }))
})

test('a dropped connection shows the reconnecting banner until it is back', async () => {
  const me = await person({ id: 'u-r', name: '信号不好的人' })
  const page = lobbyOf(me)
  expect(exists(page, '.banner')).toBe(false)
  network.drop('u-r')
  await waitFor(() => expect(text(page, '.banner__text')).toBe('网络不稳定，正在重新连接…'))
  expect(exists(page, '.banner__retry')).toBe(false)
  network.restore('u-r')
  await waitFor(() => expect(exists(page, '.banner')).toBe(false))
})

test('kicked: the banner gives the reason and a way to sign in again', async () => {
  const me = await person({ id: 'u-k', name: '被挤下线的人' })
  const page = lobbyOf(me)
  network.kick('u-k')
  await waitFor(() => expect(text(page, '.banner__text')).toBe(ERROR_MESSAGES.KICKED))
  expect(exists(page, '.banner__retry')).toBe(true)
  tap(page, '.banner__retry')
  await waitFor(() => expect(find(page, '.banner')).toBeUndefined())
  expect(me.store.session.connection).toBe('connected')
})

test('choosing an avatar and a nickname updates me and is remembered', async () => {
  // issue 13: the picture is uploaded and the profile carries the server's URL, never the local
  // file (which no other phone can load); the nickname is read from the form on submit
  network.close()
  network = createDemoNetwork({ latencyMs: 0, avatarCheckMs: 0 })
  const stored = loadProfile()
  // as the composition root makes it: the phone remembers what the server accepted
  const store = createStore({ ...network.connect(stored), profileMemory })
  stores.push(store)
  const page = openPage('lobby', store)
  pages.push(page)
  await waitFor(() => expect(store.session.connection).toBe('connected'))
  const card = $(page, '.profile-card')
  $(card, '.me__avatar').dispatchEvent('chooseavatar', { detail: { avatarUrl: 'wxfile://tmp/avatar.png' } })
  typeInto(card, '.me__name', '  新名字  ')
  await waitFor(() => expect(exists(card, '.me__save')).toBe(true))
  $(card, '.me__info').dispatchEvent('submit', { detail: { value: { nickname: '  新名字  ' } } })
  const uploaded = expect.stringMatching(/^https:\/\/demo\.invalid\/v1\/avatars\//)
  await waitFor(() => expect(store.session.me).toEqual({ id: stored.id, name: '新名字', avatar: uploaded }))
  // remembered once the network took it too
  await waitFor(() => expect(loadProfile()).toEqual({ id: stored.id, name: '新名字', avatar: uploaded }))
  expect(JSON.stringify(loadProfile())).not.toContain('wxfile')
})

test('privacy: a privacy call waiting for consent opens the popup; agreeing settles it with the agree button', async () => {
  const { installPrivacyListener } = await import('../../miniprogram/platform/privacy')
  let listener: ((resolve: (r: unknown) => void, info: { referrer: string }) => void) | null = null
  ;(wx as unknown as Record<string, unknown>).onNeedPrivacyAuthorization = (l: typeof listener) => {
    listener = l
  }
  installPrivacyListener()
  const me = await person({ id: 'u-priv', name: '新用户' })
  const page = lobbyOf(me)
  const popup = $(page, '.privacy-popup')
  expect(exists(popup, '.privacy')).toBe(false)

  const resolve = jest.fn()
  listener!(resolve, { referrer: 'button.chooseAvatar' })
  await waitFor(() => expect(exists(popup, '.privacy')).toBe(true))
  expect(text(popup, '.privacy__title')).toBe('隐私保护提示')
  // no stray space before the guide's name
  expect(text(popup, '.privacy__body')).toContain('请阅读并同意《用户隐私保护指引》。')
  $(popup, '.privacy__btn--agree').dispatchEvent('agreeprivacyauthorization')
  await waitFor(() => expect(resolve).toHaveBeenCalledWith({ event: 'agree', buttonId: 'privacy-agree' }))
  await waitFor(() => expect(exists(popup, '.privacy')).toBe(false))

  const second = jest.fn()
  listener!(second, { referrer: 'live-pusher' })
  await waitFor(() => expect(exists(popup, '.privacy')).toBe(true))
  tap(popup, '.privacy__btn--disagree')
  await waitFor(() => expect(second).toHaveBeenCalledWith({ event: 'disagree' }))
})
