import type { Profile } from './core/types'

/**
 * Where the app gets a RongCloud token for the person using it:
 * - endpoint: our HTTPS server; POST { code } (the wx.login code) and { profile } → { userId, token }
 *   (exact request and response in README "Token server")
 * - dev-tokens: fixed tokens made in the RongCloud console, for testing on a few phones only
 */
export type TokenSource =
  | { type: 'endpoint'; url: string }
  | { type: 'dev-tokens'; tokens: { userId: string; token: string }[] }

export interface RongCloudConfig {
  appKey: string
  tokenSource: TokenSource
  /** RTC MediaServer for private cloud; default is the public one */
  mediaServer?: string
}

export interface AppConfig {
  rongcloud: RongCloudConfig
}

export type { Profile }
