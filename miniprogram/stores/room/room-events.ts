/**
 * What the signalling service tells a room member, as a pure reducer: the room's facts and an
 * incoming RoomEvent in, the change to make out. No MobX, no services: RoomStore applies the
 * change. The rules here are the ones every honest client keeps (core/room-protocol.ts): host-only
 * signals count only from the recorded host, and public messages from muted members are dropped
 * by every receiver. With our server (`signed`) the host and the mute list come from signed
 * documents only (authority.ts): the unsigned `host` and `muted` entries and the mute signals
 * change nothing here.
 */
import { incomingMessages } from '../../core/incoming'
import { acceptSignal, likesIn, membersIn, mutedIn, resolveHost, SIGNED_KEYS } from '../../core/room-protocol'
import type { ChatMessage, Profile } from '../../core/types'
import { decodeLikeTotal, decodeMuteList, decodeProfile, ROOM_KEYS, type HostPauseReason } from '../../core/wire'
import { AppError } from '../../core/errors'
import type { ConnectionChange, RoomEvent, RoomSnapshot } from '../../services/types'
import type { RoomStatus } from '../types'
import type { LikesChange } from './likes'
import type { CoGuestChange } from './co-guests'

export const END_REASONS = {
  hostEnded: '主播已结束直播',
  hostLeft: '主播已离开，直播结束',
  /** the host's own room: its claim could not be renewed with our server (authority.ts) */
  notRenewed: '与服务器的连接中断太久，直播已结束',
} as const

/** What the reducer reads of the room. */
export interface RoomFacts {
  roomId: string | null
  hostId: string | null
  muted: readonly string[]
  /** members whose profile is known, by id */
  members: Readonly<Record<string, Profile>>
  /** the guest list in force: only its guests' own signals count (core/room-protocol.ts acceptSignal) */
  guestIds?: readonly string[]
  /** our server decides the host and the mute list (signed documents): unsigned entries count for nothing */
  signed?: boolean
}

/** What an event changes; fields left out stay as they are. */
export interface RoomChange {
  /** the room is over for me, with the reason to show; nothing else applies */
  end?: string
  memberCount?: number
  muted?: string[]
  members?: Record<string, Profile>
  /** public messages to add, already without those of muted members */
  messages?: readonly ChatMessage[]
  /** the host's app went to the background or a call (null: back) */
  hostPaused?: HostPauseReason | null
  /** back in the room after a reconnect */
  live?: true
  /** the connection dropped: the service re-enters the room once it is back */
  reconnecting?: true
  /** someone's like taps, or the like total the host keeps (stores/room/likes.ts) */
  likes?: LikesChange
  /** a mic request, an answer, a guest list or a guest's state (stores/room/co-guests.ts) */
  coGuest?: CoGuestChange
}

/** Entries the guest list may come from: the host's attribute, or our server's signed list (guests-source.ts). */
const GUEST_KEYS: ReadonlySet<string> = new Set([ROOM_KEYS.guests, SIGNED_KEYS.guestList])

/**
 * Messages that may show: those within the text and name rules (core/incoming.ts: a modified client
 * keeps none), from the host, or from anyone who is not muted.
 */
export function allowedMessages(incoming: readonly ChatMessage[], hostId: string | null, muted: readonly string[]): ChatMessage[] {
  return incomingMessages(incoming).filter((m) => m.from.id === hostId || !muted.includes(m.from.id))
}

/**
 * The room as a snapshot shows it (on entering, and on getting back in after a reconnect); `muted`:
 * the verified list, with our server (otherwise the `muted` entry's).
 */
export function snapshotChange(snapshot: RoomSnapshot, hostId: string | null, muted: string[] = mutedIn(snapshot.entries)): RoomChange {
  return {
    memberCount: snapshot.memberCount,
    muted,
    members: membersIn(snapshot.entries),
    messages: allowedMessages(snapshot.history, hostId, muted),
    likes: { atLeast: likesIn(snapshot.entries) },
    coGuest: { kind: 'snapshot', entries: snapshot.entries },
  }
}

export function reduceRoomEvent(facts: RoomFacts, event: RoomEvent): RoomChange {
  switch (event.type) {
    case 'message':
      return { messages: allowedMessages([event.message], facts.hostId, facts.muted) }
    case 'signal':
      return onSignal(facts, event.senderId, event.payload)
    case 'entry':
      return onEntry(facts, event.key, event.value)
    case 'members':
      return Number.isInteger(event.count) && event.count >= 0 ? { memberCount: event.count } : {}
    case 'rejoined':
      return onRejoined(facts, event.snapshot)
    case 'lost':
      return { end: event.error.message }
  }
}

/**
 * The connection changed: a drop makes a live room wait for the service to re-enter it; losing the
 * connection for good ends the room, the join on its way included. A drop while joining shows once
 * the join is in (RoomStore.enter), so that it cannot be overwritten by the join.
 */
export function reduceConnection(status: RoomStatus, change: ConnectionChange): RoomChange {
  if (status === 'idle' || status === 'ended') return {}
  if (change.state === 'kicked') return { end: (change.error ?? new AppError('KICKED')).message }
  if (change.state === 'failed') return { end: (change.error ?? new AppError('NETWORK')).message }
  return change.state === 'reconnecting' && status === 'live' ? { reconnecting: true } : {}
}

function onSignal(facts: RoomFacts, senderId: string, payload: unknown): RoomChange {
  const signal = acceptSignal(payload, senderId, facts.hostId, facts.guestIds)
  if (!signal || (facts.signed && (signal.type === 'mute' || signal.type === 'unmute'))) return {}
  switch (signal.type) {
    case 'mute':
      return facts.muted.includes(signal.userId) ? {} : { muted: [...facts.muted, signal.userId] }
    case 'unmute':
      return facts.muted.includes(signal.userId) ? { muted: facts.muted.filter((id) => id !== signal.userId) } : {}
    case 'room-ended':
      return { end: END_REASONS.hostEnded }
    case 'host-paused':
      return { hostPaused: signal.paused ? (signal.reason ?? 'background') : null }
    case 'like':
      return { likes: { add: signal.count } }
    case 'mic-request':
      return { coGuest: { kind: 'request', profile: signal.profile } }
    case 'mic-cancel':
      return { coGuest: { kind: 'cancel', userId: senderId } }
    case 'mic-rejected':
      return { coGuest: { kind: 'rejected', userId: signal.userId } }
    case 'guests':
      return { coGuest: { kind: 'list', guests: signal.guests } }
    case 'mic-leave':
      return { coGuest: { kind: 'left', userId: senderId } }
    case 'guest-paused':
      return { coGuest: { kind: 'paused', userId: senderId, reason: signal.paused ? (signal.reason ?? 'background') : null } }
    case 'media-state':
    case 'presence':
      return {}
  }
}

function onEntry(facts: RoomFacts, key: string, value: string | null): RoomChange {
  if (key === ROOM_KEYS.host) return value === null && !facts.signed ? { end: END_REASONS.hostLeft } : {}
  if (key === ROOM_KEYS.muted) {
    if (facts.signed) return {}
    const list = value === null ? [] : decodeMuteList(value)
    return list ? { muted: list } : {}
  }
  if (GUEST_KEYS.has(key)) return { coGuest: { kind: 'entry', key, value } }
  if (key === ROOM_KEYS.likes) {
    const total = value === null ? null : decodeLikeTotal(value)
    return total === null ? {} : { likes: { atLeast: total } }
  }
  if (!key.startsWith(ROOM_KEYS.memberPrefix)) return {}
  const userId = key.slice(ROOM_KEYS.memberPrefix.length)
  if (value === null) {
    if (!facts.members[userId]) return {}
    const members = { ...facts.members }
    delete members[userId]
    return { members }
  }
  const profile = decodeProfile(value)
  return profile && profile.id === userId ? { members: { ...facts.members, [userId]: profile } } : {}
}

function onRejoined(facts: RoomFacts, snapshot: RoomSnapshot): RoomChange {
  if (snapshot.roomId !== facts.roomId) return {}
  // with our server the snapshot's signed claim and mute list go to the authority, and only the
  // claim's expiry ends the room
  if (facts.signed) return { ...snapshotChange(snapshot, facts.hostId, facts.muted.slice()), live: true }
  const host = resolveHost(snapshot.entries)
  if (!host || host.id !== facts.hostId) return { end: END_REASONS.hostLeft }
  return { ...snapshotChange(snapshot, facts.hostId), live: true }
}
