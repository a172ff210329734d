import type { Profile } from './core/types'

/**
 * Where the app gets a RongCloud token for the person using it:
 * - backend: our server (`backend.url`, server/): the token comes with POST /v1/login (wx.login code +
 *   profile → { userId, token, session, profile }); rooms are signed documents the app verifies
 * - dev-tokens: fixed tokens made in the RongCloud console, for testing on a few phones only; no
 *   server, so rooms stay unsigned (anyone's client could rewrite them) and the app says so
 */
export type TokenSource =
  | { type: 'backend' }
  | { type: 'dev-tokens'; tokens: { userId: string; token: string }[] }

export interface RongCloudConfig {
  appKey: string
  tokenSource: TokenSource
  /** RTC MediaServer for private cloud; default is the public one */
  mediaServer?: string
}

/** Our server (server/README.md). */
export interface BackendConfig {
  /** its https base URL, e.g. https://live.example.com ('' = no server) */
  url: string
  /** its Ed25519 public key: raw 32 bytes, base64url (43 characters), as `npm run server:keygen` prints it */
  publicKey: string
}

export interface AppConfig {
  rongcloud: RongCloudConfig
  /** absent or an empty url: no server of ours (demo mode brings its own) */
  backend?: BackendConfig
}

export type { Profile }
