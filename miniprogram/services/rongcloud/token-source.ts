/**
 * Where the RongCloud token for the person using the app comes from (config `tokenSource`).
 * The App Secret never appears in the mini-program: tokens are made by a server (or, for testing,
 * copied from the RongCloud console into config as dev tokens).
 *
 * ## Our server (`{ type: 'backend' }`, with `config.backend.url` set)
 *
 * The token comes with the login: `POST <backend.url>/v1/login` with a fresh wx.login code and the
 * profile → `{ userId, token, session, profile }` (server/README.md "HTTP API"; services/rongcloud/backend
 * makes the call, keeps the session, retries with a new code). `refresh` (RongCloud said the token
 * is invalid or expired) logs in again instead of reusing the stored login.
 *
 * ## Dev tokens (`{ type: 'dev-tokens', tokens: [{ userId, token }] }`)
 *
 * A fixed list; the app uses the entry whose userId is stored under DEV_TOKEN_CHOICE_KEY
 * (`wx.setStorageSync('rongcloud-dev-user', '<userId>')`, e.g. from the DevTools console so
 * two phones sign in as two people), otherwise the first. No server: rooms stay unsigned.
 */
import { AppError } from '../../core/errors'
import type { Profile } from '../../core/types'
import type { TokenSource } from '../../config-types'
import type { BackendService } from '../types'

export interface TokenGrant {
  userId: string
  token: string
}

export interface TokenProvider {
  /** `refresh`: the last token was rejected, ask for a new one */
  fetch(profile: Profile, options?: { refresh?: boolean }): Promise<TokenGrant>
}

/** The wx call the dev token list needs, so tests run without the real wx. */
export interface WxAuthApi {
  getStorage(key: string): unknown
}

export const DEV_TOKEN_CHOICE_KEY = 'rongcloud-dev-user'

export function wxAuthApi(): WxAuthApi {
  return { getStorage: (key) => wx.getStorageSync(key) }
}

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0

function backendSource(backend: BackendService | undefined): TokenProvider {
  return {
    async fetch(profile, options = {}) {
      if (!backend) throw new AppError('SERVICE_NOT_ENABLED', '未配置服务器：请在 miniprogram/config.ts 的 backend.url 中填写服务器地址')
      const input = profile.avatar ? { name: profile.name, avatar: profile.avatar } : { name: profile.name }
      const login = await backend.login(input, { fresh: options.refresh === true })
      return { userId: login.userId, token: login.token }
    },
  }
}

function devTokenSource(tokens: readonly TokenGrant[], api: WxAuthApi): TokenProvider {
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

/** `backend`: our server, for `{ type: 'backend' }` (services/rongcloud/backend). */
export function createTokenSource(source: TokenSource, api: WxAuthApi = wxAuthApi(), backend?: BackendService): TokenProvider {
  return source.type === 'backend' ? backendSource(backend) : devTokenSource(source.tokens, api)
}
