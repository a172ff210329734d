/**
 * WeChat's server APIs. jscode2session is called exactly once per login code: a code is single-use
 * (40163 "code been used"), so a timeout is never retried here — the mini-program calls wx.login
 * again (https://developers.weixin.qq.com/miniprogram/dev/api/wx.login.html).
 * The access token comes from getStableAccessToken: instances do not invalidate each other's
 * tokens, so a per-instance cache is safe (https://developers.weixin.qq.com/minigame/dev/api-backend/open-api/access-token/auth.getStableAccessToken.html).
 * It is for the content-safety and QR-code routes, which are not built yet.
 */
import type { Clock } from '../clock'
import type { Trace, UpstreamHttp } from './http'

export class WeChatError extends Error {
  constructor(
    readonly api: string,
    readonly errcode: number,
    errmsg: string,
  ) {
    super(`WeChat ${api}: ${errcode} ${errmsg}`)
    this.name = 'WeChatError'
  }
}

export const WX = {
  BUSY: -1,
  INVALID_CODE: 40029,
  CODE_USED: 40163,
  MINUTE_QUOTA: 45011,
  CODE_BLOCKED: 40226,
} as const

export interface WeChatOptions {
  appId: string
  appSecret: string
  baseUrl: string
  http: UpstreamHttp
  clock: Clock
}

/** a stable token is refreshed this long before it expires (WeChat rotates it 5 min early) */
const TOKEN_MARGIN_MS = 5 * 60 * 1000

function parseBody(api: string, text: string): Record<string, unknown> {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new WeChatError(api, WX.BUSY, 'response is not JSON')
  }
  if (!body || typeof body !== 'object') throw new WeChatError(api, WX.BUSY, 'response is not an object')
  const v = body as Record<string, unknown>
  if (typeof v.errcode === 'number' && v.errcode !== 0) throw new WeChatError(api, v.errcode, String(v.errmsg ?? ''))
  return v
}

export class WeChatClient {
  private token: { value: string; refreshAt: number } | null = null
  private pending: Promise<string> | null = null

  constructor(private readonly options: WeChatOptions) {}

  /** openid for a wx.login code; the session_key is dropped here and never leaves the server. */
  async code2Session(code: string, trace?: Trace): Promise<{ openid: string; unionid?: string }> {
    const q = new URLSearchParams({
      appid: this.options.appId,
      secret: this.options.appSecret,
      js_code: code,
      grant_type: 'authorization_code',
    })
    const res = await this.options.http.request('GET', `${this.options.baseUrl}/sns/jscode2session?${q}`, {}, undefined, trace)
    if (res.status !== 200) throw new WeChatError('jscode2session', WX.BUSY, `HTTP ${res.status}`)
    const body = parseBody('jscode2session', res.text)
    if (typeof body.openid !== 'string' || !body.openid) throw new WeChatError('jscode2session', WX.BUSY, 'no openid')
    return typeof body.unionid === 'string' ? { openid: body.openid, unionid: body.unionid } : { openid: body.openid }
  }

  /** A valid access token: cached, refreshed early, one refresh at a time. */
  async accessToken(trace?: Trace): Promise<string> {
    if (this.token && this.options.clock.now() < this.token.refreshAt) return this.token.value
    if (!this.pending) {
      this.pending = this.fetchStableToken(trace).finally(() => {
        this.pending = null
      })
    }
    return this.pending
  }

  /** After an API answered 40001/42001 with our token: forget it, the next call fetches another. */
  dropAccessToken(): void {
    this.token = null
  }

  private async fetchStableToken(trace?: Trace): Promise<string> {
    const res = await this.options.http.request(
      'POST',
      `${this.options.baseUrl}/cgi-bin/stable_token`,
      { 'Content-Type': 'application/json' },
      JSON.stringify({ grant_type: 'client_credential', appid: this.options.appId, secret: this.options.appSecret, force_refresh: false }),
      trace,
    )
    if (res.status !== 200) throw new WeChatError('stable_token', WX.BUSY, `HTTP ${res.status}`)
    const body = parseBody('stable_token', res.text)
    const expiresIn = Number(body.expires_in)
    if (typeof body.access_token !== 'string' || !(expiresIn > 0)) throw new WeChatError('stable_token', WX.BUSY, 'no token')
    this.token = {
      value: body.access_token,
      refreshAt: this.options.clock.now() + Math.max(expiresIn * 1000 - TOKEN_MARGIN_MS, expiresIn * 500),
    }
    return body.access_token
  }
}
