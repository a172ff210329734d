/**
 * The lobby's profile card (components/profile-card) on the demo network: the nickname read from
 * the form on submit and refused by the check (kept, reason shown), WeChat's own check emptying
 * the field, and an avatar's way: upload progress, 审核中 while others still see the letter, the
 * server's URL once it passed, a failure with 重试, a picture too large to send.
 */
import { AppError } from '../../miniprogram/core/errors'
import type { Schedule } from '../../miniprogram/core/timers'
import type { Profile } from '../../miniprogram/core/types'
import { WECHAT_REFUSED_NAME } from '../../miniprogram/components/profile-card/profile-view'
import { createDemoNetwork, DEMO_BLOCKED_WORDS, type DemoNetwork } from '../../miniprogram/services/demo/index'
import type { BackendService } from '../../miniprogram/services/types'
import { createStore, type RootStore, type StoreDeps } from '../../miniprogram/stores/index'
import { $, exists, tap, text, typeInto, waitFor } from '../harness/dom'
import { loadPages, mockWx, openPage } from '../harness/app'

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
  network = createDemoNetwork({ latencyMs: 10, avatarCheckMs: 300 })
  stores = []
  pages = []
})
afterEach(() => {
  for (const p of pages) p.detach()
  for (const s of stores) s.dispose()
  network.close()
})

/** The store's avatar checks wait 50 ms instead of seconds (its clock moves on by the wait). */
function quickChecks(): { schedule: Schedule; now: () => number } {
  let skipped = 0
  return {
    now: () => Date.now() + skipped,
    schedule: (fn, ms) => {
      const handle = setTimeout(() => {
        skipped += ms
        fn()
      }, Math.min(ms, 50))
      return () => clearTimeout(handle)
    },
  }
}

async function person(profile: Profile, deps: (backend: BackendService) => Partial<StoreDeps> = () => ({})): Promise<RootStore> {
  const services = network.connect(profile)
  const store = createStore({ ...services, ...quickChecks(), ...deps(services.backend) })
  stores.push(store)
  await store.session.signIn(profile)
  return store
}

function lobby(store: RootStore): { page: Page; card: Page } {
  const page = openPage('lobby', store)
  pages.push(page)
  return { page, card: $(page, '.profile-card') as Page }
}

const cardData = (card: Page) => card.instance.data as { nameDraft: string; avatarSrc: string; dirty: boolean }
const peopleOf = (page: Page) => (page.data as { people: { id: string; avatar: string }[] }).people

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

describe('nickname', () => {
  test('refused by the check: the reason shows, the field keeps what was typed, nobody sees it', async () => {
    const me = await person({ id: 'u-me', name: '小爱' })
    const { card } = lobby(me)
    const bad = `${DEMO_BLOCKED_WORDS[0]}大王`
    typeInto(card, '.me__name', bad)
    await waitFor(() => expect(exists(card, '.me__save')).toBe(true))
    $(card, '.me__info').dispatchEvent('submit', { detail: { value: { nickname: bad } } })
    await waitFor(() => expect(text(card, '.name-error')).toBe('昵称含有不当内容，请修改'))
    expect(cardData(card).nameDraft).toBe(bad)
    expect(exists(card, '.me__save')).toBe(true)
    expect(me.session.me?.name).toBe('小爱')

    // typing again clears the message; a good name goes through
    typeInto(card, '.me__name', '安安')
    await waitFor(() => expect(exists(card, '.name-error')).toBe(false))
    $(card, '.me__info').dispatchEvent('submit', { detail: { value: { nickname: '安安' } } })
    await waitFor(() => expect(me.session.me?.name).toBe('安安'))
    await waitFor(() => expect(exists(card, '.me__save')).toBe(false))
  })

  test('WeChat’s own check empties the field: nicknamereview says so at once, and a submit of nothing is not sent', async () => {
    const me = await person({ id: 'u-me', name: '小爱' })
    const { card } = lobby(me)
    typeInto(card, '.me__name', '微信不喜欢的名字')
    $(card, '.me__name').dispatchEvent('nicknamereview', { detail: { pass: false, timeout: false } })
    await waitFor(() => expect(text(card, '.name-error')).toBe(WECHAT_REFUSED_NAME))
    expect(cardData(card).nameDraft).toBe('')

    // on base libraries without the event: the form hands over an emptied field
    typeInto(card, '.me__name', '又一个名字')
    $(card, '.me__info').dispatchEvent('submit', { detail: { value: { nickname: '' } } })
    await waitFor(() => expect(text(card, '.name-error')).toBe(WECHAT_REFUSED_NAME))
    expect(me.session.me?.name).toBe('小爱')

    // a check that timed out refuses nothing
    typeInto(card, '.me__name', '慢慢来')
    $(card, '.me__name').dispatchEvent('nicknamereview', { detail: { pass: false, timeout: true } })
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(exists(card, '.name-error')).toBe(false)
  })
})

describe('avatar', () => {
  test('progress, then 审核中 with my picture on my card while the others see my letter; then the URL for everyone', async () => {
    let release: () => void = () => undefined
    const held = new Promise<void>((resolve) => (release = resolve))
    const me = await person({ id: 'u-me', name: '小爱' }, (backend) => ({
      backend: overriding(backend, {
        async uploadAvatar(path, onProgress) {
          onProgress?.(40)
          await held
          return backend.uploadAvatar(path, onProgress)
        },
      }),
    }))
    const other = await person({ id: 'u-other', name: '小波' })
    const { card } = lobby(me)
    const { page: theirs } = lobby(other)
    await waitFor(() => expect(peopleOf(theirs).map((p) => p.id)).toContain('u-me'))

    $(card, '.me__avatar').dispatchEvent('chooseavatar', { detail: { avatarUrl: 'wxfile://tmp_me.jpg' } })
    await waitFor(() => expect(text(card, '.avatar-progress')).toBe('40%'))
    expect(text(card, '.profile-hint')).toBe('头像上传中 40%')
    expect(cardData(card).avatarSrc).toBe('wxfile://tmp_me.jpg')

    release()
    await waitFor(() => expect(text(card, '.avatar-checking')).toBe('审核中'))
    expect(text(card, '.profile-hint')).toBe('头像审核中，通过后其他人才能看到')
    expect(peopleOf(theirs).find((p) => p.id === 'u-me')?.avatar).toBe('')

    await waitFor(() => expect(peopleOf(theirs).find((p) => p.id === 'u-me')?.avatar).toMatch(/^https:\/\/demo\.invalid\/v1\/avatars\//))
    await waitFor(() => expect(exists(card, '.avatar-checking')).toBe(false))
    expect(text(card, '.profile-hint')).toBe('点击头像或昵称即可修改')
    expect(JSON.stringify(peopleOf(theirs))).not.toContain('wxfile')
  })

  test('an upload that fails says why with 重试, and 重试 sends it again', async () => {
    let fails = 1
    const me = await person({ id: 'u-me', name: '小爱' }, (backend) => ({
      backend: overriding(backend, {
        uploadAvatar(path, onProgress) {
          if (fails-- > 0) return Promise.reject(new AppError('NETWORK', '无法连接服务器，请检查网络后重试'))
          return backend.uploadAvatar(path, onProgress)
        },
      }),
    }))
    const { card } = lobby(me)
    $(card, '.me__avatar').dispatchEvent('chooseavatar', { detail: { avatarUrl: 'wxfile://tmp_me.jpg' } })
    await waitFor(() => expect(text(card, '.profile-hint')).toContain('无法连接服务器，请检查网络后重试'))
    expect(text(card, '.avatar-failed')).toBe('未上传')
    expect(mocks.showToast).not.toHaveBeenCalled()
    tap(card, '.retry-avatar')
    await waitFor(() => expect(me.session.me?.avatar).toMatch(/^https:\/\/demo\.invalid\//))
    expect(exists(card, '.retry-avatar')).toBe(false)
  })

  test('a picture too large even compressed: the reason shows, no 重试 (another picture is needed), nothing sent', async () => {
    const uploads: string[] = []
    const me = await person({ id: 'u-me', name: '小爱' }, (backend) => ({
      avatarImages: { prepare: () => Promise.reject(new AppError('NOT_ALLOWED', '图片太大了，压缩后仍超过 1 MB，请换一张')) },
      backend: overriding(backend, { uploadAvatar: (p, cb) => (uploads.push(p), backend.uploadAvatar(p, cb)) }),
    }))
    const { card } = lobby(me)
    $(card, '.me__avatar').dispatchEvent('chooseavatar', { detail: { avatarUrl: 'wxfile://huge.png' } })
    await waitFor(() => expect(text(card, '.profile-hint')).toBe('图片太大了，压缩后仍超过 1 MB，请换一张'))
    expect(exists(card, '.retry-avatar')).toBe(false)
    expect(uploads).toEqual([])
  })
})
