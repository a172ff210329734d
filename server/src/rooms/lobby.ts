/**
 * The live list: one signed listing per live room in the lobby chatroom's KV, so RongCloud fans
 * it out to everyone in the lobby at no cost to this server per viewer. A chatroom holds at most
 * 100 keys: that is the list's cap, and the list holds the newest rooms. Writing into a full lobby
 * first removes what is junk (a key that is not a valid listing, or an expired one), else the
 * listing of the oldest room — but only for a newer room: an older room's heartbeat does not push
 * a newer one out, it stays unlisted (still live, still joinable by its number).
 */
import type { Clock } from '../clock'
import type { DocumentSigner, Listing, Signed } from '../documents'
import { LOBBY_CHATROOM_ID, MAX_KV_KEYS, SERVER_OPERATOR_ID, listingKey, roomIdOfListingKey } from '../kv-keys'
import { RC, RongCloudError } from '../upstream/rongcloud'
import type { RongCloudClient } from '../upstream/rongcloud'
import type { Trace } from '../upstream/http'

/** The lobby lives as long as RongCloud allows an idle chatroom (7 days), and on keepalive. */
export const LOBBY_DESTROY_MINUTES = 10080

const KEEPALIVE_RETRY_MS = 60_000

export interface Logger {
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
}

export class Lobby {
  private cache: { at: number; listings: Signed<Listing>[] } | null = null
  /** until when the lobby is taken to be full: listings make room first instead of failing a write */
  private fullUntil = 0
  /** after "no slot" / "not enabled", rooms skip the keepalive call for a while (the lobby always tries) */
  private keepaliveUnavailableUntil = 0
  private keepaliveWarned = false

  constructor(
    private readonly rc: RongCloudClient,
    private readonly signer: DocumentSigner,
    private readonly clock: Clock,
    private readonly log: Logger,
    /** GET /v1/rooms reads the lobby at most once per this many ms per instance (0: every time) */
    private readonly cacheMs = 1000,
  ) {}

  /** Creates the lobby chatroom if needed and asks RongCloud to keep it alive. */
  async ensure(trace?: Trace): Promise<void> {
    try {
      await this.rc.createChatroom(LOBBY_CHATROOM_ID, LOBBY_DESTROY_MINUTES, trace)
    } catch (e) {
      if (!(await this.rc.getChatroom(LOBBY_CHATROOM_ID, trace))) throw e
    }
    await this.keepAlive(LOBBY_CHATROOM_ID, trace)
  }

  /**
   * Puts a chatroom on RongCloud's keepalive list so an idle hour does not destroy it. The service
   * must be switched on and holds 5 chatrooms unless RongCloud raises it
   * (https://docs.rongcloud.io/platform-chat-api/chatroom/keep-alive/add-to-keep-alive): without a
   * slot a room still lives, on the long destroyTime it was created with.
   */
  async keepAlive(chatroomId: string, trace?: Trace): Promise<boolean> {
    const lobby = chatroomId === LOBBY_CHATROOM_ID
    if (!lobby && this.clock.now() < this.keepaliveUnavailableUntil) return false
    try {
      await this.rc.keepaliveAdd(chatroomId, trace)
      return true
    } catch (e) {
      if (e instanceof RongCloudError && (e.rcCode === RC.NOT_ENABLED || e.rcCode === RC.KEEPALIVE_LIMIT)) {
        if (!lobby) this.keepaliveUnavailableUntil = this.clock.now() + KEEPALIVE_RETRY_MS
        if (!this.keepaliveWarned) {
          this.keepaliveWarned = true
          this.log.warn({ chatroomId, rcCode: e.rcCode }, 'chatroom keepalive unavailable (not enabled, or no slot left): relying on destroyTime')
        }
        return false
      }
      throw e
    }
  }

  /** The signed listing, or null when the lobby is full of newer rooms. */
  async publish(doc: Listing, ownerId: string, trace?: Trace): Promise<Signed<Listing> | null> {
    const signed = this.signer.sign(doc)
    const write = () => this.rc.forceSetEntries(LOBBY_CHATROOM_ID, ownerId, { [listingKey(doc.roomId)]: signed.token }, trace)
    // a full lobby: make room first (junk, else the oldest older room), then write; concurrent
    // listings may pick the same victim, and the loser's write fails (logged, retried on heartbeat)
    const evictAndWrite = async () => {
      this.fullUntil = this.clock.now() + 1000
      if (!(await this.makeRoom(doc, trace))) return false
      await write()
      return true
    }
    try {
      if (this.clock.now() < this.fullUntil) {
        if (!(await evictAndWrite())) return null
      } else await write()
    } catch (e) {
      if (!(e instanceof RongCloudError)) throw e
      if (e.rcCode === RC.CHATROOM_NOT_EXIST) {
        await this.ensure(trace)
        await write()
      } else if (e.rcCode === RC.KV_EXCEED) {
        if (!(await evictAndWrite())) return null
      } else throw e
    }
    this.cache = null
    return signed
  }

  async remove(roomId: string, trace?: Trace): Promise<void> {
    await this.rc.forceRemoveEntries(LOBBY_CHATROOM_ID, SERVER_OPERATOR_ID, [listingKey(roomId)], trace)
    this.cache = null
  }

  /** Valid, unexpired listings, newest first. */
  async list(trace?: Trace): Promise<Signed<Listing>[]> {
    const now = this.clock.now()
    if (!this.cache || now - this.cache.at >= this.cacheMs || now < this.cache.at) {
      const { valid } = this.read(await this.rc.queryEntries(LOBBY_CHATROOM_ID, undefined, trace), now)
      this.cache = { at: now, listings: valid }
    }
    return this.cache.listings.filter((l) => l.doc.exp > now)
  }

  /** Everything in the lobby's KV sorted into valid listings (newest first) and junk keys. */
  read(entries: Map<string, { value: string }>, now: number): { valid: Signed<Listing>[]; junk: string[] } {
    const valid: Signed<Listing>[] = []
    const junk: string[] = []
    for (const [key, entry] of entries) {
      const roomId = roomIdOfListingKey(key)
      const signed = roomId ? this.signer.open('listing', roomId, entry.value) : null
      if (signed && signed.doc.exp > now) valid.push(signed)
      else junk.push(key)
    }
    valid.sort((a, b) => b.doc.since - a.doc.since || (a.doc.roomId < b.doc.roomId ? -1 : 1))
    return { valid, junk }
  }

  /** Frees a key for this listing: junk first, else the oldest room if it is older than this one. */
  private async makeRoom(doc: Listing, trace?: Trace): Promise<boolean> {
    const entries = await this.rc.queryEntries(LOBBY_CHATROOM_ID, undefined, trace)
    if (entries.has(listingKey(doc.roomId)) || entries.size < MAX_KV_KEYS) return true
    const { valid, junk } = this.read(entries, this.clock.now())
    let evict = junk.slice(0, 20)
    if (!evict.length) {
      const oldest = valid.filter((l) => l.doc.roomId !== doc.roomId).at(-1)
      if (!oldest || oldest.doc.since > doc.since) return false
      evict = [listingKey(oldest.doc.roomId)]
    }
    this.log.info({ evict }, 'lobby full: removing listings')
    await this.rc.forceRemoveEntries(LOBBY_CHATROOM_ID, SERVER_OPERATOR_ID, evict, trace)
    return true
  }
}
