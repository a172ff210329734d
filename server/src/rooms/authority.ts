/**
 * Who hosts a room right now, decided without a database and without trusting chatroom KV alone.
 *
 * A room is live while its RongCloud chatroom exists and a host claim for it is valid: signed by
 * this server, for this room number, for this chatroom (its `since` is the chatroom's createTime,
 * which no client can set), not expired. Claims are found in three places, all verified:
 *   1. the room's KV entry `sig-host` (any client can force-write or force-delete it: a forged
 *      one fails the signature, a copied old one fails `since` or `exp`);
 *   2. the claim the host presents (heartbeat body, or the X-Host-Claim header on host-only routes);
 *   3. the room's listing in the lobby chatroom's KV, a second signed copy of host, since and exp.
 * Where they disagree, the KV claim wins over a presented claim of another host.
 * When no copy can be found (all deleted) but people are still in the chatroom, the room is
 * 'unknown': still taken (nobody can create it), nobody may act as its host, until the host's
 * next heartbeat presents its claim and the server rewrites the entries.
 * A room is over when a claim for this chatroom has expired, or when no claim exists and the
 * chatroom is empty.
 */
import type { Clock } from '../clock'
import type { DocumentSigner, HostClaim, Signed } from '../documents'
import { hostClaim } from '../documents'
import { LOBBY_CHATROOM_ID, ROOM_KEYS, listingKey, roomChatroomId } from '../kv-keys'
import type { Profile } from '../profile'
import type { RongCloudClient } from '../upstream/rongcloud'
import type { Trace } from '../upstream/http'

export interface ChatroomInfo {
  /** the chatroom's createTime in ms: the room's start, and what binds its documents to it */
  since: number
  memberCount: number
  /** the room's server-owned KV entries as read (raw values) */
  entries: Map<string, { value: string; owner: string }>
}

export type RoomState =
  | { state: 'absent' }
  | { state: 'over'; chatroom: ChatroomInfo; expiredHost: Profile | null }
  | { state: 'unknown'; chatroom: ChatroomInfo }
  | { state: 'live'; chatroom: ChatroomInfo; claim: Signed<HostClaim>; source: 'kv' | 'presented' | 'listing' }

/** RongCloud documents createTime as a long; a value in seconds is taken as seconds. */
export function createTimeMs(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 0
  return value < 1e12 ? Math.round(value * 1000) : Math.round(value)
}

export const ROOM_KEY_LIST = [ROOM_KEYS.hostClaim, ROOM_KEYS.muteList, ROOM_KEYS.guestList]

export class RoomAuthority {
  constructor(
    private readonly rc: RongCloudClient,
    private readonly signer: DocumentSigner,
    private readonly clock: Clock,
  ) {}

  async resolve(roomId: string, options: { presented?: string; trace?: Trace } = {}): Promise<RoomState> {
    const chatroomId = roomChatroomId(roomId)
    const [info, entries] = await Promise.all([
      this.rc.getChatroom(chatroomId, options.trace),
      this.rc.queryEntries(chatroomId, ROOM_KEY_LIST, options.trace),
    ])
    if (!info) return { state: 'absent' }
    const chatroom: ChatroomInfo = { since: createTimeMs(info.createTime), memberCount: info.memberCount, entries }
    const now = this.clock.now()
    const status = (c: Signed<HostClaim> | null) =>
      !c || c.doc.since !== chatroom.since ? 'none' : c.doc.exp > now ? 'valid' : 'expired'

    const stored = this.signer.open('host', roomId, entries.get(ROOM_KEYS.hostClaim)?.value)
    const presented = options.presented === undefined ? null : this.signer.open('host', roomId, options.presented)
    let live: { claim: Signed<HostClaim>; source: 'kv' | 'presented' } | null = null
    if (status(stored) === 'valid') live = { claim: stored!, source: 'kv' }
    if (status(presented) === 'valid') {
      const p = presented!
      if (!live) live = { claim: p, source: 'presented' }
      else if (p.doc.host.id === live.claim.doc.host.id && p.doc.exp > live.claim.doc.exp) live = { claim: p, source: 'presented' }
    }
    if (live) return { state: 'live', chatroom, ...live }

    let expired = [stored, presented].find((c) => status(c) === 'expired') ?? null
    const lobby = await this.rc.queryEntries(LOBBY_CHATROOM_ID, [listingKey(roomId)], options.trace)
    const listed = this.signer.open('listing', roomId, lobby.get(listingKey(roomId))?.value)
    if (listed && listed.doc.since === chatroom.since) {
      const d = listed.doc
      const claim = this.signer.sign(hostClaim(roomId, d.host, d.since, d.exp, d.title))
      if (d.exp > now) return { state: 'live', chatroom, claim, source: 'listing' }
      expired ??= claim
    }
    if (expired) return { state: 'over', chatroom, expiredHost: expired.doc.host }
    if (chatroom.memberCount === 0) return { state: 'over', chatroom, expiredHost: null }
    return { state: 'unknown', chatroom }
  }
}
