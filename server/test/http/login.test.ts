import { UserIdCipher } from '../../src/crypto/user-id'
import { call, login, startHarness } from '../support/harness'
import type { Harness } from '../support/harness'

const OPENID = 'oLoginUser000000000000000001'

describe('POST /v1/login', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness({ upstreamTimeoutMs: 300 })
  })
  afterEach(() => h.close())

  test('code → openid → opaque user id → RongCloud token → session', async () => {
    const code = h.wechat.issueCode(OPENID)
    const res = await call(h.urls[0], 'POST', '/v1/login', { body: { code, profile: { name: ' 小明 ', avatar: 'https://a.example/p.png' } } })
    expect(res.status).toBe(200)
    const { userId, token, session, profile } = res.body
    expect(userId).toMatch(/^[A-Za-z0-9_-]{1,64}$/)
    expect(userId).not.toContain(OPENID)
    // only the server maps it back, with USER_ID_SECRET alone
    expect(new UserIdCipher(Buffer.from(h.env.USER_ID_SECRET)).decrypt(userId)).toBe(OPENID)
    expect(profile).toEqual({ id: userId, name: '小明', avatar: 'https://a.example/p.png' })
    expect(h.rc.users.get(userId)).toMatchObject({ name: '小明', portraitUri: 'https://a.example/p.png' })
    expect(h.rc.users.get(userId)!.tokens).toContain(token)
    expect(typeof session).toBe('string')
    // the session opens the other routes
    expect((await call(h.urls[0], 'GET', '/v1/rooms', { session })).status).toBe(200)
    // the same person again: the same id
    expect((await login(h, OPENID, '小明')).userId).toBe(userId)
    expect((await login(h, 'oSomeoneElse0000000000000001', '小红')).userId).not.toBe(userId)
  })

  test('a login code is single-use: the second try is 401 and WeChat is asked exactly once per try', async () => {
    const code = h.wechat.issueCode(OPENID)
    const body = { code, profile: { name: '小明' } }
    expect((await call(h.urls[0], 'POST', '/v1/login', { body })).status).toBe(200)
    const again = await call(h.urls[0], 'POST', '/v1/login', { body })
    expect(again.status).toBe(401)
    expect(again.body.code).toBe('TOKEN_INVALID')
    expect(again.body.message).toMatch(/[\u4e00-\u9fff]/)
    expect(h.wechat.calls.filter((c) => c.path === '/sns/jscode2session')).toHaveLength(2)
  })

  test('an unknown or expired code is 401', async () => {
    expect((await call(h.urls[0], 'POST', '/v1/login', { body: { code: 'nope', profile: { name: 'a' } } })).status).toBe(401)
    const code = h.wechat.issueCode(OPENID)
    h.clock.advance(5 * 60 * 1000 + 1)
    expect((await call(h.urls[0], 'POST', '/v1/login', { body: { code, profile: { name: 'a' } } })).body.code).toBe('TOKEN_INVALID')
  })

  test("WeChat's own limits and failures: 45011 → 429, busy → 502, no answer → 502 without a retry", async () => {
    h.wechat.failWith = 45011
    const limited = await call(h.urls[0], 'POST', '/v1/login', { body: { code: h.wechat.issueCode(OPENID), profile: { name: 'a' } } })
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('60')
    h.wechat.failWith = -1
    expect((await call(h.urls[0], 'POST', '/v1/login', { body: { code: h.wechat.issueCode(OPENID), profile: { name: 'a' } } })).body.code).toBe('NETWORK')
    h.wechat.failWith = null
    h.wechat.delayMs = 1000
    const before = h.wechat.calls.length
    const code = h.wechat.issueCode(OPENID)
    const slow = await call(h.urls[0], 'POST', '/v1/login', { body: { code, profile: { name: 'a' } } })
    expect(slow.status).toBe(502)
    expect(slow.body.code).toBe('NETWORK')
    await new Promise((r) => setTimeout(r, 1100))
    expect(h.wechat.calls.length - before).toBe(1) // never retried server-side
  })

  test('profiles are validated: name 1-20 after removing invisible characters, avatar https', async () => {
    const bad = [
      { name: '' },
      { name: '\u200B\u202E' },
      { name: '一二三四五六七八九十一二三四五六七八九十一' },
      { name: 5 },
      { name: '小明', avatar: 'http://a.example/p.png' },
      { name: '小明', avatar: 7 },
      'str',
      null,
    ]
    for (const profile of bad) {
      const res = await call(h.urls[0], 'POST', '/v1/login', { body: { code: h.wechat.issueCode(OPENID), profile } })
      expect(res.status).toBe(400)
      expect(res.body.code).toBe('BAD_REQUEST')
    }
    // nothing reached WeChat: a bad profile does not burn the code
    expect(h.wechat.calls).toHaveLength(0)
    const ok = await call(h.urls[0], 'POST', '/v1/login', { body: { code: h.wechat.issueCode(OPENID), profile: { name: '\u202E小明\u202C' } } })
    expect(ok.body.profile.name).toBe('小明')
  })

  test('at least 20 logins a minute from one address pass, then 429 with Retry-After', async () => {
    let passed = 0
    let res
    for (;;) {
      res = await call(h.urls[0], 'POST', '/v1/login', { body: { code: h.wechat.issueCode(`oRate${passed}`.padEnd(28, '0')), profile: { name: 'a' } } })
      if (res.status !== 200) break
      passed++
    }
    expect(passed).toBeGreaterThanOrEqual(20)
    expect(res.status).toBe(429)
    expect(res.body.code).toBe('RATE_LIMITED')
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
    h.clock.advance(60_000)
    expect((await login(h, OPENID, 'a')).userId).toBeTruthy()
  })
})

describe('PUT /v1/profile', () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness()
  })
  afterAll(() => h.close())

  test('updates RongCloud and returns the profile and a session that carries it', async () => {
    const me = await login(h, OPENID, '旧名字')
    const res = await call(h.urls[0], 'PUT', '/v1/profile', { session: me.session, body: { name: '新名字', avatar: 'https://a.example/n.png' } })
    expect(res.status).toBe(200)
    expect(res.body.profile).toEqual({ id: me.userId, name: '新名字', avatar: 'https://a.example/n.png' })
    expect(h.rc.users.get(me.userId)).toMatchObject({ name: '新名字', portraitUri: 'https://a.example/n.png' })
    const created = await call(h.urls[0], 'POST', '/v1/rooms', { session: res.body.session, body: {} })
    const claim = JSON.parse(Buffer.from(created.body.hostClaim.split('.')[0], 'base64url').toString())
    expect(claim.host.name).toBe('新名字')
    expect((await call(h.urls[0], 'PUT', '/v1/profile', { session: me.session, body: { name: '' } })).status).toBe(400)
    expect((await call(h.urls[0], 'PUT', '/v1/profile', { body: { name: 'x' } })).status).toBe(401)
  })
})
