/**
 * WeChat's server APIs. jscode2session is called exactly once per login code: a code is single-use
 * (40163 "code been used"), so a timeout is never retried here — the mini-program calls wx.login
 * again (https://developers.weixin.qq.com/miniprogram/dev/api/wx.login.html).
 * The access token comes from getStableAccessToken: instances do not invalidate each other's
 * tokens, so a per-instance cache is safe (https://developers.weixin.qq.com/minigame/dev/api-backend/open-api/access-token/auth.getStableAccessToken.html).
 * The token-bearing APIs (content safety, QR codes) get one retry with a fresh token when WeChat
 * answers 40001 / 42001 (token invalid / expired), e.g. after someone forced a refresh.
 */
import type { Clock } from '../clock'
import type { Trace, UpstreamHttp, UpstreamResponse } from './http'

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
  TOKEN_INVALID: 40001,
  TOKEN_EXPIRED: 42001,
} as const

/** msgSecCheck v2 / mediaCheckAsync v2 scenes (https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/sec-center/sec-check/msgSecCheck.html) */
export const SCENE = { PROFILE: 1, COMMENT: 2, FORUM: 3, SOCIAL_LOG: 4 } as const
export type Scene = (typeof SCENE)[keyof typeof SCENE]

/** WeChat's verdict: `risky` is a violation, `review` a doubt (it asks for a person to look), `pass` clean. */
export type Suggest = 'pass' | 'review' | 'risky'

export interface TextVerdict {
  suggest: Suggest
  label: number
  traceId: string
}

export interface QrCodeOptions {
  scene: string
  page: string
  checkPath: boolean
  envVersion: 'release' | 'trial' | 'develop'
  width?: number
}

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

function errcodeOf(text: string): number | null {
  try {
    const v = JSON.parse(text) as { errcode?: unknown }
    return typeof v?.errcode === 'number' ? v.errcode : null
  } catch {
    return null
  }
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

  /**
   * POST JSON to a token-bearing API. A 40001 / 42001 answer drops the cached token and the call
   * is made once more with a fresh one. Returns the raw response (QR codes answer with an image).
   */
  private async postWithToken(path: string, body: object, trace?: Trace): Promise<UpstreamResponse> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken(trace)
      const res = await this.options.http.request(
        'POST',
        `${this.options.baseUrl}${path}?access_token=${encodeURIComponent(token)}`,
        { 'Content-Type': 'application/json' },
        JSON.stringify(body),
        trace,
      )
      if (attempt === 0 && res.contentType.includes('json')) {
        const errcode = errcodeOf(res.text)
        if (errcode === WX.TOKEN_INVALID || errcode === WX.TOKEN_EXPIRED) {
          if (this.token?.value === token) this.token = null
          continue
        }
      }
      return res
    }
  }

  /**
   * Text security check v2 for one user's text (https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/sec-center/sec-check/msgSecCheck.html):
   * needs the author's openid (who visited the mini-program in the last two hours), content ≤ 2500
   * characters. Throws WeChatError when WeChat answers with an error code.
   */
  async msgSecCheck(openid: string, scene: Scene, content: string, trace?: Trace): Promise<TextVerdict> {
    const res = await this.postWithToken('/wxa/msg_sec_check', { version: 2, openid, scene, content }, trace)
    if (res.status !== 200) throw new WeChatError('msg_sec_check', WX.BUSY, `HTTP ${res.status}`)
    const body = parseBody('msg_sec_check', res.text)
    const result = body.result as Record<string, unknown> | undefined
    const suggest = result?.suggest
    if (suggest !== 'pass' && suggest !== 'review' && suggest !== 'risky') throw new WeChatError('msg_sec_check', WX.BUSY, 'no verdict')
    return { suggest, label: Number(result?.label ?? 0), traceId: String(body.trace_id ?? '') }
  }

  /**
   * Media check v2 (https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/sec-center/sec-check/mediaCheckAsync.html):
   * asynchronous only — WeChat downloads `mediaUrl` and pushes the verdict (event wxa_media_check,
   * matched by trace_id) to the message-push URL within 30 minutes. Returns the trace_id.
   */
  async mediaCheckAsync(mediaUrl: string, openid: string, scene: Scene, trace?: Trace): Promise<string> {
    const res = await this.postWithToken('/wxa/media_check_async', { media_url: mediaUrl, media_type: 2, version: 2, openid, scene }, trace)
    if (res.status !== 200) throw new WeChatError('media_check_async', WX.BUSY, `HTTP ${res.status}`)
    const body = parseBody('media_check_async', res.text)
    if (typeof body.trace_id !== 'string' || !body.trace_id) throw new WeChatError('media_check_async', WX.BUSY, 'no trace_id')
    return body.trace_id
  }

  /**
   * An unlimited mini-program code (https://developers.weixin.qq.com/miniprogram/dev/server/API/qrcode-link/qr-code/api_getunlimitedqrcode):
   * success is the image itself, failure a JSON body with errcode — told apart by Content-Type.
   */
  async unlimitedQrCode(options: QrCodeOptions, trace?: Trace): Promise<{ contentType: string; bytes: Buffer }> {
    const res = await this.postWithToken(
      '/wxa/getwxacodeunlimit',
      { scene: options.scene, page: options.page, check_path: options.checkPath, env_version: options.envVersion, width: options.width ?? 430 },
      trace,
    )
    if (res.status !== 200) throw new WeChatError('getwxacodeunlimit', WX.BUSY, `HTTP ${res.status}`)
    const type = res.contentType.split(';')[0].trim().toLowerCase()
    if (type === 'image/png' || type === 'image/jpeg') return { contentType: type, bytes: res.bytes }
    parseBody('getwxacodeunlimit', res.text) // throws the errcode
    throw new WeChatError('getwxacodeunlimit', WX.BUSY, `unexpected answer ${type || 'without a type'}`)
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
