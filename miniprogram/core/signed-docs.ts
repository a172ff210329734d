/**
 * Documents signed by our server (or the demo network's backend), and the only door through which
 * the app may trust them. Format, as the server writes it (server/README.md "For the mini-program"):
 * `base64url(JSON payload) + "." + base64url(64-byte Ed25519 signature of the first part's ASCII)`.
 *
 * A document is accepted only if the signature verifies with the configured public key (raw 32
 * bytes, base64url), `v` is 1, kind and roomId are the ones asked for, it has not expired (`exp`
 * against the injected clock: give it the server's time, a phone's clock may be off), and for mute
 * and guest lists `since` equals the accepted host claim's `since` (a list of an earlier room with
 * the same number does not apply) and `at` is not older than the list already held (no replay).
 * Anything else is a Rejection and the caller keeps the last valid document.
 *
 * Verifying costs milliseconds without JIT (iOS): each signature is checked once and remembered
 * (bounded), and a lobby verifies only the listings it shows (firstValid).
 */
import { asciiBytes, decodeBase64url, decodeUtf8 } from './base64url'
import type { Ed25519 } from './ed25519'
import type { Profile } from './types'
import { decodeProfile } from './wire'

export const DOC_VERSION = 1
/** chatroom KV values hold at most 4096 characters; the server signs nothing longer */
export const MAX_DOC_CHARS = 4096
export const MAX_GUESTS = 3
/** a listing's `viewers` is at most this (server/src/documents.ts MAX_VIEWERS): more is a mistake */
export const MAX_VIEWERS = 10_000_000
const MAX_TITLE_LENGTH = 60
const ROOM_NUMBER = /^[1-9]\d{5}$/
const USER_ID = /^[A-Za-z0-9_-]{1,64}$/

export interface HostClaimDoc { v: 1; kind: 'host'; roomId: string; host: Profile; since: number; exp: number; title?: string }
export interface MuteListDoc { v: 1; kind: 'mutes'; roomId: string; since: number; muted: string[]; at: number }
export interface GuestListDoc { v: 1; kind: 'guests'; roomId: string; since: number; guests: Profile[]; at: number }
/** `viewers`: people in the room but the host when the listing was last renewed (≤ one heartbeat, 30 s, old) */
export interface ListingDoc { v: 1; kind: 'listing'; roomId: string; host: Profile; since: number; exp: number; title?: string; viewers?: number }
export type SignedDoc = HostClaimDoc | MuteListDoc | GuestListDoc | ListingDoc
export type DocKind = SignedDoc['kind']

export type Rejection =
  /** not a document of ours at all (format, JSON, fields) */
  | 'MALFORMED'
  | 'BAD_SIGNATURE'
  | 'WRONG_KIND'
  | 'WRONG_ROOM'
  | 'EXPIRED'
  /** a mute / guest list of another incarnation of the number (`since` differs from the claim's) */
  | 'OTHER_ROOM_START'
  /** a mute / guest list older than the one already accepted */
  | 'STALE'
  /**
   * this phone cannot verify (no BigInt: iOS < 14) and the document did not come straight from our
   * server; or no valid public key is configured
   */
  | 'UNSUPPORTED'

/** `token`: the exact signed string, to keep and present back to the server (heartbeat, X-Host-Claim). */
export type Opened<T> = { ok: true; doc: T; token: string } | { ok: false; reason: Rejection }

/**
 * Where a document came from. 'kv': chatroom KV, which any client can write: the signature is all
 * that counts. 'server': the answer of our own server over HTTPS, authenticated by TLS; verified like
 * any other where this phone can verify, and taken on TLS alone only where it cannot (no BigInt).
 */
export type DocSource = 'kv' | 'server'

export interface VerifierOptions {
  /** the server's public key: raw 32-byte Ed25519, base64url (43 characters) */
  publicKey: string
  /** ms since epoch, ideally the server's clock (BackendService.now) */
  now: () => number
  /**
   * The implementation, given: core loads no npm package (the services' subpackages carry @noble,
   * loaded on the first check: services/noble-ed25519.ts). null: this phone cannot verify (no BigInt).
   */
  ed25519: Ed25519 | null
  /** signatures remembered (default 512: a full lobby of 100 listings plus rooms, with room to spare) */
  cacheSize?: number
}

/** RFC 8032 section 7.1, TEST 1 (the empty message), base64url: only for warmUp. */
const RFC8032_TEST_1 = {
  publicKey: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
  signature: '5VZDAMNgrHKQhuLMgG6CioSHfx645dl02HPgZSJJAVVfuIIVkKM7rMYeOXAc-bRr0lv18FlbviRlUUFDjnoQCw',
}

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
const isTitle = (v: unknown): boolean => v === undefined || (typeof v === 'string' && v.length > 0 && v.length <= MAX_TITLE_LENGTH)
const isViewers = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= MAX_VIEWERS

/** The payload's fields for `kind`, strictly; null when anything is off. Exported for tests. */
export function readPayload(kind: DocKind, v: Json): SignedDoc | null {
  if (v.v !== DOC_VERSION || v.kind !== kind || typeof v.roomId !== 'string' || !ROOM_NUMBER.test(v.roomId) || !isTime(v.since)) return null
  const base = { v: DOC_VERSION, roomId: v.roomId, since: v.since } as const
  switch (kind) {
    case 'host':
    case 'listing': {
      const host = decodeProfile(v.host)
      if (!host || !isTime(v.exp) || !isTitle(v.title)) return null
      const doc = { ...base, kind, host, exp: v.exp } as HostClaimDoc | ListingDoc
      if (typeof v.title === 'string') doc.title = v.title
      // optional (listings of servers before it have none), but when present a sane count or no listing
      if (kind === 'listing' && v.viewers !== undefined) {
        if (!isViewers(v.viewers)) return null
        const listing = doc as ListingDoc
        listing.viewers = v.viewers
      }
      return doc
    }
    case 'mutes': {
      if (!isTime(v.at) || !Array.isArray(v.muted) || !v.muted.every((id) => typeof id === 'string' && USER_ID.test(id))) return null
      return { ...base, kind, muted: v.muted.slice() as string[], at: v.at }
    }
    case 'guests': {
      if (!isTime(v.at) || !Array.isArray(v.guests) || v.guests.length > MAX_GUESTS) return null
      const guests = v.guests.map((g) => decodeProfile(g))
      if (guests.some((g) => g === null)) return null
      return { ...base, kind, guests: guests as Profile[], at: v.at }
    }
  }
}

/** The two parts of a token, or null when it is not shaped like one (no verification). */
function split(token: unknown): { body: string; signature: string } | null {
  if (typeof token !== 'string' || token.length > MAX_DOC_CHARS) return null
  const dot = token.indexOf('.')
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return null
  return { body: token.slice(0, dot), signature: token.slice(dot + 1) }
}

/** The JSON object inside a token, WITHOUT checking its signature: for ordering and logs only. */
export function peekPayload(token: unknown): Json | null {
  const parts = split(token)
  const bytes = parts ? decodeBase64url(parts.body) : null
  const text = bytes ? decodeUtf8(bytes) : null
  if (text === null) return null
  try {
    const value: unknown = JSON.parse(text)
    return isObject(value) ? value : null
  } catch {
    return null
  }
}

export class DocumentVerifier {
  private readonly key: Uint8Array | null
  private readonly ed: Ed25519 | null
  /** signature → the body it verified for (true) or failed for (false); keyed by signature, checked against the body */
  private readonly cache = new Map<string, { body: string; valid: boolean }>()
  private readonly cacheSize: number
  /** how many signatures were actually checked (not answered from the cache), for tests and the bench */
  verifications = 0

  constructor(private readonly options: VerifierOptions) {
    const key = decodeBase64url(options.publicKey.trim())
    this.key = key && key.length === 32 ? key : null
    this.ed = options.ed25519
    this.cacheSize = Math.max(1, options.cacheSize ?? 512)
  }

  /** False where this phone cannot check signatures (no BigInt) or no valid public key is configured. */
  get canVerify(): boolean {
    return this.ed !== null && this.key !== null
  }

  /**
   * Pays the first verification's cost now (loading @noble and its one-time precomputation: about
   * 45 ms without JIT, more than the 8 checks a lobby's first frame needs): call it while waiting
   * on the network (signing in), so that the first lobby does not pay it before its first frame.
   * Verifies RFC 8032's first test vector; true when this phone can verify at all.
   */
  warmUp(): boolean {
    if (!this.canVerify || !this.ed) return false
    const vector = RFC8032_TEST_1
    return this.ed.verify(decodeBase64url(vector.signature) as Uint8Array, new Uint8Array(0), decodeBase64url(vector.publicKey) as Uint8Array)
  }

  hostClaim(token: unknown, expect: { roomId: string }, source: DocSource = 'kv'): Opened<HostClaimDoc> {
    const opened = this.open('host', token, expect.roomId, source)
    if (opened.ok && opened.doc.exp <= this.options.now()) return { ok: false, reason: 'EXPIRED' }
    return opened
  }

  listing(token: unknown, expect: { roomId: string }, source: DocSource = 'kv'): Opened<ListingDoc> {
    const opened = this.open('listing', token, expect.roomId, source)
    if (opened.ok && opened.doc.exp <= this.options.now()) return { ok: false, reason: 'EXPIRED' }
    return opened
  }

  /** `current`: the list already held, if any; an older one is STALE. */
  muteList(token: unknown, expect: { claim: HostClaimDoc; current?: MuteListDoc | null }, source: DocSource = 'kv'): Opened<MuteListDoc> {
    return this.list('mutes', token, expect.claim, expect.current ?? null, source)
  }

  guestList(token: unknown, expect: { claim: HostClaimDoc; current?: GuestListDoc | null }, source: DocSource = 'kv'): Opened<GuestListDoc> {
    return this.list('guests', token, expect.claim, expect.current ?? null, source)
  }

  /**
   * The newest valid listings, at most `count`, checking signatures only until that many are found
   * (newest first by their unverified `since`): a lobby of 100 rooms verifies what it shows.
   * `entries`: room number → listing token (the lobby's `sig-room-<roomId>` entries, or the
   * server's list keyed by each payload's roomId).
   */
  firstValid(entries: Iterable<[string, string]>, count: number, source: DocSource = 'kv'): ListingDoc[] {
    const candidates: { roomId: string; token: string; since: number }[] = []
    for (const [roomId, token] of entries) {
      const since = peekPayload(token)?.since
      candidates.push({ roomId, token, since: typeof since === 'number' ? since : -1 })
    }
    candidates.sort((a, b) => b.since - a.since || (a.roomId < b.roomId ? -1 : 1))
    const found: ListingDoc[] = []
    for (const c of candidates) {
      if (found.length >= count) break
      const opened = this.listing(c.token, { roomId: c.roomId }, source)
      if (opened.ok) found.push(opened.doc)
    }
    return found
  }

  private list<K extends 'mutes' | 'guests'>(
    kind: K,
    token: unknown,
    claim: HostClaimDoc,
    current: Extract<SignedDoc, { kind: K }> | null,
    source: DocSource,
  ): Opened<Extract<SignedDoc, { kind: K }>> {
    const opened = this.open(kind, token, claim.roomId, source)
    if (!opened.ok) return opened
    const doc: MuteListDoc | GuestListDoc = opened.doc
    if (doc.since !== claim.since) return { ok: false, reason: 'OTHER_ROOM_START' }
    const held: MuteListDoc | GuestListDoc | null = current
    if (held && doc.at < held.at) return { ok: false, reason: 'STALE' }
    return opened
  }

  private open<K extends DocKind>(kind: K, token: unknown, roomId: string, source: DocSource): Opened<Extract<SignedDoc, { kind: K }>> {
    const parts = split(token)
    if (!parts) return { ok: false, reason: 'MALFORMED' }
    const payload = peekPayload(token)
    if (!payload) return { ok: false, reason: 'MALFORMED' }
    // the cheap checks first: a document for something else costs no signature check
    if (payload.kind !== kind) return { ok: false, reason: 'WRONG_KIND' }
    if (payload.roomId !== roomId) return { ok: false, reason: 'WRONG_ROOM' }
    if (!this.signatureValid(parts.body, parts.signature, source)) return { ok: false, reason: this.canVerify ? 'BAD_SIGNATURE' : 'UNSUPPORTED' }
    const doc = readPayload(kind, payload)
    if (!doc) return { ok: false, reason: 'MALFORMED' }
    return { ok: true, doc: doc as Extract<SignedDoc, { kind: K }>, token: token as string }
  }

  private signatureValid(body: string, signature: string, source: DocSource): boolean {
    if (!this.ed || !this.key) return source === 'server' && this.ed === null
    const cached = this.cache.get(signature)
    if (cached && cached.body === body) return cached.valid
    const sig = decodeBase64url(signature)
    this.verifications++
    const valid = sig !== null && sig.length === 64 && this.ed.verify(sig, asciiBytes(body), this.key)
    if (this.cache.size >= this.cacheSize) this.cache.delete(this.cache.keys().next().value as string)
    this.cache.set(signature, { body, valid })
    return valid
  }
}

export function createDocumentVerifier(options: VerifierOptions): DocumentVerifier {
  return new DocumentVerifier(options)
}
