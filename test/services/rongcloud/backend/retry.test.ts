/**
 * services/rongcloud/backend's retry rules on a scripted wx.request: backoff on transport failures and 5xx,
 * bounded and jittered; never on 4xx; login retried only with a new code; the server's clock.
 */
import { AppError } from '../../../../miniprogram/core/errors'
import { createBackendService, errorOf, type BackendPlatform, type HttpRequest, type HttpResponse } from '../../../../miniprogram/services/rongcloud/backend/index'

type Answer = HttpResponse | 'fail'
const ok = (data: unknown, header: Record<string, string> = {}): HttpResponse => ({ statusCode: 200, data, header })
const status = (statusCode: number, data: unknown = { code: 'NETWORK', message: '服务暂时不可用，请稍后重试' }): HttpResponse => ({ statusCode, data, header: {} })
const session = `${Buffer.from(JSON.stringify({ v: 1, kind: 'session', exp: Date.now() + 86_400_000 })).toString('base64url')}.mac`
const LOGIN = { userId: 'u1', token: 'rc-token', session, profile: { id: 'u1', name: '甲' } }

function scripted(answers: Answer[]) {
  const requests: HttpRequest[] = []
  let codes = 0
  const platform: BackendPlatform = {
    login: async () => `code-${++codes}`,
    request: async (request) => {
      requests.push(request)
      const next = answers.shift()
      if (!next) throw new Error('no answer scripted')
      if (next === 'fail') throw new Error('request:fail timeout')
      return next
    },
    getStorage: () => undefined,
    setStorage: () => undefined,
    removeStorage: () => undefined,
  }
  const delays: number[] = []
  const backend = createBackendService({
    url: 'https://api.example.test/',
    platform,
    random: () => 0.5,
    schedule: (fn, ms) => {
      delays.push(ms)
      setTimeout(fn, 0)
      return () => undefined
    },
  })
  return { backend, requests, delays }
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e)
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

test('transport failures and 5xx are retried with jittered, growing, capped backoff', async () => {
  const { backend, requests, delays } = scripted([ok(LOGIN), 'fail', status(503), ok({ rooms: ['a.b'] })])
  await backend.login({ name: '甲' })
  expect(await backend.listRooms()).toEqual(['a.b'])
  expect(requests.map((r) => r.url)).toEqual(['https://api.example.test/v1/login', ...Array(3).fill('https://api.example.test/v1/rooms')])
  expect(delays).toEqual([200, 400]) // random 0.5 × 400, × 800
  expect(requests[1].header.authorization).toBe(`Bearer ${session}`)
  expect(requests[1].timeoutMs).toBe(10_000)
})

test('gives up after three attempts with NETWORK', async () => {
  const { backend, requests } = scripted([ok(LOGIN), 'fail', 'fail', 'fail'])
  await backend.login({ name: '甲' })
  const error = await rejection(backend.listRooms())
  expect(error.code).toBe('NETWORK')
  expect(error.message).toBe('无法连接服务器，请检查网络后重试')
  expect(requests).toHaveLength(4)
})

test('4xx is never retried, and keeps its code', async () => {
  for (const [answer, code] of [
    [status(409, { code: 'ROOM_TAKEN', message: '这个房间号正在直播，请换一个' }), 'ROOM_TAKEN'],
    [status(429, { code: 'RATE_LIMITED', message: '操作太频繁，请稍后再试' }), 'RATE_LIMITED'],
    [status(403, { code: 'NOT_ALLOWED', message: '只有主播可以这样做' }), 'NOT_ALLOWED'],
  ] as const) {
    const { backend, requests } = scripted([ok(LOGIN), answer])
    await backend.login({ name: '甲' })
    expect((await rejection(backend.createRoom({ roomId: '123456' }))).code).toBe(code)
    expect(requests).toHaveLength(2)
  }
})

test('a creation without a number is not repeated after a lost answer (it might have opened a room)', async () => {
  const { backend, requests } = scripted([ok(LOGIN), status(502)])
  await backend.login({ name: '甲' })
  expect((await rejection(backend.createRoom())).code).toBe('NETWORK')
  expect(requests).toHaveLength(2)
})

test('a failed login is retried with a new wx.login code each time, never the same one', async () => {
  const { backend, requests } = scripted(['fail', status(502), ok(LOGIN)])
  expect(await backend.login({ name: '甲' })).toEqual(LOGIN)
  expect(requests.map((r) => (r.data as { code: string }).code)).toEqual(['code-1', 'code-2', 'code-3'])
})

test('a call before any login is TOKEN_INVALID without a request', async () => {
  const { backend, requests } = scripted([])
  expect((await rejection(backend.getRoom('123456'))).code).toBe('TOKEN_INVALID')
  expect(requests).toHaveLength(0)
})

test('host-only calls carry the last claim the host was given', async () => {
  const { backend, requests } = scripted([ok(LOGIN), ok({ roomId: '123456', hostClaim: 'c1.s' }), ok({ hostClaim: 'c2.s' }), ok({ muteList: 'm.s' }), { statusCode: 204, data: '', header: {} }])
  await backend.login({ name: '甲' })
  await backend.createRoom({ roomId: '123456' })
  await backend.heartbeat('123456', { hostClaim: 'c1.s' })
  await backend.mute('123456', 'u2')
  await backend.endRoom('123456')
  expect(requests[3].header['x-host-claim']).toBe('c2.s')
  expect(requests[4]).toMatchObject({ method: 'DELETE', url: 'https://api.example.test/v1/rooms/123456', header: { 'x-host-claim': 'c2.s' } })
})

test('now() follows the server’s Date header', async () => {
  const { backend } = scripted([ok(LOGIN, { Date: new Date(Date.now() + 3_600_000).toUTCString() })])
  await backend.login({ name: '甲' })
  expect(Math.abs(backend.now() - (Date.now() + 3_600_000))).toBeLessThan(2000)
})

test('answers that are not ours become clear errors', () => {
  expect(errorOf(400, { code: 'BAD_REQUEST', message: '请求格式不正确' })).toMatchObject({ code: 'NETWORK', message: '请求格式不正确' })
  expect(errorOf(413, '<html>too large</html>')).toMatchObject({ code: 'NETWORK', message: '服务器拒绝了这个请求（413），请稍后再试' })
  expect(errorOf(401, null)).toMatchObject({ code: 'TOKEN_INVALID' })
  expect(errorOf(502, '{"code":"NETWORK","message":"服务暂时不可用，请稍后重试"}')).toMatchObject({ code: 'NETWORK', message: '服务暂时不可用，请稍后重试' })
  expect(errorOf(409, { code: 'ROOM_FULL' })).toMatchObject({ code: 'ROOM_FULL', message: '房间已满（最多 16 人）' })
})

test('an answer missing its fields is NETWORK, not a crash', async () => {
  const { backend } = scripted([ok({ userId: 'u1' })])
  expect((await rejection(backend.login({ name: '甲' }))).message).toBe('服务器返回的数据无法识别，请稍后再试')
})
