/**
 * The signed documents clients must trust, and their strict readers. Every payload has v: 1,
 * kind and roomId; `exp` (ms since epoch) where it expires. Room documents also carry `since`,
 * the room's start (the RongCloud chatroom's createTime): it binds them to this incarnation of the
 * number, so a document from an earlier room with the same number never applies to a later one.
 */
import type { KeyObject } from 'node:crypto'
import { MAX_DOC_CHARS, openDocument, signDocument } from './crypto/signed-doc'
import { USER_ID_PATTERN } from './crypto/user-id'
import { ROOM_NUMBER } from './kv-keys'
import { readProfile } from './profile'
import type { Profile } from './profile'

export const CLAIM_TTL_MS = 90_000
export const MAX_GUESTS = 3
export const MAX_TITLE_CHARS = 30
/**
 * A listing's `viewers` is at most this: more than a chatroom ever holds, so a larger number can
 * only be a mistake, and a card never has to print one.
 */
export const MAX_VIEWERS = 10_000_000

export interface HostClaim {
  v: 1
  kind: 'host'
  roomId: string
  host: Profile
  since: number
  exp: number
  title?: string
}

export interface MuteList {
  v: 1
  kind: 'mutes'
  roomId: string
  since: number
  muted: string[]
  at: number
}

export interface GuestList {
  v: 1
  kind: 'guests'
  roomId: string
  since: number
  guests: Profile[]
  at: number
}

export interface Listing {
  v: 1
  kind: 'listing'
  roomId: string
  host: Profile
  title?: string
  since: number
  exp: number
  /**
   * People in the room other than its host, as of the listing's last renewal (up to one heartbeat,
   * 30 s, old); optional: a reader that does not know it ignores it, one that does rejects a bad one.
   */
  viewers?: number
}

export type Doc = HostClaim | MuteList | GuestList | Listing
export type Kind = Doc['kind']

/** A document and the exact signed string it came from. */
export interface Signed<T extends Doc> {
  doc: T
  token: string
}

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
const isTitle = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_TITLE_CHARS * 2
const isViewers = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= MAX_VIEWERS

function base(v: Record<string, unknown>, kind: Kind): boolean {
  return v.v === 1 && v.kind === kind && typeof v.roomId === 'string' && ROOM_NUMBER.test(v.roomId)
}

function readDoc(kind: Kind, raw: unknown): Doc | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null
  const v = raw as Record<string, unknown>
  if (!base(v, kind)) return null
  const roomId = v.roomId as string
  switch (kind) {
    case 'host':
    case 'listing': {
      const host = readProfile(v.host)
      if (!host || !isTime(v.since) || !isTime(v.exp) || (v.title !== undefined && !isTitle(v.title))) return null
      const doc = { v: 1, kind, roomId, host, since: v.since, exp: v.exp } as HostClaim | Listing
      if (v.title !== undefined) doc.title = v.title as string
      if (kind === 'listing' && v.viewers !== undefined) {
        if (!isViewers(v.viewers)) return null
        const listed = doc as Listing
        listed.viewers = v.viewers
      }
      return doc
    }
    case 'mutes': {
      if (!isTime(v.since) || !isTime(v.at) || !Array.isArray(v.muted)) return null
      if (!v.muted.every((id) => typeof id === 'string' && USER_ID_PATTERN.test(id))) return null
      return { v: 1, kind, roomId, since: v.since, muted: v.muted as string[], at: v.at }
    }
    case 'guests': {
      if (!isTime(v.since) || !isTime(v.at) || !Array.isArray(v.guests) || v.guests.length > MAX_GUESTS) return null
      const guests = v.guests.map(readProfile)
      if (guests.some((g) => g === null)) return null
      return { v: 1, kind, roomId, since: v.since, guests: guests as Profile[], at: v.at }
    }
  }
}

/** how many verified documents to remember (a full lobby is 100 listings) */
const VERIFIED_CACHE_SIZE = 2000

export class DocumentSigner {
  /** token → its payload, for tokens whose signature verified: each is checked once, not per read */
  private readonly verified = new Map<string, unknown>()

  constructor(
    private readonly privateKey: KeyObject,
    private readonly publicKey: KeyObject,
  ) {}

  private payloadOf(token: unknown): unknown {
    if (typeof token !== 'string') return null
    const cached = this.verified.get(token)
    if (cached !== undefined) return cached
    const payload = openDocument(this.publicKey, token)
    if (payload !== null) {
      if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value as string)
      this.verified.set(token, payload)
    }
    return payload
  }

  sign<T extends Doc>(doc: T): Signed<T> {
    const token = signDocument(this.privateKey, doc)
    return { doc, token }
  }

  /** Signs only if the result fits a chatroom KV value. */
  signFitting<T extends Doc>(doc: T): Signed<T> | null {
    const signed = this.sign(doc)
    return signed.token.length <= MAX_DOC_CHARS ? signed : null
  }

  /** A document of this kind, signed by this server, for this room; expiry is the caller's call. */
  open<K extends Kind>(kind: K, roomId: string, token: unknown): Signed<Extract<Doc, { kind: K }>> | null {
    const doc = readDoc(kind, this.payloadOf(token))
    if (!doc || doc.roomId !== roomId) return null
    return { doc: doc as Extract<Doc, { kind: K }>, token: token as string }
  }
}

export function hostClaim(roomId: string, host: Profile, since: number, exp: number, title?: string): HostClaim {
  const doc: HostClaim = { v: 1, kind: 'host', roomId, host, since, exp }
  if (title) doc.title = title
  return doc
}

/** The claim's listing; `viewers` as counted by the caller (viewersOf), left out when unknown. */
export function listing(claim: HostClaim, viewers?: number): Listing {
  const doc: Listing = { v: 1, kind: 'listing', roomId: claim.roomId, host: claim.host, since: claim.since, exp: claim.exp }
  if (claim.title) doc.title = claim.title
  if (viewers !== undefined && isViewers(viewers)) doc.viewers = viewers
  return doc
}

/**
 * How many watch a room, from its chatroom's member count (RongCloud's /chatroom/get.json
 * `memberCount`, which the heartbeat reads anyway): everyone but the host, so count − 1, never
 * below 0, at most MAX_VIEWERS; undefined when the count is not a number. An approximation: the
 * count lags (a member whose connection died stays in it until RongCloud evicts them, at least 30 s
 * offline and a new message later: https://docs.rongcloud.cn/platform-chat-api/chatroom/member/check-member),
 * and a host who is reconnecting may not be in it for a moment, so it can be one low then.
 */
export function viewersOf(memberCount: number): number | undefined {
  if (!Number.isFinite(memberCount)) return undefined
  return Math.min(MAX_VIEWERS, Math.max(0, Math.floor(memberCount) - 1))
}

export function muteList(roomId: string, since: number, muted: readonly string[], at: number): MuteList {
  return { v: 1, kind: 'mutes', roomId, since, muted: [...new Set(muted)].sort(), at }
}

export function guestList(roomId: string, since: number, guests: readonly Profile[], at: number): GuestList {
  return { v: 1, kind: 'guests', roomId, since, guests: [...guests], at }
}
