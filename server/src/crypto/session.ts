/**
 * The session: a bearer credential for every route but login. Only this server reads it, so it
 * is MACed (HMAC-SHA256, key derived from SERVER_SIGNING_KEY), not signed: every instance that
 * holds the same key accepts it, nothing is stored. It carries the profile the user logged in
 * with, so host claims can name the host without a database.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Clock } from '../clock'
import { readProfile } from '../profile'
import type { Profile } from '../profile'
import { fromBase64url, toBase64url } from './base64url'

export const SESSION_TTL_MS = 24 * 60 * 60 * 1000
const MAX_SESSION_CHARS = 2048

export interface Session {
  profile: Profile
  iat: number
  exp: number
}

export class SessionCodec {
  constructor(
    private readonly key: Buffer,
    private readonly clock: Clock,
    private readonly ttlMs = SESSION_TTL_MS,
  ) {}

  issue(profile: Profile): { session: string; exp: number } {
    const iat = this.clock.now()
    const exp = iat + this.ttlMs
    const body = toBase64url(JSON.stringify({ v: 1, kind: 'session', profile, iat, exp }))
    return { session: `${body}.${this.mac(body).toString('base64url')}`, exp }
  }

  verify(token: string): Session | null {
    if (token.length > MAX_SESSION_CHARS) return null
    const dot = token.indexOf('.')
    if (dot <= 0 || dot !== token.lastIndexOf('.')) return null
    const body = token.slice(0, dot)
    const mac = fromBase64url(token.slice(dot + 1))
    if (!mac || mac.length !== 32 || !timingSafeEqual(mac, this.mac(body))) return null
    const json = fromBase64url(body)
    if (!json) return null
    let v: Record<string, unknown>
    try {
      v = JSON.parse(json.toString('utf8'))
    } catch {
      return null
    }
    if (!v || v.v !== 1 || v.kind !== 'session' || typeof v.iat !== 'number' || typeof v.exp !== 'number') return null
    const profile = readProfile(v.profile)
    if (!profile || v.exp <= this.clock.now()) return null
    return { profile, iat: v.iat, exp: v.exp }
  }

  private mac(body: string): Buffer {
    return createHmac('sha256', this.key).update(body).digest()
  }
}
