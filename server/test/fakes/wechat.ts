/**
 * WeChat's server APIs that the backend calls, in memory behind a real HTTP server on 127.0.0.1:
 * - jscode2session: a code works once (then 40163, "code been used"), is valid 5 minutes
 *   ("有效期五分钟", https://developers.weixin.qq.com/miniprogram/dev/api/wx.login.html),
 *   an unknown or expired code is 40029; a wrong appid / secret is 40013 / 40125; errors come
 *   with HTTP 200 and an errcode in the body
 *   (https://developers.weixin.qq.com/minigame/en/dev/api-backend/open-api/login/auth.code2Session.html).
 * - stable_token: POST JSON; the same token while valid (expires_in ≤ 7200 s)
 *   (https://developers.weixin.qq.com/minigame/dev/api-backend/open-api/access-token/auth.getStableAccessToken.html).
 */
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

const CODE_TTL_MS = 5 * 60 * 1000

export class FakeWeChat {
  readonly calls: { path: string; at: number }[] = []
  /** code → the user it logs in and whether it was used */
  private readonly codes = new Map<string, { openid: string; issuedAt: number; used: boolean }>()
  private token: { value: string; until: number } | null = null
  /** answer jscode2session with this errcode instead (e.g. 45011, -1), while set */
  failWith: number | null = null
  /** delay every answer by this many ms */
  delayMs = 0
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
    if (url.pathname === '/cgi-bin/stable_token' && req.method === 'POST') {
      let body: Record<string, unknown>
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
      } catch {
        return send({ errcode: 47001, errmsg: 'data format error' })
      }
      return send(this.stableToken(body))
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
    return { openid: entry.openid, session_key: randomBytes(16).toString('base64') }
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
