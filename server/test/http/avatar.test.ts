/**
 * POST /v1/avatar → mediaCheckAsync v2 → WeChat downloads the signed URL and pushes its verdict →
 * GET /v1/avatars/:file. WeChat is the fake on loopback; it really downloads and really pushes.
 */
import { createHash } from 'node:crypto'
import { cleanImage } from '../../src/media/image'
import { pushSignature } from '../../src/upstream/wechat-push'
import { call, login, startHarness } from '../support/harness'
import type { Harness, HarnessOptions, LoggedIn } from '../support/harness'
import { makeJpeg, makePng, pngSize } from '../support/images'

async function upload(url: string, session: string | null, body: Buffer, type = 'image/png') {
  const headers: Record<string, string> = { 'content-type': type }
  if (session) headers.authorization = `Bearer ${session}`
  const res = await fetch(`${url}/v1/avatar`, { method: 'POST', headers, body })
  return { status: res.status, body: (await res.json()) as { avatar?: string; status?: string; code?: string; message?: string } }
}

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers })
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) }
}

function multipart(file: Buffer, type: string): { body: Buffer; type: string } {
  const boundary = '----WeChatFormBoundary7MA4YWxk'
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="tmp_1.jpg"\r\nContent-Type: ${type}\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  return { body, type: `multipart/form-data; boundary=${boundary}` }
}

const fileOf = (avatar: string) => avatar.slice(avatar.lastIndexOf('/') + 1)

describe('avatars in a directory', () => {
  let h: Harness
  let me: LoggedIn
  const start = async (options: HarnessOptions = {}) => {
    h = await startHarness({ avatars: true, captureLogs: true, ...options })
    me = await login(h, 'oAvatar00000000000000000000001', '小明')
  }
  afterEach(() => h.close())

  test('accepted: pending (404, not cached) until WeChat downloads and passes it, then served immutable; metadata gone', async () => {
    await start()
    const png = makePng(200, 200, { text: { GPS: '31.23,121.47' } })
    const res = await upload(h.urls[0], me.session, png)
    expect(res.status).toBe(200)
    expect(res.body.status).toBe('pending')
    const expected = cleanImage(png).bytes
    const hash = createHash('sha256').update(expected).digest('hex')
    expect(res.body.avatar).toBe(`${h.env.PUBLIC_URL}/v1/avatars/${hash}.png`)
    const before = await get(res.body.avatar!)
    expect(before.status).toBe(404)
    expect(before.headers.get('cache-control')).toBe('no-store')

    await h.wechat.settled()
    const check = h.wechat.mediaChecks[0]
    expect(check).toMatchObject({ openid: 'oAvatar00000000000000000000001', scene: 1, downloaded: true, verdict: 'pass' })
    expect(check.url).toContain('/v1/avatar-checks/')
    expect(check.pushAnswers.at(-1)).toEqual({ status: 200, body: 'success' })

    const after = await get(res.body.avatar!)
    expect(after.status).toBe(200)
    expect(after.headers.get('content-type')).toBe('image/png')
    expect(after.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(after.bytes.equals(expected)).toBe(true)
    expect(after.bytes.includes(Buffer.from('121.47'))).toBe(false)
    const etag = after.headers.get('etag')!
    expect((await get(res.body.avatar!, { 'if-none-match': etag })).status).toBe(304)
    // the check URL is WeChat's alone: tampered or expired, it serves nothing
    expect((await get(check.url.replace(/s=[^&]+/, 's=AAAA'))).status).toBe(404)
    h.clock.advance(2 * 3600_000)
    expect((await get(check.url)).status).toBe(404)

    // the same picture again: approved at once, no second check
    const again = await upload(h.urls[0], me.session, png)
    expect(again.body).toEqual({ avatar: res.body.avatar, status: 'approved' })
    expect(h.wechat.mediaChecks).toHaveLength(1)
    // the profile takes our URL, not someone else's
    const me2 = await login(h, 'oAvatar00000000000000000000001', '小明')
    expect((await call(h.urls[0], 'PUT', '/v1/profile', { session: me2.session, body: { name: '小明', avatar: res.body.avatar } })).status).toBe(200)
    const foreign = await call(h.urls[0], 'PUT', '/v1/profile', { session: me2.session, body: { name: '小明', avatar: 'https://evil.example/a.png' } })
    expect(foreign.status).toBe(400)
    expect(foreign.body.code).toBe('BAD_REQUEST')
  })

  test('rejected by the check (risky or review): never served, and the same bytes are refused at once next time', async () => {
    await start()
    h.wechat.mediaVerdict = (bytes) => (bytes && pngSize(bytes)?.width === 66 ? 'risky' : bytes && pngSize(bytes)?.width === 77 ? 'review' : 'pass')
    for (const width of [66, 77]) {
      const png = makePng(width, 100)
      const res = await upload(h.urls[0], me.session, png)
      expect(res.body.status).toBe('pending')
      await h.wechat.settled()
      expect((await get(res.body.avatar!)).status).toBe(404)
      const again = await upload(h.urls[0], me.session, png)
      expect(again.status).toBe(422)
      expect(again.body).toEqual({ code: 'CONTENT_REJECTED', message: '头像未通过安全检查，请换一张' })
    }
    expect(h.logs.filter((l) => l.event === 'avatar_rejected')).toHaveLength(2)
  })

  test('a `pass` for an image WeChat never downloaded is not trusted', async () => {
    await start()
    h.wechat.blockDownloads = true
    const res = await upload(h.urls[0], me.session, makePng(90, 90))
    await h.wechat.settled()
    expect(h.wechat.mediaChecks[0]).toMatchObject({ downloaded: false, verdict: 'pass' })
    expect((await get(res.body.avatar!)).status).toBe(404)
    expect(h.logs.some((l) => l.event === 'avatar_unverified')).toBe(true)
  })

  test('JPEG through multipart (wx.uploadFile): Exif with GPS removed, orientation kept', async () => {
    await start()
    const jpeg = makeJpeg(300, 400, { orientation: 6, comment: 'at home' })
    const { body, type } = multipart(jpeg, 'image/jpeg')
    const res = await upload(h.urls[0], me.session, body, type)
    expect(res.status).toBe(200)
    expect(res.body.avatar).toMatch(/\.jpg$/)
    await h.wechat.settled()
    const served = await get(res.body.avatar!)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/jpeg')
    expect(served.bytes.includes(Buffer.from('at home'))).toBe(false)
    expect(served.bytes.includes(Buffer.from([0x25, 0x88]))).toBe(false) // the GPS IFD tag
    expect(served.bytes.equals(cleanImage(jpeg).bytes)).toBe(true)
  })

  test('bad uploads: too large 413, wrong type, bad magic bytes, mismatched or odd dimensions 400 INVALID_IMAGE, no session 401', async () => {
    await start()
    const big = Buffer.concat([makePng(100, 100), Buffer.alloc(1024 * 1024)])
    expect(await upload(h.urls[0], me.session, big)).toMatchObject({ status: 413, body: { code: 'TOO_LARGE' } })
    const bigPart = multipart(Buffer.concat([makePng(100, 100), Buffer.alloc(1024 * 1024 - 10)]), 'image/png')
    expect((await upload(h.urls[0], me.session, bigPart.body, bigPart.type)).body.code).toBe('TOO_LARGE')
    const cases: [Buffer, string, string][] = [
      [Buffer.from('GIF89a\x01\x00\x01\x00'), 'image/gif', 'INVALID_IMAGE'],
      [Buffer.from('hello'), 'text/plain', 'INVALID_IMAGE'],
      [Buffer.from('{"a":1}'), 'application/json', 'INVALID_IMAGE'],
      [Buffer.from('<svg/>'), 'image/png', 'INVALID_IMAGE'], // a PNG header on something else
      [makeJpeg(100, 100), 'image/png', 'INVALID_IMAGE'], // JPEG bytes declared as PNG
      [makePng(100, 100).subarray(0, 60), 'image/png', 'INVALID_IMAGE'], // truncated
      [makePng(8, 8), 'image/png', 'INVALID_IMAGE'], // too small
      [makeJpeg(5000, 100), 'image/jpeg', 'INVALID_IMAGE'], // too wide
      [Buffer.alloc(0), 'image/png', 'INVALID_IMAGE'],
      [Buffer.from('--x\r\nno part'), 'multipart/form-data; boundary=x', 'BAD_REQUEST'],
    ]
    for (const [bytes, type, code] of cases) {
      const res = await upload(h.urls[0], me.session, bytes, type)
      expect(res.status).toBe(400)
      expect(res.body.code).toBe(code)
      expect(res.body.message).toMatch(/[\u4e00-\u9fff]/)
    }
    expect((await upload(h.urls[0], null, makePng(100, 100))).status).toBe(401)
    expect(h.wechat.mediaChecks).toHaveLength(0)
    // public routes: odd names are 404, never 5xx
    for (const name of ['a.png', '..%2F..%2Fetc%2Fpasswd', `${'a'.repeat(64)}.gif`, `${'A'.repeat(64)}.png`, 'x'.repeat(90)]) {
      expect((await get(`${h.urls[0]}/v1/avatars/${name}`)).status).toBe(404)
      expect((await get(`${h.urls[0]}/v1/avatar-checks/${name}?e=1&s=x`)).status).toBe(404)
    }
  })

  test("WeChat's message push: URL check, forged signatures refused, unknown traces ignored", async () => {
    await start()
    const ts = String(Math.floor(h.clock.now() / 1000))
    const sig = pushSignature([h.env.WECHAT_PUSH_TOKEN, ts, '7'])
    const ok = await fetch(`${h.urls[0]}/v1/wechat/message-push?signature=${sig}&timestamp=${ts}&nonce=7&echostr=hello123`)
    expect(ok.status).toBe(200)
    expect(await ok.text()).toBe('hello123')
    expect((await fetch(`${h.urls[0]}/v1/wechat/message-push?signature=${'0'.repeat(40)}&timestamp=${ts}&nonce=7&echostr=x`)).status).toBe(401)
    const event = { MsgType: 'event', Event: 'wxa_media_check', trace_id: 'nope', version: 2, result: { suggest: 'pass', label: 100 } }
    expect(await h.wechat.push(event, { forgeSignature: true })).toMatchObject({ status: 401 })
    expect(await h.wechat.push(event)).toEqual({ status: 200, body: 'success' })
    expect(h.logs.some((l) => l.event === 'avatar_verdict_unknown')).toBe(true)
    expect((await h.wechat.push({ MsgType: 'event', Event: 'something_else' })).body).toBe('success')
    const bad = await fetch(`${h.urls[0]}/v1/wechat/message-push?signature=${sig}&timestamp=${ts}&nonce=7`, { method: 'POST', body: '<xml></xml>' })
    expect(bad.status).toBe(400)
  })

  test('safe mode: encrypted pushes are decrypted; a plaintext push is refused', async () => {
    await start({ encryptedPush: true })
    const res = await upload(h.urls[0], me.session, makePng(120, 120))
    await h.wechat.settled()
    expect((await get(res.body.avatar!)).status).toBe(200)
    h.wechat.pushAesKey = null
    const plain = await h.wechat.push({ MsgType: 'event', Event: 'wxa_media_check', trace_id: 'x', result: { suggest: 'pass' } })
    expect(plain.status).toBe(400)
  })

  test('two instances share the directory: uploaded on one, verdict pushed to the other, served by both', async () => {
    await start({ instances: 2, pushTo: 1 })
    const res = await upload(h.urls[0], me.session, makePng(150, 150, { shade: 9 }))
    await h.wechat.settled()
    expect(h.wechat.pushUrl).toContain(h.urls[1])
    const file = fileOf(res.body.avatar!)
    for (const url of h.urls) expect((await get(`${url}/v1/avatars/${file}`)).status).toBe(200)
  })

  test('without PUBLIC_URL and a push Token, uploads are off: 503 SERVICE_NOT_ENABLED, and there is nothing to serve', async () => {
    h = await startHarness()
    me = await login(h, 'oAvatar00000000000000000000001', '小明')
    const res = await upload(h.urls[0], me.session, makePng(100, 100))
    expect(res.status).toBe(503)
    expect(res.body.code).toBe('SERVICE_NOT_ENABLED')
    expect((await get(`${h.urls[0]}/v1/avatars/${'a'.repeat(64)}.png`)).status).toBe(404)
    // any https avatar URL is still taken then (development)
    expect((await call(h.urls[0], 'PUT', '/v1/profile', { session: me.session, body: { name: '小明', avatar: 'https://a.example/p.png' } })).status).toBe(200)
  })
})

describe('avatars in an S3 bucket', () => {
  let h: Harness
  afterEach(() => h.close())

  test('signed requests; two instances share the bucket; the bucket holds the approved image', async () => {
    h = await startHarness({ avatars: true, s3: true, instances: 2, pushTo: 1 })
    const me = await login(h, 'oS3000000000000000000000000001', '小明')
    const png = makePng(180, 180, { shade: 3 })
    const res = await upload(h.urls[0], me.session, png)
    expect(res.status).toBe(200)
    await h.wechat.settled()
    const file = fileOf(res.body.avatar!)
    for (const url of h.urls) {
      const served = await get(`${url}/v1/avatars/${file}`)
      expect(served.status).toBe(200)
      expect(served.bytes.equals(cleanImage(png).bytes)).toBe(true)
    }
    expect(h.s3!.objects.get(`avatars/${file}`)?.contentType).toBe('image/png')
    expect(h.s3!.objects.has(`pending/${file}`)).toBe(false)
    expect(h.s3!.requests.every((r) => r.status < 400 || r.status === 404)).toBe(true)
  })

  test('a bucket that refuses us (wrong secret): 502 NETWORK, not 500', async () => {
    h = await startHarness({ avatars: true, s3: true, env: { S3_SECRET_KEY: 'wrong-secret' } })
    const me = await login(h, 'oS3000000000000000000000000002', '小明')
    const res = await upload(h.urls[0], me.session, makePng(100, 100))
    expect(res.status).toBe(502)
    expect(res.body.code).toBe('NETWORK')
    expect(h.s3!.requests.some((r) => r.status === 403)).toBe(true)
  })
})
