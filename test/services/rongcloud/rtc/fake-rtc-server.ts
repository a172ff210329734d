/**
 * The far side of @rongcloud/plugin-wechat-rtc for several phones at once: RongCloud's RTC room
 * (members, the resources each publishes, a status version) and the mini-program media gateway
 * (what it relays to whom). Each phone's plugin is a `new FakeHubClient(server, userId, context)`
 * (fake-hub-room.ts) on this server.
 *
 * "pp L" = a line of @rongcloud/plugin-wechat-rtc 5.4.0 dist/index.js pretty-printed with prettier
 * 3.10.1 (npx prettier@3.10.1 --stdin-filepath rtc.js < dist/index.js). How the plugin hears of
 * others' streams, and what the server does here to match:
 * - a publisher first asks the media gateway (/exchange, an HTTP round trip, pp L1001), then sets
 *   its resources over the signalling connection (setRTCTotalRes, pp L951-979, L1011-1012); only then
 *   does the server tell the others. The per-kind message it sends carries `ignore: true`
 *   (pp L210) and is skipped (pp L2043); the work is done by RCRTC:TotalContentResources, the
 *   publisher's whole list, which each receiver diffs against what it holds (pp L1197-1216);
 * - the plugin also declares it supports notifications (pp L1470): the server may instead send a
 *   bare "room changed" notice (type 2, pp L1902-1905), and the receiver pulls the whole room
 *   status (pp L1738-1840): `announce: 'pull'` here;
 * - either way a receiver learns through its own command queue, a setTimeout(0) away (pp L1100),
 *   and a missed notice is caught up by the ping (every 5 s, pp L1320-1324) when the server's
 *   version is newer than the one last pulled (pp L1915-1925);
 * - someone leaving the room (quitRTCRoom, or dropped by the server) is told as RCRTC:state
 *   (pp L2037-2039): the receivers remove that user's streams and say onUserLeave ONLY, never
 *   onStreamUnpublish (pp L1126-1169).
 * Not modelled: separate audio and video resources per stream (one resource stands for both),
 * mute states (ModifyResource), CDN, the IM reconnect's ReconnectCommand (pp L1379-1440).
 */
import { RCRTCCode } from '@rongcloud/plugin-wechat-rtc'
import type { HubRoom } from './fake-hub-room'

/** What a publisher's resource list holds (one entry per published tag). */
export interface Resource {
  userId: string
  tag: string
  msid: string
  /** the RTC resource URI: new with every fresh publish */
  uri: string
}

export interface RtcLatency {
  /** a signalling round trip (join, setRTCTotalRes, quit, pull, ping) */
  signalMs: number
  /** a media gateway round trip (/exchange, /exit) */
  exchangeMs: number
  /** from the server's change to a receiver's SDK */
  notifyMs: number
}

export type ExchangeAnswer =
  | { code: RCRTCCode.SUCCESS; pushUrl?: string; resource?: Resource; playUrls: Map<string, string> }
  | { code: Exclude<RCRTCCode, RCRTCCode.SUCCESS> }

/** A change told to the room's other members. */
export type Notice = { kind: 'resources'; userId: string; resources: Resource[] } | { kind: 'state'; userId: string; joined: boolean }

interface ServerRoom {
  members: Map<string, HubRoom>
  resources: Map<string, Resource[]>
  version: number
}

interface MediaSession {
  roomId: string
  publishing: Resource | null
  /** msid → play URL this gateway relays to the phone */
  relays: Map<string, string>
}

export class FakeRtcServer {
  latency: RtcLatency = { signalMs: 40, exchangeMs: 80, notifyMs: 60 }
  /** how receivers learn of changes (see the header) */
  announce: 'message' | 'pull' = 'message'
  /** the plugin's ping gap (pp L1320 default 5e3) */
  pingGapMs = 5000
  /**
   * A phone whose pings have failed this long gives up the room itself: `start(3e4)` (pp L1930),
   * the check at pp L1367. The server's own eviction time is not documented: the same is assumed.
   */
  offlineKickMs = 30_000

  readonly rooms = new Map<string, ServerRoom>()
  private readonly sessions = new Map<string, MediaSession>()
  private readonly offline = new Set<string>()
  /** notices held per receiver (delivered in order on release) */
  private readonly held = new Map<string, (() => void)[]>()
  /** receivers whose notices are lost (the ping's pull has to catch up) */
  private readonly losing = new Set<string>()
  private readonly evictions = new Map<string, ReturnType<typeof setTimeout>>()
  private readonly gates = new Map<string, Promise<void>>()
  private uriSeq = 0

  // ---- what tests look at and do ---------------------------------------------------------------

  roomAlive(roomId: string): boolean {
    return (this.rooms.get(roomId)?.members.size ?? 0) > 0
  }

  /** msids published in the room now, as the server holds them */
  published(roomId: string): string[] {
    const room = this.rooms.get(roomId)
    return room ? [...room.resources.values()].flat().map((r) => r.msid).sort() : []
  }

  /** msid → play URL the gateway actually relays to `userId` (what its live-players can show) */
  relayed(userId: string): Map<string, string> {
    return new Map(this.sessions.get(userId)?.relays ?? [])
  }

  isOnline(userId: string): boolean {
    return !this.offline.has(userId)
  }

  /** The phone's network goes: its calls fail, its pings too; the server evicts it after offlineKickMs. */
  drop(userId: string): void {
    this.offline.add(userId)
    for (const [roomId, room] of this.rooms) {
      if (!room.members.has(userId) || this.evictions.has(userId)) continue
      this.evictions.set(
        userId,
        setTimeout(() => {
          this.evictions.delete(userId)
          this.removeMember(roomId, userId)
        }, this.offlineKickMs),
      )
    }
  }

  restore(userId: string): void {
    this.offline.delete(userId)
    const eviction = this.evictions.get(userId)
    if (eviction) clearTimeout(eviction)
    this.evictions.delete(userId)
  }

  /** Notices to `userId` wait until the returned function is called (a slow push). */
  holdNotices(userId: string): () => void {
    if (!this.held.has(userId)) this.held.set(userId, [])
    return () => {
      const queue = this.held.get(userId) ?? []
      this.held.delete(userId)
      queue.forEach((deliver) => deliver())
    }
  }

  /** The gateway's answers to `userId` wait until the returned function is called (a slow gateway). */
  holdExchanges(userId: string): () => void {
    let open: () => void = () => undefined
    const gate = new Promise<void>((resolve) => (open = resolve))
    this.gates.set(userId, gate)
    return () => {
      if (this.gates.get(userId) === gate) this.gates.delete(userId)
      open()
    }
  }

  /** Notices to `userId` are lost until the returned function is called: only its ping's pull catches up. */
  loseNotices(userId: string): () => void {
    this.losing.add(userId)
    return () => void this.losing.delete(userId)
  }

  dispose(): void {
    this.evictions.forEach((t) => clearTimeout(t))
    this.evictions.clear()
    for (const room of this.rooms.values()) room.members.forEach((m) => m.destroyQuietly())
    this.rooms.clear()
  }

  // ---- signalling (what the plugin's IM context reaches) --------------------------------------

  /** A signalling round trip from `userId`: rejects when its connection is down. */
  async signal<T>(userId: string, answer: () => T): Promise<T> {
    await wait(this.latency.signalMs)
    if (this.offline.has(userId)) throw new Error('signal: not connected')
    return answer()
  }

  joinMember(roomId: string, member: HubRoom): { resources: Map<string, Resource[]> } {
    const room = this.rooms.get(roomId) ?? { members: new Map(), resources: new Map(), version: 0 }
    this.rooms.set(roomId, room)
    const before = room.members.get(member.userId)
    if (before && before !== member) before.destroyQuietly()
    room.members.set(member.userId, member)
    if (!room.resources.has(member.userId)) room.resources.set(member.userId, [])
    this.changed(roomId, room, { kind: 'state', userId: member.userId, joined: true })
    return { resources: copy(room.resources) }
  }

  quitMember(roomId: string, userId: string, member: HubRoom): void {
    if (this.rooms.get(roomId)?.members.get(userId) === member) this.removeMember(roomId, userId)
  }

  setResources(roomId: string, userId: string, resources: Resource[]): void {
    const room = this.rooms.get(roomId)
    if (!room?.members.has(userId)) return
    room.resources.set(userId, resources.map((r) => ({ ...r })))
    this.changed(roomId, room, { kind: 'resources', userId, resources })
  }

  /** The pull's answer (pp L1774-1787): the whole room as it is now. */
  status(roomId: string): { version: number; resources: Map<string, Resource[]> } {
    const room = this.rooms.get(roomId)
    return { version: room?.version ?? 0, resources: room ? copy(room.resources) : new Map() }
  }

  version(roomId: string): number {
    return this.rooms.get(roomId)?.version ?? 0
  }

  private removeMember(roomId: string, userId: string): void {
    const room = this.rooms.get(roomId)
    if (!room?.members.has(userId)) return
    room.members.delete(userId)
    room.resources.delete(userId)
    this.sessions.delete(userId)
    this.changed(roomId, room, { kind: 'state', userId, joined: false })
    if (room.members.size === 0) this.rooms.delete(roomId)
  }

  private changed(roomId: string, room: ServerRoom, notice: Notice): void {
    room.version += 1
    for (const [userId, member] of room.members) {
      if (userId === notice.userId || this.offline.has(userId) || this.losing.has(userId)) continue
      const deliver = () => void setTimeout(() => member.notify(notice), this.latency.notifyMs)
      const held = this.held.get(userId)
      if (held) held.push(deliver)
      else deliver()
    }
  }

  // ---- the media gateway (what the plugin's HTTP requests reach, pp L109-170) -------------------

  /**
   * /exchange: the phone's whole session: what it publishes and what it subscribes (each request
   * replaces the last). What the gateway answers for a resource no longer published is not
   * documented: it is left out of the answer, which the plugin turns into an empty URL (pp L522-533).
   */
  async exchange(userId: string, roomId: string, request: { publishTag: string | null; subscribe: { msid: string; uri: string }[] }): Promise<ExchangeAnswer> {
    await wait(this.latency.exchangeMs)
    await this.gates.get(userId)
    // httpReq failing: status is not 200, REQUEST_FAILED (pp L147-160)
    if (this.offline.has(userId)) return { code: RCRTCCode.REQUEST_FAILED }
    const session = this.sessions.get(userId) ?? { roomId, publishing: null, relays: new Map() }
    this.sessions.set(userId, session)
    if (request.publishTag) {
      const msid = `${userId}_${request.publishTag}`
      if (session.publishing?.msid !== msid) {
        this.uriSeq += 1
        session.publishing = { userId, tag: request.publishTag, msid, uri: `rtc://${roomId}/${msid}/${this.uriSeq}` }
      }
    } else {
      session.publishing = null
    }
    const live = new Map([...(this.rooms.get(roomId)?.resources.values() ?? [])].flat().map((r) => [r.msid, r.uri]))
    session.relays = new Map()
    for (const { msid, uri } of request.subscribe) {
      if (live.get(msid) === uri) session.relays.set(msid, `rtmp://play.fake/${userId}/${uri.slice('rtc://'.length)}`)
    }
    const resource = session.publishing ?? undefined
    const pushUrl = resource ? `rtmp://push.fake/${resource.uri.slice('rtc://'.length)}` : undefined
    return { code: RCRTCCode.SUCCESS, pushUrl, resource, playUrls: new Map(session.relays) }
  }

  /** /exit: the gateway forgets the phone's session: nothing is relayed to it any more. */
  async exit(userId: string): Promise<{ code: RCRTCCode }> {
    await wait(this.latency.exchangeMs)
    if (this.offline.has(userId)) return { code: RCRTCCode.REQUEST_FAILED }
    this.sessions.delete(userId)
    return { code: RCRTCCode.SUCCESS }
  }
}

/** The slice of the plugin's core context the fake dispatches on (one per phone's plugin copy). */
export interface CoreContextLike {
  dispatch(event: string, ...args: unknown[]): void
}

export const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

const copy = (resources: Map<string, Resource[]>) => new Map([...resources].map(([k, v]) => [k, v.map((r) => ({ ...r }))]))
