/** createDemoNetwork: many clients on one in-memory hub, with latency and fault injection. */
import { AppError, type ErrorCode } from '../../core/errors'
import { createDocumentVerifier, type DocumentVerifier } from '../../core/signed-docs'
import type { Profile } from '../../core/types'
import type { BackendService, RtcService, RtsService } from '../types'
import { DemoBackendService } from './backend-client'
import { forceEntry } from './chatroom-kv'
import { DEMO_PUBLIC_KEY } from '../demo-key'
import { DemoClient } from './client'
import { ed25519 } from './ed25519'
import { Hub } from './hub'
import { DemoRtcService } from './rtc-client'
import { DemoRtsService } from './rts-client'

export interface DemoNetworkOptions {
  /** one round trip; default 0 (still asynchronous) */
  latencyMs?: number
  /** the server clock used for message timestamps and the rate limit; default Date.now */
  now?: () => number
  /**
   * How long the servers take to give up on a device that went away without a word (dropped, or
   * signed in elsewhere). Default 30 s, as RongCloud (chatroom-lifetime.ts, rtc-rooms.ts):
   * - the chatroom removes a dropped member (its auto-delete entries go, the others see it leave)
   *   only at the first message after this long, or at the 31st message before it — never
   *   without messages; on restore the SDK re-enters the room if it still exists ('rejoined') or
   *   gets 'lost' ROOM_NOT_FOUND;
   * - the RTC room removes its presence (stream and seat) after this long; after a restore the
   *   device gets an RTC 'kicked' event.
   * Infinity: never.
   */
  offlineTimeoutMs?: number
  /**
   * How long after (re-)entering a chatroom the SDK's KV pull lands; default one round trip.
   * Past 2 s a join hands back no entries (the RongCloud service stops waiting for the pull) and
   * they arrive later as 'entry' events; 180 s models a first pull that failed (entry-sync.ts).
   */
  entrySyncMs?: number
  /**
   * The demo service binds each room's chatroom to its RTC room when it creates it (RongCloud's
   * bindRTCRoomForChatroom), so a quiet room is not destroyed while anyone is in the RTC room.
   * Default true; false: rooms die after an idle hour like any chatroom.
   */
  bindRtcRooms?: boolean
  /**
   * When a sender hears that content safety refused its message (content-check.ts): this long
   * after the server took it. Default one round trip (after the send resolved); 0: before it.
   */
  blockNoticeMs?: number
  /** How long an uploaded avatar stays pending before the demo's "media check" passes it (backend-avatars.ts); default 3 s. */
  avatarCheckMs?: number
  /** where an error thrown by a listener goes; default: an unhandled promise rejection */
  onListenerError?: (error: unknown) => void
}

/**
 * One app instance's services on the demo network, and the verifier of its backend's documents
 * (the demo key, as the app's composition root makes it in demo mode), so that
 * `createStore(network.connect(profile))` runs the app's verified path; a store given only
 * `{ rts, rtc }` runs the unsigned one (no backend, as with dev tokens).
 */
export interface DemoServices {
  rts: RtsService
  rtc: RtcService
  backend: BackendService
  documents: DocumentVerifier
}

export interface DemoNetwork {
  /**
   * A new app instance whose "token" stands for `profile.id`; call rts.connect to sign in. Its
   * backend is the network's stand-in for our server (backend-server.ts), signing with the demo key.
   */
  connect(profile: Profile): DemoServices
  /** the client loses its connection (the server has not noticed yet) */
  drop(userId: string): void
  /** ... and gets it back: the SDK re-enters its chatroom by itself */
  restore(userId: string): void
  /** the same account signed in elsewhere */
  kick(userId: string): void
  /**
   * From now on connect() for `userId` ends in 'failed' with this error (TOKEN_INVALID,
   * SERVICE_NOT_ENABLED, NETWORK, ...), like RongCloud's refused connects; null lets it in again.
   */
  refuseConnect(userId: string, code: ErrorCode | null): void
  /**
   * A modified client: `userId`'s app force-writes (a value) or force-deletes (null) entry `key` of
   * chatroom `chatroomId` ('lobby' or 'room-<number>'), whoever wrote it, as RongCloud's
   * forceSetChatRoomEntry / forceRemoveChatRoomEntry let any member do (chatroom-kv.ts). One round
   * trip; NOT_CONNECTED unless that person is connected and in that chatroom.
   */
  forceEntry(userId: string, chatroomId: string, key: string, value: string | null): Promise<void>
  /** delivers a raw 'signal' RoomEvent to everyone connected in room `roomId` but `senderId`, latencyMs/2 from now */
  inject(roomId: string, senderId: string, payload: unknown): void
  /**
   * Live subscriptions across all clients, and pending timers owned by the network: `timers` for
   * traffic (requests, deliveries, simulated people), `housekeeping` for what lives as long as a
   * room or a dropped device does (idle chatrooms, RTC keepalive timeouts).
   */
  stats(): { listeners: number; timers: number; housekeeping: number }
  setLatency(ms: number): void
  readonly latencyMs: number
  /** clears every timer (pending promises never settle afterwards) */
  close(): void
}

/** RongCloud: a member is removed at a message 30 s after it went offline (chatroom-lifetime.ts). */
export const DEFAULT_OFFLINE_TIMEOUT_MS = 30_000

/** Internal handle for startSimulatedPeers; not part of the public DemoNetwork. */
export const hubOf = new WeakMap<DemoNetwork, Hub>()

export function createDemoNetwork(options: DemoNetworkOptions = {}): DemoNetwork {
  const hub = new Hub(sanitizeLatency(options.latencyMs ?? 0), options.now)
  const timeout = options.offlineTimeoutMs ?? DEFAULT_OFFLINE_TIMEOUT_MS
  hub.server.offlineTimeoutMs = Number.isNaN(timeout) ? DEFAULT_OFFLINE_TIMEOUT_MS : Math.max(0, timeout)
  const sync = options.entrySyncMs
  hub.server.entrySyncMs = sync !== undefined && Number.isFinite(sync) ? Math.max(0, sync) : null
  hub.server.bindRtcRooms = options.bindRtcRooms ?? true
  const notice = options.blockNoticeMs
  if (notice !== undefined && Number.isFinite(notice)) hub.server.blockNoticeMs = Math.max(0, notice)
  if (options.avatarCheckMs !== undefined && options.avatarCheckMs >= 0) hub.avatars.checkMs = options.avatarCheckMs
  const network: DemoNetwork = {
    connect(profile) {
      const client = new DemoClient({ ...profile }, hub.listeners)
      const backend = new DemoBackendService(hub, client)
      const documents = createDocumentVerifier({ publicKey: DEMO_PUBLIC_KEY, now: () => backend.now(), ed25519 })
      return { rts: new DemoRtsService(hub, client), rtc: new DemoRtcService(hub, client), backend, documents }
    },
    drop: (userId) => hub.drop(userId),
    restore: (userId) => hub.restore(userId),
    kick: (userId) => hub.kick(userId),
    refuseConnect(userId, code) {
      if (code) hub.connectErrors.set(userId, code)
      else hub.connectErrors.delete(userId)
    },
    forceEntry(userId, chatroomId, key, value) {
      const client = hub.server.account(userId)?.client
      if (!client) return Promise.reject(new AppError('NOT_CONNECTED'))
      return hub.request(client, (account) => forceEntry(hub.chatrooms, account, chatroomId, key, value))
    },
    inject: (roomId, senderId, payload) => hub.chatrooms.inject(roomId, senderId, payload),
    stats: () => ({ listeners: hub.listeners.live, timers: hub.scheduler.count, housekeeping: hub.server.housekeeping.count }),
    setLatency(ms) {
      hub.latencyMs = sanitizeLatency(ms)
    },
    get latencyMs() {
      return hub.latencyMs
    },
    close: () => hub.close(),
  }
  if (options.onListenerError) hub.listeners.report = options.onListenerError
  hubOf.set(network, hub)
  return network
}

function sanitizeLatency(ms: number): number {
  return Number.isFinite(ms) && ms > 0 ? ms : 0
}
