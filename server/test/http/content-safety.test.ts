/** Nicknames (login, PUT /v1/profile) and room titles: msgSecCheck v2, failing closed. */
import { call, login, startHarness } from '../support/harness'
import type { Harness } from '../support/harness'

const OPENID = 'oNames00000000000000000000001'

describe('nicknames and titles', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness({ upstreamTimeoutMs: 5000, captureLogs: true })
  })
  afterEach(() => h.close())

  const loginWith = (name: string, openid = OPENID) =>
    call(h.urls[0], 'POST', '/v1/login', { body: { code: h.wechat.issueCode(openid), profile: { name } } })

  test('a risky or doubtful name is refused at login with 422 CONTENT_REJECTED, and nobody is registered', async () => {
    for (const name of ['违禁词小明', '可疑的人']) {
      const res = await loginWith(name)
      expect(res.status).toBe(422)
      expect(res.body).toEqual({ code: 'CONTENT_REJECTED', message: '昵称含有不当内容，请修改' })
    }
    expect(h.rc.users.size).toBe(0)
    // WeChat was asked with the user's openid, scene 1 (profile), version 2
    expect(h.wechat.textChecks[0]).toEqual({ openid: OPENID, scene: 1, content: '违禁词小明', version: 2 })
    expect(h.logs.some((l) => l.event === 'name_rejected')).toBe(true)
    expect((await loginWith('小明')).status).toBe(200)
  })

  test('PUT /v1/profile: the user id maps back to the openid; a risky name changes nothing', async () => {
    const me = await login(h, OPENID, '小明')
    const res = await call(h.urls[0], 'PUT', '/v1/profile', { session: me.session, body: { name: '赌博大王' } })
    expect(res.status).toBe(422)
    expect(res.body.code).toBe('CONTENT_REJECTED')
    expect(res.body.message).toBe('昵称含有不当内容，请修改')
    expect(h.rc.users.get(me.userId)!.name).toBe('小明')
    expect(h.wechat.textChecks.at(-1)).toMatchObject({ openid: OPENID, scene: 1, content: '赌博大王' })
    expect((await call(h.urls[0], 'PUT', '/v1/profile', { session: me.session, body: { name: '小刚' } })).status).toBe(200)
  })

  test('fails closed: WeChat errors or no answer within 3 s → 502 NETWORK, nothing registered', async () => {
    h.wechat.textCheckFailWith = -1
    const failed = await loginWith('小明')
    expect(failed.status).toBe(502)
    expect(failed.body).toEqual({ code: 'NETWORK', message: '暂时无法检查昵称，请稍后重试' })
    h.wechat.textCheckFailWith = null
    h.wechat.textCheckDelayMs = 3600
    const t0 = Date.now()
    const slow = await loginWith('小红')
    expect(slow.status).toBe(502)
    expect(Date.now() - t0).toBeLessThan(3500)
    expect(h.rc.users.size).toBe(0)
    expect(h.logs.filter((l) => l.event === 'content_check_unavailable').map((l) => l.reason)).toEqual(['error', 'timeout'])
  })

  test('verdicts are cached: the same name again costs no WeChat call', async () => {
    await login(h, OPENID, '小明')
    const before = h.wechat.textChecks.length
    await login(h, 'oNames00000000000000000000002', '小明')
    expect(h.wechat.textChecks.length).toBe(before)
  })

  test('room titles are checked the same way (scene 1), before anything is created', async () => {
    const me = await login(h, OPENID, '小明')
    const res = await call(h.urls[0], 'POST', '/v1/rooms', { session: me.session, body: { roomId: '515151', title: '今晚赌博' } })
    expect(res.status).toBe(422)
    expect(res.body).toEqual({ code: 'CONTENT_REJECTED', message: '标题含有不当内容，请修改' })
    expect(h.rc.chatrooms.has('room-515151')).toBe(false)
    const ok = await call(h.urls[0], 'POST', '/v1/rooms', { session: me.session, body: { roomId: '515151', title: '一起聊天' } })
    expect(ok.status).toBe(201)
  })
})
