/**
 * lobby.rooms when our server is configured: only the listings it signed (docs/ARCHITECTURE.md
 * "Trust"). They live in the lobby chatroom's KV (`sig-room-<number>`), so RongCloud fans them out
 * to everyone in the lobby at no cost to the server; anyone in the lobby can force-write that KV,
 * so a listing counts only if it verifies, is for the room its key names, and has not expired.
 *
 * Verifying costs milliseconds on a phone without JIT: the listings a screen shows first are
 * verified before they are drawn, the rest on the next turn (each signature once:
 * core/signed-docs.ts caches them). A listing that expires (its host stopped heartbeating) leaves
 * the list when it does. Where this phone cannot verify (mode 'server'), the list is our server's
 * answer (GET /v1/rooms), read every 3 s while in the lobby.
 */
import { roomOfListingKey } from '../core/room-protocol'
import { peekPayload, type DocSource, type ListingDoc } from '../core/signed-docs'
import { Timers, type Cancel } from '../core/timers'
import type { RoomListing } from '../core/types'
import type { Schedule } from './deps'
import type { Trust } from './room/authority'

/** Cards a lobby shows before scrolling, with room to spare: verified before the first frame. */
export const FIRST_LISTINGS = 8
/** The lobby chatroom holds at most 100 keys: the list's cap. */
export const MAX_LISTINGS = 100
/** Mode 'server': how often the list is read while in the lobby ("up to date within 3 s"). */
export const SERVER_LIST_POLL_MS = 3000

export interface ListingDeps {
  trust: Trust
  schedule: Schedule
  /** the rooms to show, newest first */
  show(rooms: RoomListing[]): void
  /** in the lobby now (mode 'server' reads the list only then) */
  inLobby(): boolean
}

/** `viewers` as the listing says it, as of the host's last heartbeat (up to 30 s old); absent when it does not say */
function toListing(doc: ListingDoc): RoomListing {
  const listing: RoomListing = doc.title ? { roomId: doc.roomId, host: doc.host, title: doc.title, since: doc.since } : { roomId: doc.roomId, host: doc.host, since: doc.since }
  if (doc.viewers !== undefined) listing.viewers = doc.viewers
  return listing
}

export class SignedListings {
  /** room number → listing token, as the lobby's KV (or the server's answer) has them */
  private tokens = new Map<string, string>()
  private source: DocSource = 'kv'
  private readonly timers: Timers
  private pending: Cancel[] = []
  private polling = false

  constructor(private readonly deps: ListingDeps) {
    this.timers = new Timers(deps.schedule)
  }

  /** whether the lobby's KV can be trusted here at all (signatures verify on this phone) */
  get fromKv(): boolean {
    return this.deps.trust.documents.canVerify
  }

  /** The lobby's KV entries, all of them (on entering the lobby, and after each change). */
  setEntries(entries: Readonly<Record<string, string>>): void {
    if (!this.fromKv) return
    const tokens = new Map<string, string>()
    for (const [key, token] of Object.entries(entries)) {
      const roomId = roomOfListingKey(key)
      if (roomId) tokens.set(roomId, token)
    }
    this.tokens = tokens
    this.source = 'kv'
    this.showNow()
  }

  /** Our server's list (pull to refresh, and mode 'server'); keeps the list shown on failure and rejects. */
  async refresh(): Promise<void> {
    const listed = await this.deps.trust.backend.listRooms()
    const tokens = new Map<string, string>()
    for (const token of listed) {
      const roomId = peekPayload(token)?.roomId
      if (typeof roomId === 'string') tokens.set(roomId, token)
    }
    this.tokens = tokens
    this.source = 'server'
    this.showNow()
  }

  /** Into the lobby: mode 'server' reads the list now and every 3 s while there. */
  entered(): void {
    if (this.fromKv || this.polling) return
    this.polling = true
    const tick = () => {
      if (!this.deps.inLobby()) {
        this.polling = false
        return
      }
      this.refresh().catch(() => undefined)
      this.timers.after(SERVER_LIST_POLL_MS, tick)
    }
    tick()
  }

  reset(): void {
    this.tokens = new Map()
    this.timers.clear()
    this.pending = []
    this.polling = false
  }

  private showNow(): void {
    for (const cancel of this.pending) cancel()
    this.pending = []
    const { documents } = this.deps.trust
    const first = documents.firstValid(this.tokens, FIRST_LISTINGS, this.source)
    this.deps.show(first.map(toListing))
    if (this.tokens.size <= FIRST_LISTINGS) return this.expireLater(first)
    this.pending.push(
      this.timers.after(0, () => {
        const all = documents.firstValid(this.tokens, MAX_LISTINGS, this.source)
        this.deps.show(all.map(toListing))
        this.expireLater(all)
      }),
    )
  }

  /** The first listing to expire leaves the list when it does (unless renewed before). */
  private expireLater(shown: ListingDoc[]): void {
    const next = Math.min(...shown.map((l) => l.exp))
    if (Number.isFinite(next)) this.pending.push(this.timers.after(next - this.deps.trust.backend.now() + 1, () => this.showNow()))
  }
}
