/** Token sources: our server's login (services/rongcloud/backend) and the dev token list with an injected wx. */
import { AppError } from '../../../miniprogram/core/errors'
import type { Profile } from '../../../miniprogram/core/types'
import type { BackendService } from '../../../miniprogram/services/types'
import { createTokenSource, DEV_TOKEN_CHOICE_KEY } from '../../../miniprogram/services/rongcloud/token-source'
import type { WxAuthApi } from '../../../miniprogram/services/rongcloud/token-source'
import { CHINESE } from './helpers'

const me: Profile = { id: 'ignored', name: '小明', avatar: 'https://img/a.png' }

function fakeWx(response: { statusCode: number; data: unknown } | Error, storage: Record<string, unknown> = {}) {
  const api = {
    login: jest.fn(async () => 'wx-code-1'),
    post: jest.fn(async () => {
      if (response instanceof Error) throw response
      return response
    }),
    getStorage: jest.fn((key: string) => storage[key] ?? ''),
  }
  return api satisfies WxAuthApi
}

function fakeBackend(login: BackendService['login']): BackendService {
  const refuse = () => Promise.reject(new Error('not used'))
  return {
    login: jest.fn(login),
    updateProfile: refuse,
    createRoom: refuse,
    heartbeat: refuse,
    endRoom: refuse,
    listRooms: refuse,
    getRoom: refuse,
    mute: refuse,
    unmute: refuse,
    addGuest: refuse,
    removeGuest: refuse,
    now: () => Date.now(),
    uploadAvatar: refuse,
    avatarReady: refuse,
    roomQrCode: refuse,
  }
}

const LOGIN = { userId: 'u-1', token: 'tok', session: 's.m', profile: { id: 'u-1', name: '小明' } }

test('backend: the token comes with the login (name and avatar, no id: the server assigns it)', async () => {
  const backend = fakeBackend(async () => LOGIN)
  await expect(createTokenSource({ type: 'backend' }, fakeWx({ statusCode: 200, data: {} }), backend).fetch(me)).resolves.toEqual({ userId: 'u-1', token: 'tok' })
  expect(backend.login).toHaveBeenCalledWith({ name: '小明', avatar: 'https://img/a.png' }, { fresh: false })
})

test('backend: a refused token logs in afresh instead of reusing the stored login', async () => {
  const backend = fakeBackend(async () => LOGIN)
  await createTokenSource({ type: 'backend' }, undefined, backend).fetch({ id: 'x', name: '小明' }, { refresh: true })
  expect(backend.login).toHaveBeenCalledWith({ name: '小明' }, { fresh: true })
})

test('backend: its errors pass through unchanged (TOKEN_INVALID, NETWORK, ...)', async () => {
  const backend = fakeBackend(async () => Promise.reject(new AppError('TOKEN_INVALID', '登录凭证无效或已使用，请重新登录')))
  await expect(createTokenSource({ type: 'backend' }, undefined, backend).fetch(me)).rejects.toMatchObject({ code: 'TOKEN_INVALID', message: expect.stringMatching(CHINESE) })
})

test('backend: none configured → SERVICE_NOT_ENABLED naming config.ts', async () => {
  await expect(createTokenSource({ type: 'backend' }, fakeWx({ statusCode: 200, data: {} })).fetch(me)).rejects.toMatchObject({
    code: 'SERVICE_NOT_ENABLED',
    message: expect.stringContaining('config.ts'),
  })
})

const devTokens = {
  type: 'dev-tokens',
  tokens: [
    { userId: 'alice', token: 't-alice' },
    { userId: 'bob', token: 't-bob' },
  ],
} as const

test('dev tokens: the first by default, the stored choice when there is one', async () => {
  const none = fakeWx({ statusCode: 200, data: {} })
  await expect(createTokenSource({ ...devTokens, tokens: [...devTokens.tokens] }, none).fetch(me)).resolves.toEqual({ userId: 'alice', token: 't-alice' })
  const chosen = fakeWx({ statusCode: 200, data: {} }, { [DEV_TOKEN_CHOICE_KEY]: 'bob' })
  await expect(createTokenSource({ ...devTokens, tokens: [...devTokens.tokens] }, chosen).fetch(me)).resolves.toEqual({ userId: 'bob', token: 't-bob' })
  expect(none.login).not.toHaveBeenCalled()
})

test('dev tokens: an empty list is a configuration error', async () => {
  await expect(createTokenSource({ type: 'dev-tokens', tokens: [] }, fakeWx({ statusCode: 200, data: {} })).fetch(me)).rejects.toMatchObject({
    code: 'SERVICE_NOT_ENABLED',
  })
})
