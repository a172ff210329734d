/**
 * Nickname and avatar through the backend (stores/profile-editor.ts), on the demo network: a
 * refused nickname changes nothing; an avatar is uploaded, stays pending (others keep seeing the
 * letter avatar, this phone shows the picture) and only its URL — never the local file — becomes
 * the profile once it passed; failures are visible and retryable.
 */
import { AppError } from '../../miniprogram/core/errors'
import type { Profile } from '../../miniprogram/core/types'
import { createDemoNetwork, DEMO_BLOCKED_WORDS, type DemoNetwork } from '../../miniprogram/services/demo/index'
import type { BackendService } from '../../miniprogram/services/types'
import { createStore, type RootStore, type StoreDeps } from '../../miniprogram/stores/index'
import { AVATAR_CHECK_GIVE_UP_MS } from '../../miniprogram/stores/profile-editor'

let network: DemoNetwork
const stores: RootStore[] = []

beforeEach(() => jest.useFakeTimers({ now: Date.UTC(2026, 0, 5, 10) }))
afterEach(() => {
  for (const s of stores.splice(0)) s.dispose()
  network.close()
  jest.useRealTimers()
})

const LOCAL = 'wxfile://tmp_avatar_pick.jpg'
const DEMO_URL = /^https:\/\/demo\.invalid\/v1\/avatars\//

async function run<T>(promise: Promise<T>, ms = 200): Promise<T> {
  let settled: { ok: true; value: T } | { ok: false; error: unknown } | null = null
  promise.then(
    (value) => (settled = { ok: true, value }),
    (error: unknown) => (settled = { ok: false, error }),
  )
  await jest.advanceTimersByTimeAsync(ms)
  const outcome = settled as { ok: true; value: T } | { ok: false; error: unknown } | null
  if (!outcome) throw new Error('still pending')
  if (!outcome.ok) throw outcome.error
  return outcome.value
}

async function failure(promise: Promise<unknown>, ms = 200): Promise<AppError> {
  const error = await run(promise, ms).then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

async function person(profile: Profile, deps: Partial<StoreDeps> = {}): Promise<RootStore> {
  const store = createStore({ ...network.connect(profile), ...deps })
  stores.push(store)
  await run(store.session.signIn(profile))
  return store
}

/** `backend` with some calls replaced (a class instance: its methods live on the prototype). */
function overriding(backend: BackendService, overrides: Partial<BackendService>): BackendService {
  return new Proxy(backend, {
    get(target, key: string | symbol) {
      if (key in overrides) return overrides[key as keyof BackendService]
      const value = Reflect.get(target, key) as unknown
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

/** How `viewer` sees `who` in the lobby. */
const seen = (viewer: RootStore, who: Profile) => viewer.lobby.users.find((u) => u.id === who.id)

describe('nickname', () => {
  beforeEach(() => {
    network = createDemoNetwork({ latencyMs: 40 })
  })

  test('refused by the check: CONTENT_REJECTED in the server’s words, nothing changes anywhere', async () => {
    const remember = jest.fn()
    const me = await person({ id: 'u-a', name: '小爱' }, { profileMemory: { remember } })
    const other = await person({ id: 'u-b', name: '小波' })
    await run(Promise.resolve())
    const error = await failure(me.profile.changeName(`我是${DEMO_BLOCKED_WORDS[0]}`))
    expect(error.code).toBe('CONTENT_REJECTED')
    expect(error.message).toBe('昵称含有不当内容，请修改')
    expect(me.session.me?.name).toBe('小爱')
    expect(remember).not.toHaveBeenCalled()
    expect(seen(other, { id: 'u-a', name: '' })?.name).toBe('小爱')
  })

  test('accepted: the server’s cleaned name is what everyone sees, and the phone remembers it', async () => {
    const remember = jest.fn()
    const me = await person({ id: 'u-a', name: '小爱' }, { profileMemory: { remember } })
    const other = await person({ id: 'u-b', name: '小波' })
    await run(me.profile.changeName('  新昵称  '))
    expect(me.session.me).toEqual({ id: 'u-a', name: '新昵称' })
    expect(remember).toHaveBeenCalledWith({ name: '新昵称' })
    await run(Promise.resolve())
    expect(seen(other, { id: 'u-a', name: '' })?.name).toBe('新昵称')
  })

  test('empty, or not signed in: refused before anything is sent', async () => {
    const me = await person({ id: 'u-a', name: '小爱' })
    expect((await failure(me.profile.changeName('   '))).code).toBe('NOT_ALLOWED')
    await run(me.session.signOut())
    expect((await failure(me.profile.changeName('新名字'))).code).toBe('NOT_CONNECTED')
  })
})

describe('avatar', () => {
  beforeEach(() => {
    network = createDemoNetwork({ latencyMs: 40, avatarCheckMs: 5000 })
  })

  test('pending: others keep the letter avatar, this phone shows the picture; once passed everyone gets the URL', async () => {
    const remember = jest.fn()
    const me = await person({ id: 'u-a', name: '小爱' }, { profileMemory: { remember } })
    const other = await person({ id: 'u-b', name: '小波' })
    await run(me.profile.changeAvatar(LOCAL))
    expect(me.profile.avatar).toMatchObject({ stage: 'checking', progress: 100, localPath: LOCAL })
    expect(me.session.me?.avatar).toBeUndefined()
    expect(me.profile.myAvatar).toBe(LOCAL)
    expect(seen(other, { id: 'u-a', name: '' })?.avatar).toBeUndefined()
    expect(remember).not.toHaveBeenCalled()

    await jest.advanceTimersByTimeAsync(20_000)
    expect(me.profile.avatar.stage).toBe('idle')
    expect(me.session.me?.avatar).toMatch(DEMO_URL)
    expect(seen(other, { id: 'u-a', name: '' })?.avatar).toMatch(DEMO_URL)
    expect(remember).toHaveBeenCalledWith({ avatar: me.session.me?.avatar })
    // my own phone still shows the picture it has (the demo's URLs serve nothing)
    expect(me.profile.myAvatar).toBe(LOCAL)
    // the local path went to nobody
    expect(JSON.stringify(other.lobby.users)).not.toContain('wxfile')
  })

  test('the picture is readied first (compressed when large); a refused file stops there with its reason, not retryable', async () => {
    const prepare = jest.fn(async (path: string) => {
      if (path.includes('huge')) throw new AppError('NOT_ALLOWED', '图片太大了，压缩后仍超过 1 MB，请换一张')
      return `${path}.compressed.jpg`
    })
    const uploads: string[] = []
    const { backend, ...rest } = network.connect({ id: 'u-a', name: '小爱' })
    const spy = overriding(backend, { uploadAvatar: (p, cb) => (uploads.push(p), backend.uploadAvatar(p, cb)) })
    const me = createStore({ ...rest, backend: spy, avatarImages: { prepare } })
    stores.push(me)
    await run(me.session.signIn({ id: 'u-a', name: '小爱' }))

    const error = await failure(me.profile.changeAvatar('wxfile://huge.png'))
    expect(error.message).toBe('图片太大了，压缩后仍超过 1 MB，请换一张')
    expect(me.profile.avatar).toMatchObject({ stage: 'failed', error: error.message, canRetry: false })
    expect(uploads).toEqual([])

    await run(me.profile.changeAvatar(LOCAL))
    expect(uploads).toEqual([`${LOCAL}.compressed.jpg`])
  })

  test('an upload that fails shows why and can be retried; the retry sends the same picture', async () => {
    const { backend, ...rest } = network.connect({ id: 'u-a', name: '小爱' })
    let failNext = true
    const flaky = overriding(backend, {
      uploadAvatar(path, onProgress) {
        if (failNext) {
          failNext = false
          onProgress?.(30)
          return Promise.reject(new AppError('NETWORK', '无法连接服务器，请检查网络后重试'))
        }
        return backend.uploadAvatar(path, onProgress)
      },
    })
    const me = createStore({ ...rest, backend: flaky })
    stores.push(me)
    await run(me.session.signIn({ id: 'u-a', name: '小爱' }))
    const error = await failure(me.profile.changeAvatar(LOCAL))
    expect(error.code).toBe('NETWORK')
    expect(me.profile.avatar).toMatchObject({ stage: 'failed', canRetry: true, error: '无法连接服务器，请检查网络后重试', localPath: LOCAL })
    expect(me.session.me?.avatar).toBeUndefined()
    await run(me.profile.retryAvatar())
    expect(me.profile.avatar.stage).toBe('checking')
    await jest.advanceTimersByTimeAsync(20_000)
    expect(me.session.me?.avatar).toMatch(DEMO_URL)
  })

  test('a check that never passes gives up after 30 minutes, saying so, with a retry', async () => {
    network.close()
    network = createDemoNetwork({ latencyMs: 40, avatarCheckMs: 3 * AVATAR_CHECK_GIVE_UP_MS })
    const me = await person({ id: 'u-a', name: '小爱' })
    await run(me.profile.changeAvatar(LOCAL))
    await jest.advanceTimersByTimeAsync(AVATAR_CHECK_GIVE_UP_MS + 60_000)
    expect(me.profile.avatar).toMatchObject({ stage: 'failed', canRetry: true })
    expect(me.profile.avatar.error).toContain('审核')
    expect(me.session.me?.avatar).toBeUndefined()
  })

  test('without a server (dev tokens) an avatar cannot be uploaded: said at once, nothing sent', async () => {
    const { backend: _unused, ...withoutBackend } = network.connect({ id: 'u-a', name: '小爱' })
    const me = createStore(withoutBackend)
    stores.push(me)
    await run(me.session.signIn({ id: 'u-a', name: '小爱' }))
    const error = await failure(me.profile.changeAvatar(LOCAL))
    expect(error.code).toBe('SERVICE_NOT_ENABLED')
    expect(error.message).toContain('头像无法上传')
    expect(me.session.me?.avatar).toBeUndefined()
  })

  test('a newer picture replaces one still being checked; signing out stops the checks', async () => {
    const me = await person({ id: 'u-a', name: '小爱' })
    await run(me.profile.changeAvatar('wxfile://first.jpg'))
    await run(me.profile.changeAvatar('wxfile://second.jpg'))
    expect(me.profile.avatar.localPath).toBe('wxfile://second.jpg')
    await jest.advanceTimersByTimeAsync(20_000)
    const applied = me.session.me?.avatar
    expect(applied).toMatch(DEMO_URL)
    // the second upload's URL (the demo numbers them): the first one's check was dropped
    expect(applied).toMatch(/demo-2\.jpg$/)

    await run(me.profile.changeAvatar('wxfile://third.jpg'))
    await run(me.session.signOut())
    expect(me.profile.avatar.stage).toBe('idle')
    await jest.advanceTimersByTimeAsync(60_000)
    expect(me.profile.avatar.stage).toBe('idle')
  })
})
