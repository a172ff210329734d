/** Bad input on every route gets a 4xx with a code and a Chinese message, never a 5xx. */
import { call, login, startHarness } from '../support/harness'
import type { Harness, LoggedIn } from '../support/harness'

let h: Harness
let me: LoggedIn
beforeAll(async () => {
  h = await startHarness()
  me = await login(h, 'oBad00000000000000000000000001', '小明')
  await call(h.urls[0], 'POST', '/v1/rooms', { session: me.session, body: { roomId: '818181' } })
})
afterAll(() => h.close())

const ROUTES: [string, string][] = [
  ['POST', '/v1/login'],
  ['PUT', '/v1/profile'],
  ['POST', '/v1/rooms'],
  ['GET', '/v1/rooms'],
  ['GET', '/v1/rooms/818181'],
  ['POST', '/v1/rooms/818181/heartbeat'],
  ['DELETE', '/v1/rooms/818181'],
  ['PUT', '/v1/rooms/818181/mutes/uSomeone'],
  ['DELETE', '/v1/rooms/818181/mutes/uSomeone'],
  ['PUT', '/v1/rooms/818181/guests/uSomeone'],
  ['DELETE', '/v1/rooms/818181/guests/uSomeone'],
  ['GET', '/v1/rooms/818181/qrcode'],
]
const WITH_BODY = ROUTES.filter(([m]) => m !== 'GET')

function expectClientError(res: { status: number; body: { code?: unknown; message?: unknown } }, status?: number): void {
  expect(res.status).toBeGreaterThanOrEqual(400)
  expect(res.status).toBeLessThan(500)
  if (status) expect(res.status).toBe(status)
  expect(typeof res.body.code).toBe('string')
  expect(res.body.message).toMatch(/[\u4e00-\u9fff]/)
}

describe.each(WITH_BODY)('%s %s', (method, path) => {
  const session = () => me.session
  test('malformed JSON → 400 BAD_REQUEST', async () => {
    const res = await call(h.urls[0], method, path, { session: session(), raw: '{"code": "x", ' })
    expectClientError(res, 400)
    expect(res.body.code).toBe('BAD_REQUEST')
  })
  test('a body over 16 KB → 413 TOO_LARGE', async () => {
    const res = await call(h.urls[0], method, path, { session: session(), raw: JSON.stringify({ pad: 'x'.repeat(20_000) }) })
    expectClientError(res, 413)
    expect(res.body.code).toBe('TOO_LARGE')
  })
  test('not JSON (text/plain, form) → 400', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      expectClientError(await call(h.urls[0], method, path, { session: session(), raw: 'a=b', headers: { 'content-type': type } }), 400)
    }
  })
  test('wrong types → 4xx with a code', async () => {
    for (const body of [[], 'str', 42, true, { roomId: 5, title: {}, code: 7, profile: [], name: 3, hostClaim: 9, guestList: {} }]) {
      const res = await call(h.urls[0], method, path, { session: session(), body })
      if (res.status < 400) continue // routes that take no body ignore it
      expectClientError(res)
    }
  })
})

describe.each(ROUTES.filter(([, p]) => p !== '/v1/login'))('%s %s without a valid session', (method, path) => {
  test('401 TOKEN_INVALID', async () => {
    const tries: Record<string, string>[] = [{}, { authorization: 'Bearer nope' }, { authorization: 'Basic abc' }, { authorization: `Bearer ${me.session}x` }]
    for (const headers of tries) {
      const res = await call(h.urls[0], method, path, { headers })
      expectClientError(res, 401)
      expect(res.body.code).toBe('TOKEN_INVALID')
    }
  })
})

test('bad room numbers and user ids in paths', async () => {
  for (const [method, path] of [
    ['GET', '/v1/rooms/012345'],
    ['POST', '/v1/rooms/abc/heartbeat'],
    ['DELETE', '/v1/rooms/1234567'],
    ['PUT', '/v1/rooms/12345a/mutes/uX'],
  ]) {
    const res = await call(h.urls[0], method, path, { session: me.session })
    expectClientError(res, 400)
    expect(res.body.code).toBe('INVALID_ROOM_NUMBER')
  }
  const res = await call(h.urls[0], 'PUT', '/v1/rooms/818181/guests/u%2Fx', { session: me.session })
  expectClientError(res, 400)
})

test('unknown routes and methods → 404 NOT_FOUND', async () => {
  for (const [method, path] of [
    ['GET', '/'],
    ['GET', '/v1'],
    ['PATCH', '/v1/rooms'],
    ['PUT', '/v1/avatar'],
    ['DELETE', '/v1/avatars/a.png'],
    ['POST', '/v1/rooms/818181/qrcode'],
    ['GET', '/v1/rongcloud/message-callback'],
  ]) {
    const res = await call(h.urls[0], method, path, { session: me.session })
    expectClientError(res, 404)
    expect(res.body.code).toBe('NOT_FOUND')
  }
})

test('an over-long path parameter or a malformed URL → 400 BAD_REQUEST', async () => {
  for (const path of [`/v1/rooms/${'1'.repeat(200)}`, '/v1/rooms/%E0%A4%A']) {
    const res = await call(h.urls[0], 'GET', path, { session: me.session })
    expectClientError(res, 400)
  }
})

test('GET /healthz', async () => {
  const res = await call(h.urls[0], 'GET', '/healthz')
  expect(res.status).toBe(200)
  expect(res.body).toEqual({ status: 'ok', publicKey: h.publicKey })
})

test('an empty body with a JSON content type counts as no body (wx.request DELETE)', async () => {
  const res = await call(h.urls[0], 'POST', '/v1/rooms', { session: me.session, raw: '', headers: { 'content-type': 'application/json' } })
  expect(res.status).toBe(201)
})
