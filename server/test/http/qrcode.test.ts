/** GET /v1/rooms/:roomId/qrcode against the fake WeChat (getwxacodeunlimit, stable_token). */
import { login, startHarness } from '../support/harness'
import type { Harness, HarnessOptions, LoggedIn } from '../support/harness'

let h: Harness
let host: LoggedIn

async function start(options: HarnessOptions = {}) {
  h = await startHarness({ captureLogs: true, ...options })
  host = await login(h, 'oQrHost0000000000000000000001', '主播')
}
afterEach(() => h.close())

async function qr(roomId: string, session: string | null = host.session) {
  const res = await fetch(`${h.urls[0]}/v1/rooms/${roomId}/qrcode`, { headers: session ? { authorization: `Bearer ${session}` } : {} })
  const bytes = Buffer.from(await res.arrayBuffer())
  return { status: res.status, type: res.headers.get('content-type'), cache: res.headers.get('cache-control'), bytes }
}

async function open(roomId: string) {
  const res = await fetch(`${h.urls[0]}/v1/rooms`, {
    method: 'POST',
    headers: { authorization: `Bearer ${host.session}`, 'content-type': 'application/json' },
    body: JSON.stringify({ roomId }),
  })
  expect(res.status).toBe(201)
}

const tokenFetches = () => h.wechat.calls.filter((c) => c.path === '/cgi-bin/stable_token').length

test('the code opens pages/room/room with scene r=<room number>, check_path false, release; an image comes back', async () => {
  await start()
  await open('246810')
  const res = await qr('246810')
  expect(res.status).toBe(200)
  expect(res.type).toBe('image/png')
  expect(res.bytes.subarray(1, 4).toString('latin1')).toBe('PNG')
  expect(res.bytes.includes(Buffer.from('r=246810'))).toBe(true) // the fake writes what it encoded into the PNG
  expect(h.wechat.qrRequests).toEqual([{ scene: 'r=246810', page: 'pages/room/room', check_path: false, env_version: 'release', width: 430 }])
})

test('the access token is fetched once (stable_token) and cached; codes are cached per room', async () => {
  await start()
  const before = tokenFetches()
  await open('135791')
  await open('246802')
  for (const room of ['135791', '135791', '246802']) expect((await qr(room)).status).toBe(200)
  expect(h.wechat.qrRequests.map((r) => r.scene)).toEqual(['r=135791', 'r=246802'])
  // the name check at login fetched the token already; the codes needed no other
  expect(tokenFetches()).toBe(Math.max(before, 1))
})

test.each([
  ['40001 (someone forced a refresh)', 'rotateToken'],
  ['42001 (expired)', 'expireToken'],
] as const)('a token refused with %s is fetched again once and the call repeated', async (_label, how) => {
  await start()
  await open('112233')
  const before = tokenFetches()
  h.wechat[how]()
  const res = await qr('112233')
  expect(res.status).toBe(200)
  expect(tokenFetches()).toBe(before + 1)
  // refused (before WeChat looks at the body), then repeated with the new token
  expect(h.wechat.calls.filter((c) => c.path === '/wxa/getwxacodeunlimit')).toHaveLength(2)
  expect(h.wechat.qrRequests).toHaveLength(1)
})

test('a WeChat error (JSON instead of an image) → 502 NETWORK with the errcode logged', async () => {
  await start()
  await open('998877')
  h.wechat.qrFailWith = 45009
  const res = await qr('998877')
  expect(res.status).toBe(502)
  expect(JSON.parse(res.bytes.toString())).toEqual({ code: 'NETWORK', message: '小程序码暂时无法生成，请稍后重试' })
  expect(h.logs.find((l) => l.event === 'qrcode_failed')).toMatchObject({ errcode: 45009, roomId: '998877' })
  // not cached: the next try works
  h.wechat.qrFailWith = null
  expect((await qr('998877')).status).toBe(200)
})

test('JPEG answers keep their type; WECHAT_QR_ENV_VERSION picks the version', async () => {
  await start({ env: { WECHAT_QR_ENV_VERSION: 'trial' } })
  h.wechat.qrContentType = 'image/jpeg'
  await open('556677')
  const res = await qr('556677')
  expect(res.type).toBe('image/jpeg')
  expect(h.wechat.qrRequests[0].env_version).toBe('trial')
})

test('a room that is not live → 404 ROOM_NOT_FOUND; a bad number → 400; no session → 401; WeChat is not asked', async () => {
  await start()
  const missing = await qr('765432')
  expect(missing.status).toBe(404)
  expect(JSON.parse(missing.bytes.toString()).code).toBe('ROOM_NOT_FOUND')
  expect((await qr('012345')).status).toBe(400)
  expect(JSON.parse((await qr('abc')).bytes.toString()).code).toBe('INVALID_ROOM_NUMBER')
  expect((await qr('765432', null)).status).toBe(401)
  expect(h.wechat.qrRequests).toHaveLength(0)
})
