/**
 * Where the RongCloud token for the person using the app comes from (config `tokenSource`).
 * The App Secret never appears in the mini-program: tokens are made by a server (or, for testing,
 * copied from the RongCloud console into config as dev tokens).
 *
 * ## Token server contract (`{ type: 'endpoint', url }`)
 *
 * Request: `POST <url>`, header `content-type: application/json`, body
 * ```json
 * { "code": "<wx.login code>", "profile": { "name": "小明", "avatar": "https://…" } }
 * ```
 * (`avatar` may be absent). The server exchanges `code` with WeChat (`jscode2session`) for the
 * openid, derives a stable RongCloud user id from it, and calls RongCloud's `/user/getToken.json`
 * with the App Secret, passing name and avatar.
 *
 * Response `200`:
 * ```json
 * { "userId": "<RongCloud user id>", "token": "<RongCloud token>" }
 * ```
 * Any other status is an error: `401` / `403` mean "this login is refused" (the app shows
 * TOKEN_INVALID); everything else (and a network failure) is shown as NETWORK and retried.
 * The token is fetched again (once) when RongCloud says it is invalid or expired.
 *
 * ## Dev tokens (`{ type: 'dev-tokens', tokens: [{ userId, token }] }`)
 *
 * A fixed list; the app uses the entry whose userId is stored under DEV_TOKEN_CHOICE_KEY
 * (`wx.setStorageSync('rongcloud-dev-user', '<userId>')`, e.g. from the DevTools console so
 * two phones sign in as two people), otherwise the first.
 */
import { AppError } from '../../core/errors'
import type { Profile } from '../../core/types'
import type { TokenSource } from '../../config-types'

export interface TokenGrant {
  userId: string
  token: string
}

export interface TokenProvider {
  /** `refresh`: the last token was rejected, ask for a new one */
  fetch(profile: Profile, options?: { refresh?: boolean }): Promise<TokenGrant>
}

/** The few wx calls a token source needs, so tests run without the real wx. */
export interface WxAuthApi {
  /** resolves the login code; rejects with the wx errMsg */
  login(): Promise<string>
  post(url: string, body: Record<string, unknown>): Promise<{ statusCode: number; data: unknown }>
  getStorage(key: string): unknown
}

export const DEV_TOKEN_CHOICE_KEY = 'rongcloud-dev-user'
const REQUEST_TIMEOUT_MS = 10_000

export function wxAuthApi(): WxAuthApi {
  return {
    login: () =>
      new Promise((resolve, reject) => {
        wx.login({
          timeout: REQUEST_TIMEOUT_MS,
          success: (res) => resolve(res.code),
          fail: (err) => reject(new Error(err.errMsg)),
        })
      }),
    post: (url, body) =>
      new Promise((resolve, reject) => {
        wx.request({
          url,
          method: 'POST',
          data: body,
          header: { 'content-type': 'application/json' },
          timeout: REQUEST_TIMEOUT_MS,
          success: (res) => resolve({ statusCode: res.statusCode, data: res.data }),
          fail: (err) => reject(new Error(err.errMsg)),
        })
      }),
    getStorage: (key) => wx.getStorageSync(key),
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0

function parseGrant(data: unknown): TokenGrant | null {
  let body: unknown = data
  if (typeof data === 'string') {
    try {
      body = JSON.parse(data)
    } catch {
      return null
    }
  }
  if (!isRecord(body) || !nonEmpty(body.userId) || !nonEmpty(body.token)) return null
  return { userId: body.userId, token: body.token }
}

function endpointSource(url: string, api: WxAuthApi): TokenProvider {
  return {
    async fetch(profile) {
      if (!nonEmpty(url)) {
        throw new AppError('SERVICE_NOT_ENABLED', '未配置登录服务器：请在 miniprogram/config.ts 的 tokenSource 中填写 url')
      }
      let code: string
      try {
        code = await api.login()
      } catch {
        throw new AppError('NETWORK', '微信登录失败，请检查网络后重试')
      }
      const body = { code, profile: profile.avatar ? { name: profile.name, avatar: profile.avatar } : { name: profile.name } }
      let res: { statusCode: number; data: unknown }
      try {
        res = await api.post(url, body)
      } catch {
        throw new AppError('NETWORK', '无法连接登录服务器，请检查网络后重试')
      }
      if (res.statusCode === 401 || res.statusCode === 403) {
        throw new AppError('TOKEN_INVALID', '登录服务器拒绝了这次登录，请重新进入小程序')
      }
      if (res.statusCode < 200 || res.statusCode >= 300) {
        throw new AppError('NETWORK', `登录服务器暂时不可用（HTTP ${res.statusCode}），请稍后再试`)
      }
      const grant = parseGrant(res.data)
      if (!grant) throw new AppError('NETWORK', '登录服务器返回的数据无法识别，请联系管理员')
      return grant
    },
  }
}

function devTokenSource(tokens: readonly TokenGrant[], api: Pick<WxAuthApi, 'getStorage'>): TokenProvider {
  return {
    async fetch() {
      const usable = tokens.filter((t) => nonEmpty(t.userId) && nonEmpty(t.token))
      if (!usable.length) {
        throw new AppError('SERVICE_NOT_ENABLED', '未配置开发用 Token：请在 miniprogram/config.ts 的 tokenSource.tokens 中填写')
      }
      let choice: unknown
      try {
        choice = api.getStorage(DEV_TOKEN_CHOICE_KEY)
      } catch {
        choice = undefined
      }
      const picked = usable.find((t) => t.userId === choice) ?? usable[0]
      return { userId: picked.userId, token: picked.token }
    },
  }
}

export function createTokenSource(source: TokenSource, api: WxAuthApi = wxAuthApi()): TokenProvider {
  return source.type === 'endpoint' ? endpointSource(source.url, api) : devTokenSource(source.tokens, api)
}
