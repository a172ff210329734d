/** Token sources with an injected wx: the endpoint contract and the dev token list. */
import type { Profile } from '../../../miniprogram/core/types'
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

const endpoint = { type: 'endpoint', url: 'https://api.example.com/rongcloud/token' } as const

test('endpoint: POSTs the wx.login code and the profile, returns { userId, token }', async () => {
  const wx = fakeWx({ statusCode: 200, data: { userId: 'u-1', token: 'tok' } })
  await expect(createTokenSource(endpoint, wx).fetch(me)).resolves.toEqual({ userId: 'u-1', token: 'tok' })
  expect(wx.post).toHaveBeenCalledWith(endpoint.url, { code: 'wx-code-1', profile: { name: '小明', avatar: 'https://img/a.png' } })
})

test('endpoint: a JSON string body is accepted too', async () => {
  const wx = fakeWx({ statusCode: 200, data: '{"userId":"u-1","token":"tok"}' })
  await expect(createTokenSource(endpoint, wx).fetch({ id: 'x', name: '小明' })).resolves.toEqual({ userId: 'u-1', token: 'tok' })
  expect(wx.post).toHaveBeenCalledWith(endpoint.url, { code: 'wx-code-1', profile: { name: '小明' } })
})

test.each([
  ['401 refused', { statusCode: 401, data: {} }, 'TOKEN_INVALID'],
  ['403 refused', { statusCode: 403, data: {} }, 'TOKEN_INVALID'],
  ['500 server error', { statusCode: 500, data: 'oops' }, 'NETWORK'],
  ['200 without a token', { statusCode: 200, data: { userId: 'u-1' } }, 'NETWORK'],
  ['200 with garbage', { statusCode: 200, data: '<html>' }, 'NETWORK'],
  ['request failed', new Error('request:fail timeout'), 'NETWORK'],
] as const)('endpoint: %s → %s with a Chinese message', async (_label, response, code) => {
  const wx = fakeWx(response instanceof Error ? response : { ...response })
  const error: unknown = await createTokenSource(endpoint, wx).fetch(me).catch((e: unknown) => e)
  expect(error).toMatchObject({ code, message: expect.stringMatching(CHINESE) })
})

test('endpoint: wx.login failing → NETWORK, no request sent', async () => {
  const wx = fakeWx({ statusCode: 200, data: {} })
  wx.login.mockRejectedValueOnce(new Error('login:fail'))
  await expect(createTokenSource(endpoint, wx).fetch(me)).rejects.toMatchObject({ code: 'NETWORK', message: expect.stringContaining('微信登录') })
  expect(wx.post).not.toHaveBeenCalled()
})

test('endpoint: no URL configured → SERVICE_NOT_ENABLED naming config.ts', async () => {
  const wx = fakeWx({ statusCode: 200, data: {} })
  await expect(createTokenSource({ type: 'endpoint', url: ' ' }, wx).fetch(me)).rejects.toMatchObject({
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
