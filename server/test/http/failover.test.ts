import { call, login, startHarness } from '../support/harness'
import type { Harness } from '../support/harness'

let h: Harness
beforeEach(async () => {
  h = await startHarness({ fronts: 2, upstreamTimeoutMs: 300 })
})
afterEach(() => h.close())

test.each(['refuse', 'error', 'hang'] as const)('primary host %s: requests go to the backup host', async (mode) => {
  const [primary, backup] = h.fronts
  primary.mode = mode
  const me = await login(h, 'oFailover0000000000000000001', '小明')
  expect(backup.served).toBeGreaterThan(0)
  expect(h.rc.users.has(me.userId)).toBe(true)
  const created = await call(h.urls[0], 'POST', '/v1/rooms', { session: me.session, body: { roomId: '717171' } })
  expect(created.status).toBe(201)
  // the failed host is tried last for a while: no more waiting on it
  const before = backup.served
  const t0 = Date.now()
  await call(h.urls[0], 'GET', '/v1/rooms/717171', { session: me.session })
  expect(backup.served).toBeGreaterThan(before)
  expect(Date.now() - t0).toBeLessThan(300)
})

test('both hosts down: 502 NETWORK, and the login code is not retried', async () => {
  for (const f of h.fronts) f.mode = 'error'
  const res = await call(h.urls[0], 'POST', '/v1/login', { body: { code: h.wechat.issueCode('oDown000000000000000000000001'), profile: { name: 'a' } } })
  expect(res.status).toBe(502)
  expect(res.body.code).toBe('NETWORK')
  expect(h.wechat.calls.filter((c) => c.path === '/sns/jscode2session')).toHaveLength(1)
})

test('a business error is not retried on the backup host', async () => {
  const [primary, backup] = h.fronts
  h.rc.userLimit = 0 // 2007: the development environment's 100 users are used up
  const res = await call(h.urls[0], 'POST', '/v1/login', { body: { code: h.wechat.issueCode('oCap0000000000000000000000001'), profile: { name: 'a' } } })
  expect(res.status).toBe(502)
  expect(primary.served).toBe(1)
  expect(backup.served).toBe(0)
})

test("RongCloud's rate limit (1008 / HTTP 429) becomes 429 RATE_LIMITED", async () => {
  const me = await login(h, 'oRate0000000000000000000000001', '小明')
  h.rc.rateLimitPerSecond = 0
  const res = await call(h.urls[0], 'POST', '/v1/rooms', { session: me.session, body: {} })
  expect(res.status).toBe(429)
  expect(res.body.code).toBe('RATE_LIMITED')
})
