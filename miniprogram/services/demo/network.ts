/** createDemoNetwork: many clients on one in-memory hub, with latency and fault injection. */
import type { ErrorCode } from '../../core/errors'
import type { Profile } from '../../core/types'
import type { RtcService, RtsService } from '../types'
import { DemoClient } from './client'
import { Hub } from './hub'
import { DemoRtcService } from './rtc-client'
import { DemoRtsService } from './rts-client'

export interface DemoNetworkOptions {
  /** one round trip; default 0 (still asynchronous) */
  latencyMs?: number
  /** the server clock used for message timestamps and the rate limit; default Date.now */
  now?: () => number
  /**
   * After this long dropped, the server removes the client from its chatroom (its entries go, the
   * others see it leave) and from its RTC room (its stream goes). On restore it re-enters the
   * chatroom if the room still exists ('rejoined') or gets 'lost' ROOM_NOT_FOUND, and gets an RTC
   * 'kicked' event. Default: never (the server has not noticed the drop yet).
   */
  offlineTimeoutMs?: number
  /** where an error thrown by a listener goes; default: an unhandled promise rejection */
  onListenerError?: (error: unknown) => void
}

export interface DemoNetwork {
  /** A new app instance whose "token" stands for `profile.id`; call rts.connect to sign in. */
  connect(profile: Profile): { rts: RtsService; rtc: RtcService }
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
  /** delivers a raw 'signal' RoomEvent to everyone connected in room `roomId` but `senderId`, latencyMs/2 from now */
  inject(roomId: string, senderId: string, payload: unknown): void
  /** live subscriptions across all clients, and pending timers owned by the network */
  stats(): { listeners: number; timers: number }
  setLatency(ms: number): void
  readonly latencyMs: number
  /** clears every timer (pending promises never settle afterwards) */
  close(): void
}

/** Internal handle for startSimulatedPeers; not part of the public DemoNetwork. */
export const hubOf = new WeakMap<DemoNetwork, Hub>()

export function createDemoNetwork(options: DemoNetworkOptions = {}): DemoNetwork {
  const timeout = options.offlineTimeoutMs
  const hub = new Hub(sanitizeLatency(options.latencyMs ?? 0), options.now, timeout !== undefined && Number.isFinite(timeout) ? Math.max(0, timeout) : null)
  const network: DemoNetwork = {
    connect(profile) {
      const client = new DemoClient({ ...profile }, hub.listeners)
      return { rts: new DemoRtsService(hub, client), rtc: new DemoRtcService(hub, client) }
    },
    drop: (userId) => hub.drop(userId),
    restore: (userId) => hub.restore(userId),
    kick: (userId) => hub.kick(userId),
    refuseConnect(userId, code) {
      if (code) hub.connectErrors.set(userId, code)
      else hub.connectErrors.delete(userId)
    },
    inject: (roomId, senderId, payload) => hub.chatrooms.inject(roomId, senderId, payload),
    stats: () => ({ listeners: hub.listeners.live, timers: hub.scheduler.count }),
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
