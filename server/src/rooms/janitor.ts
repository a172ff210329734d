/**
 * Cleans up after hosts that vanished: their claims expire after 90 s, but their chatrooms stay
 * on the keepalive list (a handful of slots) and their listings in the lobby until someone removes
 * them. Each instance runs this every minute; everything it does is idempotent, so several
 * instances doing it at once is harmless. It never touches a room that is live or 'unknown', nor
 * one younger than FRESH_CHATROOM_MS (a create in progress).
 */
import type { Clock } from '../clock'
import { LOBBY_CHATROOM_ID, SERVER_OPERATOR_ID, listingKey, roomIdOfListingKey } from '../kv-keys'
import type { RongCloudClient } from '../upstream/rongcloud'
import type { RoomAuthority } from './authority'
import type { Lobby, Logger } from './lobby'
import { FRESH_CHATROOM_MS } from './room-service'
import type { RoomService } from './room-service'

/** a listing stays this long past its expiry before it is swept (clients ignore it already) */
const LISTING_GRACE_MS = 30_000
const MAX_ROOMS_PER_RUN = 20

export class Janitor {
  constructor(
    private readonly rc: RongCloudClient,
    private readonly authority: RoomAuthority,
    private readonly rooms: RoomService,
    private readonly lobby: Lobby,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async runOnce(): Promise<{ removedListings: string[]; disposedRooms: string[] }> {
    const now = this.clock.now()
    const removedListings: string[] = []
    const disposedRooms: string[] = []
    const checked = new Set<string>()

    const entries = await this.rc.queryEntries(LOBBY_CHATROOM_ID)
    const { valid, junk } = this.lobby.read(entries, now - LISTING_GRACE_MS)
    const stale = new Set(junk)
    const suspects = new Set<string>()
    for (const key of stale) {
      const roomId = roomIdOfListingKey(key)
      if (roomId) suspects.add(roomId)
    }
    // keepalive not enabled: nothing is held there
    const keepalive = await this.rc.keepaliveQuery().catch((): string[] => [])
    for (const id of keepalive) {
      const m = /^room-([1-9]\d{5})$/.exec(id)
      if (m && !valid.some((l) => l.doc.roomId === m[1])) suspects.add(m[1])
    }

    for (const roomId of suspects) {
      if (checked.size >= MAX_ROOMS_PER_RUN) break
      checked.add(roomId)
      const state = await this.authority.resolve(roomId)
      if (state.state === 'live' || state.state === 'unknown') {
        stale.delete(listingKey(roomId))
        continue
      }
      if (state.state === 'over') {
        if (!state.expiredHost && now - state.chatroom.since < FRESH_CHATROOM_MS) continue
        await this.rooms.dispose(roomId)
        disposedRooms.push(roomId)
      } else if (keepalive.includes(`room-${roomId}`)) {
        await this.rc.keepaliveRemove(`room-${roomId}`)
      }
    }
    const remove = [...stale].filter((key) => entries.has(key))
    if (remove.length) {
      await this.rc.forceRemoveEntries(LOBBY_CHATROOM_ID, SERVER_OPERATOR_ID, remove)
      removedListings.push(...remove)
    }
    if (removedListings.length || disposedRooms.length) this.log.info({ removedListings, disposedRooms }, 'janitor')
    return { removedListings, disposedRooms }
  }
}
