/**
 * The wire format of our own signals and room attributes, and a strict decoder: whatever arrives
 * from the network that is malformed, unknown or oversized decodes to null. Nothing here throws on
 * input.
 */
import { cleanName, isUserId, MAX_AVATAR_CHARS } from './profile'
import { titleOrNone } from './room-title'
import type { Profile } from './types'

export const WIRE_VERSION = 1
/** Bigger than any signal we send; anything larger is not ours. */
export const MAX_WIRE_CHARS = 2048
/** Taps one like signal may carry: a second's worth of a fast thumb, with room to spare. */
export const MAX_LIKES_PER_SIGNAL = 100

export type HostPauseReason = 'background' | 'call'

export type Signal =
  | { type: 'mute'; userId: string }
  | { type: 'unmute'; userId: string }
  | { type: 'room-ended' }
  | { type: 'presence'; state: 'online' | 'offline' | 'here'; profile: Profile }
  | { type: 'media-state'; micOn: boolean; cameraOn: boolean }
  | { type: 'host-paused'; paused: boolean; reason?: HostPauseReason }
  /** a viewer's taps on the heart since their last like signal (at most one a second) */
  | { type: 'like'; count: number }
  // co-guests (连麦): requests go from the audience to the host, answers and the list from the host
  /** an audience member asks to join the host on camera; `profile` is the sender's own */
  | { type: 'mic-request'; profile: Profile }
  /** ... and takes the request back */
  | { type: 'mic-cancel' }
  /** the host said no to `userId`'s request */
  | { type: 'mic-rejected'; userId: string }
  /** the host's guest list now (without a backend; with one only the signed document counts) */
  | { type: 'guests'; guests: Profile[] }
  /** a guest steps down (or leaves the room): the host takes them off the list */
  | { type: 'mic-leave' }
  /** a guest's app is hidden or in a call (as host-paused, for a guest's tile) */
  | { type: 'guest-paused'; paused: boolean; reason?: HostPauseReason }

export type SignalType = Signal['type']

/** Signals only the room's recorded host may send; from anyone else they are ignored. */
export const HOST_ONLY_SIGNALS: ReadonlySet<SignalType> = new Set<SignalType>([
  'mute',
  'unmute',
  'room-ended',
  'media-state',
  'host-paused',
  'mic-rejected',
  'guests',
])

/** Signals that count only from someone on the guest list (core/room-protocol.ts acceptSignal). */
export const GUEST_ONLY_SIGNALS: ReadonlySet<SignalType> = new Set<SignalType>(['mic-leave', 'guest-paused'])

/** At most this many guests are on camera with the host. */
export const MAX_GUESTS = 3

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
/** a user id as core/profile.ts isUserId says: 1–64 printable ASCII characters */
const isId = isUserId
const isBool = (v: unknown): v is boolean => typeof v === 'boolean'
const isCount = (v: unknown, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max

/** A string or an object parsed from JSON, within the size limit; anything else → null. */
function parseJson(raw: unknown): Json | null {
  if (typeof raw === 'string') {
    if (raw.length > MAX_WIRE_CHARS) return null
    try {
      const value: unknown = JSON.parse(raw)
      return isObject(value) ? value : null
    } catch {
      return null
    }
  }
  if (!isObject(raw)) return null
  try {
    const text = JSON.stringify(raw)
    return text.length > MAX_WIRE_CHARS ? null : (JSON.parse(text) as Json)
  } catch {
    return null // cycles, BigInt
  }
}

/**
 * A profile from anywhere (signals, room attributes, message senders): the id must be a user id and
 * the name passes core/profile.ts cleanName (bidi, zero-width and control characters removed, then
 * 1–20 characters), which is the name the app shows.
 */
export function decodeProfile(raw: unknown): Profile | null {
  const v = typeof raw === 'string' || isObject(raw) ? parseJson(raw) : null
  if (!v || !isId(v.id)) return null
  const name = cleanName(v.name)
  if (name === null) return null
  if (v.avatar !== undefined && (typeof v.avatar !== 'string' || v.avatar.length > MAX_AVATAR_CHARS)) return null
  return v.avatar ? { id: v.id, name, avatar: v.avatar } : { id: v.id, name }
}

export function encodeProfile(profile: Profile): string {
  return JSON.stringify(profile.avatar ? { id: profile.id, name: profile.name, avatar: profile.avatar } : { id: profile.id, name: profile.name })
}

export function encodeSignal(signal: Signal): string {
  return JSON.stringify({ v: WIRE_VERSION, ...signal })
}

export function decodeSignal(raw: unknown): Signal | null {
  const v = parseJson(raw)
  if (!v || v.v !== WIRE_VERSION) return null
  switch (v.type) {
    case 'mute':
    case 'unmute':
      return isId(v.userId) ? { type: v.type, userId: v.userId } : null
    case 'room-ended':
      return { type: 'room-ended' }
    case 'presence': {
      const profile = decodeProfile(v.profile)
      const ok = v.state === 'online' || v.state === 'offline' || v.state === 'here'
      return ok && profile ? { type: 'presence', state: v.state as 'online' | 'offline' | 'here', profile } : null
    }
    case 'media-state':
      return isBool(v.micOn) && isBool(v.cameraOn) ? { type: 'media-state', micOn: v.micOn, cameraOn: v.cameraOn } : null
    case 'host-paused':
    case 'guest-paused': {
      if (!isBool(v.paused)) return null
      if (v.reason === undefined) return { type: v.type, paused: v.paused }
      return v.reason === 'background' || v.reason === 'call' ? { type: v.type, paused: v.paused, reason: v.reason } : null
    }
    case 'like':
      return isCount(v.count, MAX_LIKES_PER_SIGNAL) && v.count > 0 ? { type: 'like', count: v.count } : null
    case 'mic-request': {
      const profile = decodeProfile(v.profile)
      return profile ? { type: 'mic-request', profile } : null
    }
    case 'mic-cancel':
    case 'mic-leave':
      return { type: v.type }
    case 'mic-rejected':
      return isId(v.userId) ? { type: 'mic-rejected', userId: v.userId } : null
    case 'guests': {
      const guests = readGuests(v.guests)
      return guests ? { type: 'guests', guests } : null
    }
    default:
      return null
  }
}

/** Room attribute keys (chatroom KV): letters, digits and - only, as RongCloud allows. */
export const ROOM_KEYS = {
  host: 'host',
  muted: 'muted',
  /** the room's like total, kept by the host (core/room-protocol.ts) */
  likes: 'likes',
  /** the host's guest list (连麦), without a backend; with one only `sig-guests` counts */
  guests: 'guests',
  memberPrefix: 'm-',
} as const

export function memberKey(userId: string): string {
  return `${ROOM_KEYS.memberPrefix}${userId}`
}

/**
 * The host claim stored under ROOM_KEYS.host. A later server will add a signature here; everyone
 * reads it through one function (core/room-protocol.ts resolveHost) so that check slots in there.
 */
export interface HostClaim {
  host: Profile
  since: number
  /** the room's title (core/room-title.ts); a malformed one is dropped, the claim still counts */
  title?: string
}

export function encodeHostClaim(claim: HostClaim): string {
  const title = titleOrNone(claim.title)
  return JSON.stringify({ v: WIRE_VERSION, host: JSON.parse(encodeProfile(claim.host)), since: claim.since, ...(title ? { title } : {}) })
}

export function decodeHostClaim(raw: unknown): HostClaim | null {
  const v = parseJson(raw)
  if (!v || v.v !== WIRE_VERSION) return null
  const host = decodeProfile(v.host)
  const since = v.since
  if (!host || typeof since !== 'number' || !Number.isFinite(since)) return null
  const title = titleOrNone(v.title)
  return title ? { host, since, title } : { host, since }
}

/** The like total stored under ROOM_KEYS.likes. Malformed → null. */
export function decodeLikeTotal(raw: unknown): number | null {
  const v = parseJson(raw)
  return v && v.v === WIRE_VERSION && isCount(v.total, Number.MAX_SAFE_INTEGER) ? v.total : null
}

export function encodeLikeTotal(total: number): string {
  return JSON.stringify({ v: WIRE_VERSION, total })
}

/**
 * The mute list stored under ROOM_KEYS.muted: user ids. Not a JSON array of at most MAX_WIRE_CHARS
 * → null. An element that is no user id is dropped and the rest kept: such an element can only come
 * from a client that skipped the store's check (an older or a modified one), it can never match a
 * sender (every sender has a valid id), and refusing the whole list for it would unmute everyone.
 */
export function decodeMuteList(raw: unknown): string[] | null {
  if (typeof raw !== 'string' || raw.length > MAX_WIRE_CHARS) return null
  try {
    const v: unknown = JSON.parse(raw)
    if (!Array.isArray(v)) return null
    return Array.from(new Set(v.filter(isId)))
  } catch {
    return null
  }
}

export function encodeMuteList(userIds: readonly string[]): string {
  return JSON.stringify(Array.from(new Set(userIds)))
}

/**
 * A guest list: at most MAX_GUESTS valid profiles, no id twice. Anything else is null as a whole:
 * unlike the mute list, a guest list with an element dropped would take someone off camera.
 */
function readGuests(raw: unknown): Profile[] | null {
  if (!Array.isArray(raw) || raw.length > MAX_GUESTS) return null
  const guests = raw.map((g) => decodeProfile(g))
  if (guests.some((g) => g === null)) return null
  const ids = new Set(guests.map((g) => (g as Profile).id))
  return ids.size === guests.length ? (guests as Profile[]) : null
}

/** The guest list stored under ROOM_KEYS.guests (profiles, in the order the host accepted them). Malformed → null. */
export function decodeGuestList(raw: unknown): Profile[] | null {
  if (typeof raw !== 'string' || raw.length > MAX_GUEST_LIST_CHARS) return null
  try {
    return readGuests(JSON.parse(raw))
  } catch {
    return null
  }
}

/** Three profiles with the longest avatars fit; a chatroom KV value holds 4096 characters. */
const MAX_GUEST_LIST_CHARS = 4096

export function encodeGuestList(guests: readonly Profile[]): string {
  return `[${guests.map(encodeProfile).join(',')}]`
}
