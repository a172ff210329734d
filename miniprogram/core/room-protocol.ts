/**
 * How a room lives on the signalling service, for everyone who takes part in one: a person's app
 * (stores/room) and the demo network's simulated people (services/demo/peers.ts) follow the same
 * rules from here. A room is a chatroom whose attributes (KV, keys in wire.ts ROOM_KEYS) record
 * its host, its mute list and its members' profiles; signals travel as messages. See
 * docs/ARCHITECTURE.md "Rooms on RongCloud".
 *
 * With our server configured the host and the mute list are documents the server signs and
 * writes under SIGNED_KEYS (core/signed-docs.ts opens them; stores/room/authority.ts decides from
 * them): the unsigned `host` and `muted` entries are then neither written nor read.
 */
import type { Profile, RoomListing } from './types'
import {
  decodeGuestList,
  decodeHostClaim,
  decodeLikeTotal,
  decodeMuteList,
  decodeProfile,
  decodeSignal,
  encodeGuestList,
  encodeHostClaim,
  encodeLikeTotal,
  encodeMuteList,
  encodeProfile,
  GUEST_ONLY_SIGNALS,
  HOST_ONLY_SIGNALS,
  memberKey,
  ROOM_KEYS,
  type Signal,
} from './wire'

export interface RoomEntry {
  key: string
  value: string
}

/**
 * The keys our server writes, with autoDelete off (server/src/kv-keys.ts): in a room's chatroom
 * its host claim, mute list and guest list; in the lobby one listing per live room. The app never
 * writes them; any client can force-write them, so only their signatures count.
 */
export const SIGNED_KEYS = {
  hostClaim: 'sig-host',
  muteList: 'sig-mutes',
  guestList: 'sig-guests',
  listingPrefix: 'sig-room-',
} as const

/** The room number of a lobby listing key (`sig-room-<number>`); null for any other key. */
export function roomOfListingKey(key: string): string | null {
  if (!key.startsWith(SIGNED_KEYS.listingPrefix)) return null
  const roomId = key.slice(SIGNED_KEYS.listingPrefix.length)
  return /^[1-9]\d{5}$/.test(roomId) ? roomId : null
}

/**
 * The host's claim on the number, written while creating the room: if someone else already holds
 * the key, the number is taken and the host draws another.
 */
export function hostClaimEntry(host: Profile, since: number, title?: string): RoomEntry {
  return { key: ROOM_KEYS.host, value: encodeHostClaim({ host, since, title }) }
}

/**
 * What the host writes once the room is theirs, in this order: their own member profile, then the
 * empty mute list, a like total of 0 and the empty guest list, so the host holds those keys from
 * the start and nobody else can own them. With our server (`signed`) the mute and guest lists are
 * the server's signed documents: no `muted` or `guests` entry.
 */
export function hostOpeningEntries(host: Profile, signed = false): RoomEntry[] {
  if (signed) return [memberEntry(host), likeTotalEntry(0)]
  return [memberEntry(host), { key: ROOM_KEYS.muted, value: encodeMuteList([]) }, likeTotalEntry(0), guestListEntry([])]
}

/** The host's guest list (no backend): written by the host only, read by late joiners. */
export function guestListEntry(guests: readonly Profile[]): RoomEntry {
  return { key: ROOM_KEYS.guests, value: encodeGuestList(guests) }
}

/** The host's guest list in the attributes; a missing one is empty, a malformed one null (keep what you have). */
export function guestsIn(entries: Readonly<Record<string, string>>): Profile[] | null {
  const raw = entries[ROOM_KEYS.guests]
  return raw === undefined ? [] : decodeGuestList(raw)
}

/**
 * The room's like total, written by the host only, at most once a second (stores/room/likes.ts):
 * what a late joiner starts from. Everyone in the room adds the like signals as they come.
 */
export function likeTotalEntry(total: number): RoomEntry {
  return { key: ROOM_KEYS.likes, value: encodeLikeTotal(total) }
}

/** The like total in the attributes; a missing or malformed one is 0. */
export function likesIn(entries: Readonly<Record<string, string>>): number {
  return decodeLikeTotal(entries[ROOM_KEYS.likes]) ?? 0
}

/** The room's title from the host's claim; undefined without one. */
export function titleIn(entries: Readonly<Record<string, string>>): string | undefined {
  return decodeHostClaim(entries[ROOM_KEYS.host])?.title
}

/** What everyone in the room writes: their profile, so the others can list them. */
export function memberEntry(profile: Profile): RoomEntry {
  return { key: memberKey(profile.id), value: encodeProfile(profile) }
}

/**
 * Who this room's host is, from its unsigned attributes (no server of ours: dev tokens); null when
 * there is no valid claim (no room, or it ended). Any client can force-write that entry: with our
 * server the host comes from the signed claim instead (stores/room/authority.ts).
 */
export function resolveHost(entries: Readonly<Record<string, string>>): Profile | null {
  const claim = decodeHostClaim(entries[ROOM_KEYS.host])
  return claim ? claim.host : null
}

/** The room as the lobby lists it, from its attributes; null without a valid claim. */
export function listingOf(roomId: string, entries: Readonly<Record<string, string>>): RoomListing | null {
  const claim = decodeHostClaim(entries[ROOM_KEYS.host])
  if (!claim) return null
  return claim.title ? { roomId, host: claim.host, title: claim.title, since: claim.since } : { roomId, host: claim.host, since: claim.since }
}

/** The mute list in the attributes; a missing or malformed one is empty. */
export function mutedIn(entries: Readonly<Record<string, string>>): string[] {
  return decodeMuteList(entries[ROOM_KEYS.muted]) ?? []
}

/** The members whose profile is in the attributes, by id; entries under someone else's key are ignored. */
export function membersIn(entries: Readonly<Record<string, string>>): Record<string, Profile> {
  const members: Record<string, Profile> = {}
  for (const [key, value] of Object.entries(entries)) {
    if (!key.startsWith(ROOM_KEYS.memberPrefix)) continue
    const profile = decodeProfile(value)
    if (profile && key === memberKey(profile.id)) members[profile.id] = profile
  }
  return members
}

/**
 * A signal as a room member receives it: decoded, or null when it is malformed or does not count.
 * Signals only a host may send (wire.ts HOST_ONLY_SIGNALS) count only from the recorded host
 * (`hostId`); from anyone else they are ignored. Likes count from anyone but the host (who
 * cannot like their own room: core/roles.ts). Co-guests: a mic request or its cancellation counts
 * from anyone but the host, and a request only for the sender's own profile; a guest's signals
 * (wire.ts GUEST_ONLY_SIGNALS: stepping down, paused) only from someone on `guestIds`, the guest
 * list in force.
 */
export function acceptSignal(payload: unknown, senderId: string, hostId: string | null, guestIds: readonly string[] = []): Signal | null {
  const signal = decodeSignal(payload)
  if (!signal) return null
  if (HOST_ONLY_SIGNALS.has(signal.type) && (hostId === null || senderId !== hostId)) return null
  if (GUEST_ONLY_SIGNALS.has(signal.type) && !guestIds.includes(senderId)) return null
  if ((signal.type === 'like' || signal.type === 'mic-request' || signal.type === 'mic-cancel') && senderId === hostId) return null
  if (signal.type === 'mic-request' && signal.profile.id !== senderId) return null
  return signal
}
