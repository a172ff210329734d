/** POST /v1/rongcloud/message-callback, driven by a fake RongCloud that signs and times out like the real one. */
import { createHash } from 'node:crypto'
import { UserIdCipher } from '../../src/crypto/user-id'
import { call, login, startHarness } from '../support/harness'
import type { Harness, LoggedIn } from '../support/harness'

const text = (content: string, name = '小明') => ({ content, user: { id: 'ignored', name } })
const signal = (payload: object) => ({ data: JSON.stringify({ v: 1, ...payload }) })

let h: Harness
let alice: LoggedIn
let bob: LoggedIn
beforeEach(async () => {
  h = await startHarness({ upstreamTimeoutMs: 5000, captureLogs: true })
  alice = await login(h, 'oAlice000000000000000000000001', '小明')
  bob = await login(h, 'oBob00000000000000000000000001', '小红')
})
afterEach(() => h.close())

const room = (content: object, from = alice.userId) =>
  h.callback.send({ fromUserId: from, targetId: 'room-123456', msgType: 'RC:TxtMsg', content, channelType: 'TEMPGROUP' })
const misses = () => h.logs.filter((l) => l.event === 'content_check_miss')

test('a clean chatroom message passes; a risky one reaches nobody (pass: 0); private chat too', async () => {
  const ok = await room(text('大家好'))
  expect(ok).toMatchObject({ delivered: true, because: 'pass', status: 200 })
  expect(JSON.parse(ok.body)).toEqual({ pass: 1 })
  const bad = await room(text('来赌博吧'))
  expect(bad).toMatchObject({ delivered: false, because: 'blocked' })
  expect(JSON.parse(bad.body)).toEqual({ pass: 0 })
  const dm = await h.callback.send({ fromUserId: alice.userId, targetId: bob.userId, msgType: 'RC:TxtMsg', content: text('forbidden stuff'), channelType: 'PERSON' })
  expect(dm.delivered).toBe(false)
  // checked for the sender's openid, scene 2 (comment) for the text
  expect(h.wechat.textChecks.find((c) => c.content === '来赌博吧')).toEqual({ openid: 'oAlice000000000000000000000001', scene: 2, content: '来赌博吧', version: 2 })
  expect(h.logs.filter((l) => l.event === 'message_blocked')).toHaveLength(2)
  // a doubtful message passes (and is logged)
  expect((await room(text('有点可疑'))).delivered).toBe(true)
  expect(h.logs.some((l) => l.event === 'content_check_review')).toBe(true)
})

test("the name riding on a message is checked too (scene 1), and presence signals' names; other signals and types pass unchecked", async () => {
  expect((await room(text('你好', '违禁词'))).delivered).toBe(false)
  expect(h.wechat.textChecks.some((c) => c.content === '违禁词' && c.scene === 1)).toBe(true)
  const presence = await h.callback.send({
    fromUserId: alice.userId,
    targetId: 'lobby',
    msgType: 'App:Signal',
    content: signal({ type: 'presence', state: 'online', profile: { id: alice.userId, name: '赌博' } }),
    channelType: 'TEMPGROUP',
  })
  expect(presence.delivered).toBe(false)
  const calls = h.wechat.textChecks.length
  for (const [msgType, content] of [
    ['App:Signal', signal({ type: 'mute', userId: bob.userId })],
    ['App:Signal', signal({ type: 'media-state', micOn: true, cameraOn: false })],
    ['RC:ImgMsg', { content: 'base64', imageUri: 'https://x/y.jpg' }],
  ] as const) {
    const res = await h.callback.send({ fromUserId: alice.userId, targetId: 'room-123456', msgType, content, channelType: 'TEMPGROUP' })
    expect(res).toMatchObject({ delivered: true, because: 'pass' })
  }
  expect(h.wechat.textChecks.length).toBe(calls)
})

test('a forged, missing, stale or replayed signature, or another App Key → 401 and nothing is checked', async () => {
  const message = { fromUserId: alice.userId, targetId: 'room-123456', msgType: 'RC:TxtMsg', content: text('来赌博吧'), channelType: 'TEMPGROUP' } as const
  const forged = await h.callback.send(message, { secret: 'not-our-secret' })
  expect(forged.status).toBe(401)
  expect(JSON.parse(forged.body).code).toBe('TOKEN_INVALID')
  expect((await h.callback.send(message, { unsigned: true })).status).toBe(401)
  expect((await h.callback.send(message, { timestamp: h.clock.now() - 10 * 60_000 })).status).toBe(401)
  expect((await h.callback.send(message, { appKey: 'another-app' })).status).toBe(401)
  expect(h.wechat.textChecks.filter((c) => c.content === '来赌博吧')).toHaveLength(0)
  // the same nonce and time twice: the second is a replay
  const first = await h.callback.send({ ...message, content: text('你好') }, { nonce: 'n-1', timestamp: h.clock.now() })
  expect(first.status).toBe(200)
  expect((await h.callback.send({ ...message, content: text('你好') }, { nonce: 'n-1', timestamp: h.clock.now() })).status).toBe(401)
  expect(h.logs.filter((l) => l.event === 'callback_refused').map((l) => l.problem)).toEqual(['mismatch', 'missing', 'stale', 'replayed'])
})

test('a JSON body is read like the form', async () => {
  const res = await h.callback.send({ fromUserId: alice.userId, targetId: 'room-1', msgType: 'RC:TxtMsg', content: text('赌博'), channelType: 'TEMPGROUP' }, { json: true })
  expect(res.delivered).toBe(false)
})

test('a slow checker: the answer still comes within the budget, well inside 3 s; the message passes; the miss is logged; the late verdict is cached', async () => {
  h.wechat.textCheckDelayMs = 2200
  const slow = await room(text('赌博慢慢来'))
  expect(slow).toMatchObject({ delivered: true, because: 'pass', status: 200 })
  expect(slow.elapsedMs).toBeLessThan(2500)
  expect(misses()).toEqual([expect.objectContaining({ reason: 'timeout', field: 'text', budgetMs: 1500, msgType: 'RC:TxtMsg', channelType: 'TEMPGROUP' })])
  // WeChat's late answer lands in the cache: the same text is blocked at once next time
  await new Promise((r) => setTimeout(r, 900))
  const calls = h.wechat.textChecks.length
  const again = await room(text('赌博慢慢来'))
  expect(again.delivered).toBe(false)
  expect(again.elapsedMs).toBeLessThan(500)
  expect(h.wechat.textChecks.length).toBe(calls)
})

test('WeChat failing: the message passes and the miss is logged with the errcode', async () => {
  h.wechat.textCheckFailWith = -1
  expect((await room(text('赌博'))).delivered).toBe(true)
  expect(misses()).toEqual([expect.objectContaining({ reason: 'error', errcode: -1 })])
})

test('verdicts are cached per text: the same greeting from many senders costs one call; concurrent ones share it', async () => {
  await Promise.all([room(text('晚上好')), room(text('晚上好'), bob.userId), room(text('晚上好'))])
  await room(text('晚上好'), bob.userId)
  expect(h.wechat.textChecks.filter((c) => c.content === '晚上好')).toHaveLength(1)
})

test('a sender id this server did not issue passes unchecked (logged): there is no openid to ask with', async () => {
  const other = new UserIdCipher(Buffer.from('another-secret-of-at-least-32-bytes!!')).encrypt('oX00000000000000000000000001')
  expect((await room(text('赌博'), other)).delivered).toBe(true)
  expect(misses()).toEqual([expect.objectContaining({ reason: 'unknown_sender' })])
})

test('bad bodies with a good signature → 400, never 5xx', async () => {
  const url = h.callback.url
  const sign = (nonce: string) => {
    const ts = String(h.clock.now())
    return `?nonce=${nonce}&signTimestamp=${ts}&signature=${createHash('sha1').update(`test-app-secret${nonce}${ts}`).digest('hex')}`
  }
  const bodies: [string, string][] = [
    ['application/x-www-form-urlencoded', ''],
    ['application/x-www-form-urlencoded', 'appKey=test-app-key'],
    ['application/json', '[1,2]'],
    ['application/json', '{"appKey": 5}'],
    ['application/json', '{bad'],
    ['text/plain', 'hello'],
  ]
  let i = 0
  for (const [type, body] of bodies) {
    const res = await fetch(url + sign(`bad-${i++}`), { method: 'POST', headers: { 'content-type': type }, body })
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
    const json = (await res.json()) as { code: string; message: string }
    expect(typeof json.code).toBe('string')
    expect(json.message).toMatch(/[\u4e00-\u9fff]/)
  }
  // over 256 KB
  const big = await call(h.urls[0], 'POST', `/v1/rongcloud/message-callback${sign('big')}`, { raw: 'a='.padEnd(300_000, 'x'), headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  expect(big.status).toBe(413)
})
