/**
 * The demo network's stand-in for our server (server/): room authority as signed documents, with
 * the server's rules (server/README.md "HTTP API", "Where the truth lives"):
 * - a host claim expires 90 s after the last heartbeat; a live number is ROOM_TAKEN (the same
 *   host asking again gets its claim back); a chatroom with people in it but no claim is taken
 *   too unless the caller is the only one in it; an expired room is swept (chatroom destroyed,
 *   listing removed) like the server's janitor, and its number is free;
 * - mutes and guests are the host's (a guest may step down), at most 3 guests, who must be in the
 *   room; lists carry the room's `since` and an `at` that only grows; a mute is also a chat ban
 *   the chatroom enforces (MUTED on send, as RongCloud's gag: 23408);
 * - everything is written where the server writes it, with autoDelete off: the room chatroom's
 *   KV `sig-host`, `sig-mutes`, `sig-guests`, and the lobby's `sig-room-<id>` (newest 100), whose
 *   `viewers` is the room chatroom's members but the host as of the last heartbeat (0 at create). The
 *   chatrooms it writes into are made by it and kept (Chatrooms.open), as the server creates them
 *   and puts them on keepalive. Lobby entries reach the lobby's members after their KV pull
 *   (RtsService.onLobbyEntries), as room entries reach a room's.
 * Unlike the server it keeps the truth in memory: what a client force-writes or force-deletes in KV
 * (DemoNetwork.forceEntry, as any RongCloud member can) never changes its answers, and the host's
 * next heartbeat writes back the claim, the listing and whatever list KV does not hold exactly.
 */
import { AppError } from '../../core/errors'
import { generateRoomNumber, parseRoomNumber } from '../../core/room-number'
import type { GuestListDoc, HostClaimDoc, MuteListDoc } from '../../core/signed-docs'
import type { Profile } from '../../core/types'
import { CLAIM_TTL_MS, guestList, hostClaim, listingOf, muteList, signed, viewersOf, type Signed } from './backend-docs'
import { LOBBY_CHATROOM, roomChatroomId, type Chatrooms } from './chatrooms'
import { MAX_ENTRIES } from './entry-limits'
import type { Server } from './server'

export const DEMO_ROOM_KEYS = { hostClaim: 'sig-host', muteList: 'sig-mutes', guestList: 'sig-guests' } as const
export const listingKey = (roomId: string): string => `sig-room-${roomId}`
export const MAX_GUESTS = 3
export const MAX_TITLE_CHARS = 30
/** the writer of every entry the server API sets: no user id (server/src/kv-keys.ts SERVER_OPERATOR_ID) */
export const SERVER_WRITER = 'sys-live-rooms'
const SERVER_CHOSEN_TRIES = 8
const USER_ID = /^[A-Za-z0-9_-]{1,64}$/

interface LiveRoom {
  claim: Signed<HostClaimDoc>
  listing: string | null
  mutes: Signed<MuteListDoc>
  guests: Signed<GuestListDoc> | null
  cancelSweep: () => void
}

/** The server's 400s: not one of the app's codes, so the adapter shows them as NETWORK in the server's words. */
export const badRequest = (message: string): AppError => new AppError('NETWORK', message)

export class DemoBackendServer {
  private readonly rooms = new Map<string, LiveRoom>()
  /** roomId → the last `since` used: each incarnation of a number gets a later one */
  private readonly lastSince = new Map<string, number>()

  constructor(
    private readonly server: Server,
    private readonly chatrooms: Chatrooms,
    private readonly random: () => number = Math.random,
  ) {}

  /** The server's clock: documents expire by it, and the sweep runs on it. */
  now(): number {
    return this.server.clock()
  }

  createRoom(host: Profile, roomId: string | undefined, rawTitle: string | undefined): { roomId: string; hostClaim: string } {
    const title = cleanTitle(rawTitle)
    const candidates = roomId !== undefined ? [parseRoomNumber(roomId)] : Array.from({ length: SERVER_CHOSEN_TRIES }, () => generateRoomNumber(this.random))
    for (const id of candidates) {
      const claim = this.tryCreate(host, id, title)
      if (claim) return { roomId: id, hostClaim: claim }
    }
    throw new AppError('ROOM_TAKEN', roomId !== undefined ? '这个房间号正在直播，请换一个' : '暂时没有空闲的房间号，请稍后再试')
  }

  heartbeat(caller: Profile, roomId: string): { hostClaim: string } {
    const room = this.requireHost(caller, roomId)
    const { since, title } = room.claim.doc
    room.claim = signed(hostClaim(roomId, caller, since, this.now() + CLAIM_TTL_MS, title))
    const chatroom = this.chatrooms.open(roomChatroomId(roomId))
    this.write(chatroom.id, DEMO_ROOM_KEYS.hostClaim, room.claim.token)
    // the server rewrites what KV does not hold exactly
    if (chatroom.entries.has(DEMO_ROOM_KEYS.muteList) || room.mutes.doc.muted.length) this.rewrite(chatroom.id, DEMO_ROOM_KEYS.muteList, room.mutes.token)
    if (room.guests) this.rewrite(chatroom.id, DEMO_ROOM_KEYS.guestList, room.guests.token)
    // how many watch, as of this heartbeat: the lobby's figure is up to 30 s old
    this.publish(roomId, room, viewersOf(chatroom.members.size))
    this.armSweep(roomId, room)
    return { hostClaim: room.claim.token }
  }

  endRoom(caller: Profile, roomId: string): void {
    const room = this.rooms.get(parseRoomNumber(roomId))
    if (!room) throw new AppError('ROOM_NOT_FOUND')
    // ending a room that just expired is still its host's to clean up
    if (room.claim.doc.host.id !== caller.id) this.requireHost(caller, roomId)
    this.dispose(roomId)
  }

  listRooms(): string[] {
    this.sweep()
    return Array.from(this.rooms.values())
      .filter((r) => r.listing !== null)
      .sort((a, b) => b.claim.doc.since - a.claim.doc.since || (a.claim.doc.roomId < b.claim.doc.roomId ? -1 : 1))
      .map((r) => r.listing as string)
  }

  getRoom(roomId: string): { roomId: string; hostClaim: string; muteList: string; guestList: string | null } {
    const room = this.liveRoom(parseRoomNumber(roomId))
    if (!room) throw new AppError('ROOM_NOT_FOUND')
    return { roomId, hostClaim: room.claim.token, muteList: room.mutes.token, guestList: room.guests?.token ?? null }
  }

  setMuted(caller: Profile, roomId: string, userId: string, muted: boolean): { muteList: string } {
    checkUserId(userId)
    const room = this.requireHost(caller, roomId)
    if (userId === caller.id) throw badRequest('不能禁言自己')
    const current = room.mutes.doc.muted
    const next = muted ? current.concat(userId) : current.filter((id) => id !== userId)
    room.mutes = signed(muteList(roomId, room.claim.doc.since, next, this.nextAt(room.mutes.doc.at)))
    this.write(roomChatroomId(roomId), DEMO_ROOM_KEYS.muteList, room.mutes.token)
    return { muteList: room.mutes.token }
  }

  /** RongCloud's gag: a muted member's messages (and signals) in that chatroom are refused. */
  isGagged(chatroomId: string | null, userId: string): boolean {
    const roomId = chatroomId?.startsWith(roomChatroomId('')) ? chatroomId.slice(roomChatroomId('').length) : null
    const room = roomId ? this.liveRoom(roomId) : undefined
    return room !== undefined && room.mutes.doc.muted.includes(userId)
  }

  addGuest(caller: Profile, roomId: string, userId: string): { guestList: string } {
    checkUserId(userId)
    const room = this.requireHost(caller, roomId)
    if (userId === caller.id) throw badRequest('主播不能成为连麦嘉宾')
    const guests = room.guests?.doc.guests ?? []
    if (room.guests && guests.some((g) => g.id === userId)) return { guestList: room.guests.token }
    if (guests.length >= MAX_GUESTS) throw new AppError('ROOM_FULL', '连麦人数已满（最多 3 人）')
    const inRoom = this.chatrooms.get(roomChatroomId(roomId))?.members.has(userId) ?? false
    const profile = this.server.account(userId)?.profile
    if (!inRoom || !profile) throw new AppError('NOT_ALLOWED', '对方已不在房间中')
    return this.setGuests(roomId, room, guests.concat({ ...profile }))
  }

  removeGuest(caller: Profile, roomId: string, userId: string): { guestList: string } {
    checkUserId(userId)
    const room = this.liveRoom(parseRoomNumber(roomId))
    if (!room) throw new AppError('ROOM_NOT_FOUND')
    // a guest may always step down; anyone else's removal is the host's call
    if (caller.id !== userId) this.requireHost(caller, roomId)
    const guests = room.guests?.doc.guests ?? []
    if (room.guests && !guests.some((g) => g.id === userId)) return { guestList: room.guests.token }
    return this.setGuests(roomId, room, guests.filter((g) => g.id !== userId))
  }

  // ---- internals -------------------------------------------------------------------------------

  private tryCreate(host: Profile, roomId: string, title: string | undefined): string | null {
    this.sweep()
    const live = this.liveRoom(roomId)
    if (live) return live.claim.doc.host.id === host.id ? live.claim.token : null
    const chatroomId = roomChatroomId(roomId)
    const existing = this.chatrooms.get(chatroomId)
    const members = existing ? Array.from(existing.members.keys()) : []
    // taken but unclaimed (no claim of ours): only the caller's own phone, joined first, may take it over
    if (members.length > 0 && !(members.length === 1 && members[0] === host.id)) return null
    // an empty chatroom of an ended room is replaced: no document of the old room applies to the new one
    if (existing && members.length === 0) this.chatrooms.destroy(existing)
    const now = this.now()
    const since = Math.max(now, (this.lastSince.get(roomId) ?? 0) + 1)
    this.lastSince.set(roomId, since)
    const claim = signed(hostClaim(roomId, host, since, now + CLAIM_TTL_MS, title))
    const room: LiveRoom = { claim, listing: null, mutes: signed(muteList(roomId, since, [], since)), guests: null, cancelSweep: () => undefined }
    this.rooms.set(roomId, room)
    this.write(this.chatrooms.open(chatroomId).id, DEMO_ROOM_KEYS.hostClaim, claim.token)
    this.publish(roomId, room, 0)
    this.armSweep(roomId, room)
    return claim.token
  }

  private setGuests(roomId: string, room: LiveRoom, guests: Profile[]): { guestList: string } {
    room.guests = signed(guestList(roomId, room.claim.doc.since, guests, this.nextAt(room.guests?.doc.at ?? 0)))
    this.write(roomChatroomId(roomId), DEMO_ROOM_KEYS.guestList, room.guests.token)
    return { guestList: room.guests.token }
  }

  private nextAt(previous: number): number {
    return Math.max(this.now(), previous + 1)
  }

  private liveRoom(roomId: string): LiveRoom | undefined {
    const room = this.rooms.get(roomId)
    return room && room.claim.doc.exp > this.now() ? room : undefined
  }

  private requireHost(caller: Profile, roomId: string): LiveRoom {
    const room = this.liveRoom(parseRoomNumber(roomId))
    if (!room) throw new AppError('ROOM_NOT_FOUND')
    if (room.claim.doc.host.id !== caller.id) throw new AppError('NOT_ALLOWED', '只有主播可以这样做')
    return room
  }

  /** The room's listing in the lobby; a full lobby drops its oldest older room, or this one stays unlisted. */
  private publish(roomId: string, room: LiveRoom, viewers: number): void {
    const lobby = this.chatrooms.open(LOBBY_CHATROOM)
    const key = listingKey(roomId)
    if (!lobby.entries.has(key) && lobby.entries.size >= MAX_ENTRIES) {
      const oldest = Array.from(this.rooms.entries())
        .filter(([id, r]) => id !== roomId && r.listing !== null)
        .sort((a, b) => a[1].claim.doc.since - b[1].claim.doc.since)[0]
      if (!oldest || oldest[1].claim.doc.since > room.claim.doc.since) return
      oldest[1].listing = null
      lobby.entries.delete(listingKey(oldest[0]))
    }
    room.listing = signed(listingOf(room.claim.doc, viewers)).token
    lobby.entries.set(key, { value: room.listing, writer: SERVER_WRITER })
    this.chatrooms.entrySync.announceLobby(lobby)
  }

  private write(chatroomId: string, key: string, value: string): void {
    const chatroom = this.chatrooms.get(chatroomId)
    if (!chatroom) return
    chatroom.entries.set(key, { value, writer: SERVER_WRITER })
    this.chatrooms.entrySync.announce(chatroom, key, value, null)
  }

  private rewrite(chatroomId: string, key: string, value: string): void {
    if (this.chatrooms.get(chatroomId)?.entries.get(key)?.value !== value) this.write(chatroomId, key, value)
  }

  /** The janitor: a room whose claim ran out is over, shortly after (housekeeping: it lives as long as the room). */
  private armSweep(roomId: string, room: LiveRoom): void {
    room.cancelSweep()
    room.cancelSweep = this.server.housekeeping.after(room.claim.doc.exp - this.now() + 1, () => {
      if (this.rooms.get(roomId) === room && room.claim.doc.exp <= this.now()) this.dispose(roomId)
    })
  }

  private sweep(): void {
    for (const [roomId, room] of Array.from(this.rooms)) if (room.claim.doc.exp <= this.now()) this.dispose(roomId)
  }

  /** Chatroom destroyed (its members are told), listing removed. */
  private dispose(roomId: string): void {
    const room = this.rooms.get(roomId)
    if (!room) return
    room.cancelSweep()
    this.rooms.delete(roomId)
    const chatroom = this.chatrooms.get(roomChatroomId(roomId))
    if (chatroom) this.chatrooms.destroy(chatroom)
    const lobby = this.chatrooms.get(LOBBY_CHATROOM)
    if (lobby?.entries.delete(listingKey(roomId))) this.chatrooms.entrySync.announceLobby(lobby)
  }
}

function checkUserId(userId: string): void {
  if (!USER_ID.test(userId)) throw badRequest('用户 ID 不正确')
}

/** Trimmed; empty is none; over 30 characters INVALID_TITLE (server/src/http/validate.ts roomTitle). */
function cleanTitle(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined
  const title = raw.trim()
  if (!title) return undefined
  if (Array.from(title).length > MAX_TITLE_CHARS) throw new AppError('INVALID_TITLE')
  return title
}
