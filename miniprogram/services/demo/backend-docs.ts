/**
 * The demo backend's signed documents, byte for byte in the server's format and field order
 * (server/src/documents.ts, server/src/crypto/signed-doc.ts): base64url(JSON) "." base64url(Ed25519
 * signature of the first part's ASCII), signed with the demo key (services/demo-key.ts) by @noble/ed25519
 * (this subpackage's copy: ./ed25519.ts), which runs inside the mini-program too (no node:crypto).
 */
import { asciiBytes, decodeBase64url, encodeBase64url, encodeUtf8 } from '../../core/base64url'
import { AppError } from '../../core/errors'
import { MAX_VIEWERS, type GuestListDoc, type HostClaimDoc, type ListingDoc, type MuteListDoc, type SignedDoc } from '../../core/signed-docs'
import type { Profile } from '../../core/types'
import { DEMO_SECRET_KEY } from '../demo-key'
import { ed25519 } from './ed25519'

export const CLAIM_TTL_MS = 90_000
export const SESSION_TTL_MS = 24 * 60 * 60 * 1000

const secret = decodeBase64url(DEMO_SECRET_KEY) as Uint8Array

/** Signs `payload`; SERVICE_NOT_ENABLED where this phone has no BigInt (services/noble-ed25519.ts). */
export function signDoc(payload: object): string {
  const ed = ed25519
  if (!ed) throw new AppError('SERVICE_NOT_ENABLED', '当前系统版本过低（需 iOS 14 或以上），无法使用演示服务器')
  const body = encodeBase64url(encodeUtf8(JSON.stringify(payload)))
  return `${body}.${encodeBase64url(ed.sign(asciiBytes(body), secret))}`
}

/** The demo's session: the server's shape (a payload with `exp`), sealed with the demo key instead of a MAC. */
export function sessionToken(profile: Profile, iat: number): string {
  return signDoc({ v: 1, kind: 'session', profile, iat, exp: iat + SESSION_TTL_MS })
}

export function hostClaim(roomId: string, host: Profile, since: number, exp: number, title?: string): HostClaimDoc {
  const doc: HostClaimDoc = { v: 1, kind: 'host', roomId, host, since, exp }
  if (title) doc.title = title
  return doc
}

export function listingOf(claim: HostClaimDoc, viewers?: number): ListingDoc {
  const doc: ListingDoc = { v: 1, kind: 'listing', roomId: claim.roomId, host: claim.host, since: claim.since, exp: claim.exp }
  if (claim.title) doc.title = claim.title
  if (viewers !== undefined) doc.viewers = viewers
  return doc
}

/**
 * How many watch, as the server counts them (server/src/documents.ts viewersOf): the room
 * chatroom's members but one for the host, never below 0. The members are RongCloud's, dropped
 * ones not yet evicted included (chatroom-lifetime.ts), so the figure lags as the real one does.
 */
export function viewersOf(memberCount: number): number {
  return Math.min(MAX_VIEWERS, Math.max(0, memberCount - 1))
}

export function muteList(roomId: string, since: number, muted: readonly string[], at: number): MuteListDoc {
  return { v: 1, kind: 'mutes', roomId, since, muted: Array.from(new Set(muted)).sort(), at }
}

export function guestList(roomId: string, since: number, guests: readonly Profile[], at: number): GuestListDoc {
  return { v: 1, kind: 'guests', roomId, since, guests: guests.slice(), at }
}

/** A document and the exact signed string it became. */
export interface Signed<T extends SignedDoc> {
  doc: T
  token: string
}

export function signed<T extends SignedDoc>(doc: T): Signed<T> {
  return { doc, token: signDoc(doc) }
}
