/**
 * WeChat's server APIs that the backend calls, in memory behind a real HTTP server on 127.0.0.1:
 * - jscode2session: a code works once (then 40163, "code been used"), is valid 5 minutes
 *   ("有效期五分钟", https://developers.weixin.qq.com/miniprogram/dev/api/wx.login.html),
 *   an unknown or expired code is 40029; a wrong appid / secret is 40013 / 40125; errors come
 *   with HTTP 200 and an errcode in the body
 *   (https://developers.weixin.qq.com/minigame/en/dev/api-backend/open-api/login/auth.code2Session.html).
 * - stable_token: POST JSON; the same token while valid (expires_in ≤ 7200 s)
 *   (https://developers.weixin.qq.com/minigame/dev/api-backend/open-api/access-token/auth.getStableAccessToken.html).
 *   `rotateToken()` plays someone forcing a refresh: the old token then answers 40001 everywhere;
 *   `expireToken()` makes it answer 42001 (expired).
 * - msg_sec_check v2 (https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/sec-center/sec-check/msgSecCheck.html):
 *   POST JSON with the token in the query; version must be 2, scene 1-4 (40129 otherwise), content
 *   1-2500 characters, and the openid must have logged in (jscode2session) within the last two
 *   hours ("用户需在近两小时访问过小程序"; 40003 otherwise). A small word list decides `risky` /
 *   `review`; `textCheckDelayMs` makes it slow, `textCheckFailWith` makes it answer an errcode.
 * - media_check_async v2 (https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/sec-center/sec-check/mediaCheckAsync.html):
 *   answers a trace_id at once, then later downloads media_url and pushes the verdict
 *   (Event wxa_media_check, result.suggest) to `pushUrl`, signed with the push Token and, with
 *   `pushAesKey`, encrypted (safe mode) — as the message-push doc describes
 *   (https://developers.weixin.qq.com/miniprogram/dev/framework/server-ability/message-push.html).
 *   Unkind like the real one: when it cannot download the URL it still pushes `pass` (reported by
 *   developers: https://developers.weixin.qq.com/community/minihome/doc/0004eef4544c8897e892e837f61800,
 *   "即使传一个错误的/或者不存在的文件URL地址 … 异步返回也是pass"), and a push that is not
 *   answered `success` is retried (3 tries in all).
 * - getwxacodeunlimit (https://developers.weixin.qq.com/miniprogram/dev/server/API/qrcode-link/qr-code/api_getunlimitedqrcode):
 *   scene of 1-32 characters of the allowed set (40169 otherwise), page without a leading `/` or a
 *   query, and with check_path true the page must be published (41030); success is a PNG image,
 *   an error is JSON. Every request is recorded.
 */
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import { encryptPush, pushSignature } from '../../src/upstream/wechat-push'
import { makePng } from '../support/images'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

const CODE_TTL_MS = 5 * 60 * 1000
const VISIT_WINDOW_MS = 2 * 3600_000
const QR_SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/

/** the fake's word list: text containing one of these is `risky` (label 20001) */
export const RISKY_WORDS = ['违禁词', '赌博', 'forbidden']
/** … and these make it `review` (label 21000) */
export const REVIEW_WORDS = ['可疑']

export type FakeSuggest = 'pass' | 'review' | 'risky'

export interface MediaCheck {
  traceId: string
  url: string
  openid: string
  scene: number
  downloaded: boolean
  verdict: FakeSuggest | null
  /** HTTP status and body of the push answers, one per try */
  pushAnswers: { status: number; body: string }[]
}

export interface QrRequest {
  scene: unknown
  page: unknown
  check_path: unknown
  env_version: unknown
  width: unknown
}

export class FakeWeChat {
  readonly calls: { path: string; at: number }[] = []
  /** code → the user it logs in and whether it was used */
  private readonly codes = new Map<string, { openid: string; issuedAt: number; used: boolean }>()
  private token: { value: string; until: number } | null = null
  /** tokens that were valid once: 40001 (rotated away) or 42001 (expired) */
  private readonly oldTokens = new Map<string, number>()
  /** openid → when it last logged in (jscode2session) */
  private readonly visits = new Map<string, number>()
  /** answer jscode2session with this errcode instead (e.g. 45011, -1), while set */
  failWith: number | null = null
  /** delay every answer by this many ms */
  delayMs = 0
  /** extra delay of msg_sec_check answers */
  textCheckDelayMs = 0
  /** msg_sec_check answers this errcode, while set */
  textCheckFailWith: number | null = null
  readonly textChecks: { openid: unknown; scene: unknown; content: unknown; version: unknown }[] = []
  /** media checks: their verdict from the downloaded bytes (null: the download failed) */
  mediaVerdict: (bytes: Buffer | null) => FakeSuggest = () => 'pass'
  readonly mediaChecks: MediaCheck[] = []
  /** WeChat cannot reach the media URL (a wrong PUBLIC_URL, a firewall) */
  blockDownloads = false
  /** how long after the request WeChat downloads and pushes (real time, ms) */
  mediaCheckDelayMs = 10
  /** the message-push URL, Token and EncodingAESKey key configured in the console */
  pushUrl: string | null = null
  pushToken = ''
  pushAesKey: Buffer | null = null
  /** getwxacodeunlimit */
  readonly qrRequests: QrRequest[] = []
  qrFailWith: number | null = null
  qrContentType = 'image/png'
  publishedPages = new Set<string>(['pages/lobby/lobby'])
  private readonly background = new Set<Promise<void>>()
  private server: Server | null = null
  private readonly sockets = new Set<Socket>()
  private seq = 0

  constructor(
    readonly appId: string,
    readonly appSecret: string,
    public now: () => number = () => Date.now(),
  ) {}

  /** What wx.login gives a phone: a fresh code for this openid. */
  issueCode(openid: string): string {
    const code = `c${++this.seq}${randomBytes(8).toString('hex')}`
    this.codes.set(code, { openid, issuedAt: this.now(), used: false })
    return code
  }

  get url(): string {
    const addr = this.server?.address() as AddressInfo | null
    if (!addr) throw new Error('not listening')
    return `http://127.0.0.1:${addr.port}`
  }

  async listen(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res))
    this.server.on('connection', (s) => {
      this.sockets.add(s)
      s.on('close', () => this.sockets.delete(s))
    })
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    return this
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()))
    this.server = null
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs))
    const url = new URL(req.url ?? '/', 'http://x')
    this.calls.push({ path: url.pathname, at: this.now() })
    const send = (body: object) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    if (url.pathname === '/sns/jscode2session' && req.method === 'GET') return send(this.code2Session(url.searchParams))
    let json: Record<string, unknown> | null = null
    if (req.method === 'POST') {
      try {
        const v: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'))
        json = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null
      } catch {
        json = null
      }
    }
    if (url.pathname === '/cgi-bin/stable_token' && req.method === 'POST') {
      if (!json) return send({ errcode: 47001, errmsg: 'data format error' })
      return send(this.stableToken(json))
    }
    const tokenApis = ['/wxa/msg_sec_check', '/wxa/media_check_async', '/wxa/getwxacodeunlimit']
    if (tokenApis.includes(url.pathname)) {
      if (req.method !== 'POST') return send({ errcode: 43002, errmsg: 'require POST method' })
      const tokenError = this.checkToken(url.searchParams.get('access_token'))
      if (tokenError) return send(tokenError)
      if (!json) return send({ errcode: 47001, errmsg: 'data format error' })
      if (url.pathname === '/wxa/msg_sec_check') {
        if (this.textCheckDelayMs) await new Promise((r) => setTimeout(r, this.textCheckDelayMs))
        return send(this.msgSecCheck(json))
      }
      if (url.pathname === '/wxa/media_check_async') return send(this.mediaCheckAsync(json))
      const qr = this.qrCode(json)
      if (Buffer.isBuffer(qr)) {
        res.writeHead(200, { 'Content-Type': this.qrContentType, 'Content-Length': qr.length })
        return void res.end(qr)
      }
      return send(qr)
    }
    res.writeHead(404)
    res.end()
  }

  private code2Session(q: URLSearchParams): object {
    if (q.get('appid') !== this.appId) return { errcode: 40013, errmsg: 'invalid appid' }
    if (q.get('secret') !== this.appSecret) return { errcode: 40125, errmsg: 'invalid appsecret' }
    if (q.get('grant_type') !== 'authorization_code') return { errcode: 40002, errmsg: 'invalid grant_type' }
    if (this.failWith !== null) return { errcode: this.failWith, errmsg: 'injected' }
    const entry = this.codes.get(q.get('js_code') ?? '')
    if (!entry || this.now() - entry.issuedAt > CODE_TTL_MS) return { errcode: 40029, errmsg: 'invalid code' }
    if (entry.used) return { errcode: 40163, errmsg: 'code been used' }
    entry.used = true
    this.visits.set(entry.openid, this.now())
    return { openid: entry.openid, session_key: randomBytes(16).toString('base64') }
  }

  /** Someone forced a refresh (force_refresh, or a leaked secret reset): the old token is 40001. */
  rotateToken(): void {
    if (this.token) this.oldTokens.set(this.token.value, 40001)
    this.token = null
  }

  /** The token expired: using it answers 42001. */
  expireToken(): void {
    if (this.token) this.oldTokens.set(this.token.value, 42001)
    this.token = null
  }

  private checkToken(value: string | null): object | null {
    if (value && this.token && value === this.token.value && this.token.until > this.now()) return null
    const old = value ? this.oldTokens.get(value) : undefined
    if (old === 42001 || (value && this.token?.value === value)) return { errcode: 42001, errmsg: 'access_token expired' }
    return { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' }
  }

  private visitedRecently(openid: unknown): boolean {
    const at = typeof openid === 'string' ? this.visits.get(openid) : undefined
    return at !== undefined && this.now() - at <= VISIT_WINDOW_MS
  }

  /** Let an openid count as having visited (tests of the callback without a login). */
  visit(openid: string): void {
    this.visits.set(openid, this.now())
  }

  private msgSecCheck(body: Record<string, unknown>): object {
    this.textChecks.push({ openid: body.openid, scene: body.scene, content: body.content, version: body.version })
    if (this.textCheckFailWith !== null) return { errcode: this.textCheckFailWith, errmsg: 'injected' }
    if (body.version !== 2) return { errcode: 40097, errmsg: 'invalid args' }
    if (![1, 2, 3, 4].includes(body.scene as number)) return { errcode: 40129, errmsg: 'invalid scene' }
    if (!this.visitedRecently(body.openid)) return { errcode: 40003, errmsg: 'invalid openid' }
    const content = body.content
    if (typeof content !== 'string' || content.length === 0) return { errcode: 44002, errmsg: 'empty content' }
    if (content.length > 2500) return { errcode: 47001, errmsg: 'data format error' }
    const risky = RISKY_WORDS.find((w) => content.includes(w))
    const review = REVIEW_WORDS.find((w) => content.includes(w))
    const suggest: FakeSuggest = risky ? 'risky' : review ? 'review' : 'pass'
    const label = risky ? 20001 : review ? 21000 : 100
    return {
      errcode: 0,
      errmsg: 'ok',
      trace_id: `${Date.now().toString(16)}-${randomBytes(4).toString('hex')}`,
      result: { suggest, label },
      detail: [{ strategy: 'content_model', errcode: 0, suggest, label, prob: 90 }, { strategy: 'keyword', errcode: 0, suggest, label, keyword: risky ?? review }],
    }
  }

  private mediaCheckAsync(body: Record<string, unknown>): object {
    if (body.version !== 2 || body.media_type !== 2) return { errcode: 40097, errmsg: 'invalid args' }
    if (![1, 2, 3, 4].includes(body.scene as number)) return { errcode: 40129, errmsg: 'invalid scene' }
    if (!this.visitedRecently(body.openid)) return { errcode: 40003, errmsg: 'invalid openid' }
    if (typeof body.media_url !== 'string' || !/^https?:\/\//.test(body.media_url)) return { errcode: 40097, errmsg: 'invalid media_url' }
    const check: MediaCheck = {
      traceId: `${Date.now().toString(16)}-${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`,
      url: body.media_url,
      openid: body.openid as string,
      scene: body.scene as number,
      downloaded: false,
      verdict: null,
      pushAnswers: [],
    }
    this.mediaChecks.push(check)
    const job = this.runMediaCheck(check).finally(() => this.background.delete(job))
    this.background.add(job)
    return { errcode: 0, errmsg: 'ok', trace_id: check.traceId }
  }

  private async runMediaCheck(check: MediaCheck): Promise<void> {
    await new Promise((r) => setTimeout(r, this.mediaCheckDelayMs))
    let bytes: Buffer | null = null
    try {
      if (!this.blockDownloads) {
        const res = await fetch(check.url)
        if (res.status === 200) bytes = Buffer.from(await res.arrayBuffer())
      }
    } catch {
      bytes = null
    }
    check.downloaded = bytes !== null
    // what developers report: an image that cannot be downloaded still comes back `pass`
    check.verdict = bytes ? this.mediaVerdict(bytes) : 'pass'
    const label = check.verdict === 'risky' ? 20002 : check.verdict === 'review' ? 21000 : 100
    const event = {
      ToUserName: 'gh_fake0000000',
      FromUserName: check.openid,
      CreateTime: Math.floor(this.now() / 1000),
      MsgType: 'event',
      Event: 'wxa_media_check',
      appid: this.appId,
      trace_id: check.traceId,
      version: 2,
      detail: [{ strategy: 'content_model', errcode: 0, suggest: check.verdict, label, prob: 90 }],
      errcode: 0,
      errmsg: 'ok',
      result: { suggest: check.verdict, label },
    }
    for (let attempt = 0; attempt < 3 && this.pushUrl; attempt++) {
      const answer = await this.push(event)
      check.pushAnswers.push(answer)
      if (answer.status === 200 && (answer.body === 'success' || answer.body === '')) break
    }
  }

  /** One signed (and, with pushAesKey, encrypted) push to pushUrl, as WeChat sends it. */
  async push(event: object, options: { forgeSignature?: boolean } = {}): Promise<{ status: number; body: string }> {
    if (!this.pushUrl) throw new Error('no pushUrl')
    const timestamp = String(Math.floor(this.now() / 1000))
    const nonce = String(Math.floor(Math.random() * 1e9))
    const query = new URLSearchParams({ signature: pushSignature([this.pushToken, timestamp, nonce]), timestamp, nonce })
    let body = JSON.stringify(event)
    if (this.pushAesKey) {
      const encrypt = encryptPush(this.pushAesKey, body, this.appId)
      query.set('encrypt_type', 'aes')
      query.set('msg_signature', pushSignature([this.pushToken, timestamp, nonce, encrypt]))
      body = JSON.stringify({ ToUserName: 'gh_fake0000000', Encrypt: encrypt })
    }
    if (options.forgeSignature) query.set('signature', '0'.repeat(40))
    try {
      const res = await fetch(`${this.pushUrl}?${query}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })
      return { status: res.status, body: await res.text() }
    } catch (e) {
      return { status: 0, body: String(e) }
    }
  }

  /** Resolves when every media check has downloaded and pushed. */
  async settled(): Promise<void> {
    while (this.background.size) await Promise.all([...this.background])
  }

  private qrCode(body: Record<string, unknown>): Buffer | object {
    this.qrRequests.push({ scene: body.scene, page: body.page, check_path: body.check_path, env_version: body.env_version, width: body.width })
    if (this.qrFailWith !== null) return { errcode: this.qrFailWith, errmsg: 'injected' }
    if (typeof body.scene !== 'string' || !QR_SCENE.test(body.scene)) return { errcode: 40169, errmsg: 'invalid length for scene, or the data is not json string' }
    const page = body.page ?? 'pages/index/index'
    if (typeof page !== 'string' || page.startsWith('/') || page.includes('?')) return { errcode: 41030, errmsg: 'invalid page' }
    if (body.check_path !== false && !this.publishedPages.has(page)) return { errcode: 41030, errmsg: 'invalid page' }
    const env = body.env_version ?? 'release'
    if (env !== 'release' && env !== 'trial' && env !== 'develop') return { errcode: 40097, errmsg: 'invalid args' }
    // a small real PNG that says what it encodes
    return makePng(32, 32, { text: { scene: body.scene, page } })
  }

  private stableToken(body: Record<string, unknown>): object {
    if (body.grant_type !== 'client_credential') return { errcode: 40002, errmsg: 'invalid grant_type' }
    if (body.appid !== this.appId || body.secret !== this.appSecret) return { errcode: 40125, errmsg: 'invalid appsecret' }
    const now = this.now()
    if (!this.token || this.token.until <= now || body.force_refresh === true) {
      this.token = { value: `at-${++this.seq}-${randomBytes(6).toString('hex')}`, until: now + 7200_000 }
    }
    return { access_token: this.token.value, expires_in: Math.floor((this.token.until - now) / 1000) }
  }
}
