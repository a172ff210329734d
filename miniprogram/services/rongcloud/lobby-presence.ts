/**
 * Who is in the lobby, beyond what RongCloud lists, and how a member answers newcomers.
 *
 * getChatRoomInfo names at most 20 members, the most recent (imlib-next index.d.ts L4915, count
 * "传值范围：0-20"), so in a bigger lobby everyone else is known only from our presence signals.
 * A member whose app was killed sends no 'offline'; RongCloud evicts it only after 30 s offline
 * and a message. So a member not heard of for presenceTtl (and not among the 20 listed) is dropped,
 * and in a lobby larger than that list every member says 'here' once per heartbeatInterval to stay
 * listed. The interval grows with the lobby, so all of them together send at most
 * HEARTBEATS_PER_SECOND.
 *
 * Answers: a newcomer's 'online' is answered with one 'here', which the whole lobby hears, so
 * one answer serves every newcomer waiting. At most one answer is pending, answers are at least
 * ANSWER_GAP_MS apart, and each sender is answered at most once per ANSWER_INTERVAL_MS (until it
 * says 'offline'): modified clients repeating 'online' cannot make everyone spend the 5 messages a
 * second RongCloud allows each client (services/rongcloud/send-queue.ts).
 */
import type { Clock } from './clock'
import type { Cancel, Timers } from '../../core/timers'
import type { Profile } from '../../core/types'

/** getChatRoomInfo lists at most this many members; the lobby list shows as many others. */
export const INFO_LIST_MAX = 20
export const LOBBY_LIST_CAP = 20
export const PRESENCE_HEARTBEAT_MS = 60_000
/** all heartbeats of a lobby together, per second at most */
export const HEARTBEATS_PER_SECOND = 2
export const ANSWER_INTERVAL_MS = 30_000
export const ANSWER_GAP_MS = 5_000
export const HERE_DELAY_MIN_MS = 300
export const HERE_DELAY_SPREAD_MS = 1500
/** people remembered at most (the list shows LOBBY_LIST_CAP of them) */
const KNOWN_CAP = 200
/** senders whose answer is remembered at most */
const ANSWERED_CAP = 256

/** How often a member of a lobby of `memberCount` says 'here' to stay listed. */
export function heartbeatInterval(memberCount: number): number {
  return Math.max(PRESENCE_HEARTBEAT_MS, (Math.max(0, memberCount) * 1000) / HEARTBEATS_PER_SECOND)
}

/** Not heard of for this long (three heartbeats missed): gone. */
export function presenceTtl(memberCount: number): number {
  return 3 * heartbeatInterval(memberCount)
}

/** The others in the lobby with when we last heard of them. */
export class Roster {
  private readonly byId = new Map<string, { profile: Profile; seen: number }>()

  constructor(private readonly now: () => number) {}

  get size(): number {
    return this.byId.size
  }

  /** Heard of `profile` now; true when they are new. */
  heard(profile: Profile): boolean {
    const isNew = !this.byId.delete(profile.id)
    this.byId.set(profile.id, { profile, seen: this.now() })
    if (this.byId.size > KNOWN_CAP) this.dropStalest()
    return isNew
  }

  /** RongCloud lists these ids as members now: they are present. */
  confirm(ids: readonly string[]): void {
    const now = this.now()
    for (const id of ids) {
      const known = this.byId.get(id)
      if (known) known.seen = now
    }
  }

  /** The full member list: whoever is not in it has left. */
  keepOnly(ids: ReadonlySet<string>): void {
    for (const id of Array.from(this.byId.keys())) if (!ids.has(id)) this.byId.delete(id)
  }

  remove(id: string): boolean {
    return this.byId.delete(id)
  }

  /** Drops whoever was not heard of for `ttl`; true when someone went. */
  expire(ttl: number): boolean {
    const cutoff = this.now() - ttl
    let changed = false
    for (const [id, known] of Array.from(this.byId)) {
      if (known.seen < cutoff) changed = this.byId.delete(id) || changed
    }
    return changed
  }

  /** The most recently heard of first, at most LOBBY_LIST_CAP. */
  list(): Profile[] {
    return Array.from(this.byId.values())
      .sort((a, b) => b.seen - a.seen)
      .slice(0, LOBBY_LIST_CAP)
      .map((u) => u.profile)
  }

  clear(): void {
    this.byId.clear()
  }

  private dropStalest(): void {
    let stalest: string | null = null
    let seen = Infinity
    for (const [id, known] of this.byId) {
      if (known.seen < seen) {
        seen = known.seen
        stalest = id
      }
    }
    if (stalest !== null) this.byId.delete(stalest)
  }
}

/** Decides when to answer 'online' with a 'here' (see the header). */
export class Answerer {
  /** sender → when an answer was promised to them */
  private readonly answered = new Map<string, number>()
  private pending: Cancel | null = null
  private lastAnswer = -Infinity

  constructor(
    private readonly timers: Timers,
    private readonly clock: Clock,
    private readonly answer: () => void,
  ) {}

  online(senderId: string): void {
    const now = this.clock.now()
    const promised = this.answered.get(senderId)
    if (promised !== undefined && now - promised < ANSWER_INTERVAL_MS) return
    this.answered.delete(senderId)
    this.answered.set(senderId, now)
    if (this.answered.size > ANSWERED_CAP) this.forgetOld(now)
    if (this.pending) return // the answer on its way serves this sender too
    const jitter = HERE_DELAY_MIN_MS + Math.floor(this.clock.random() * HERE_DELAY_SPREAD_MS)
    const wait = Math.max(jitter, this.lastAnswer + ANSWER_GAP_MS - now)
    this.pending = this.timers.after(wait, () => {
      this.pending = null
      this.lastAnswer = this.clock.now()
      this.answer()
    })
  }

  /** The sender left: when they come back, they are answered again. */
  offline(senderId: string): void {
    this.answered.delete(senderId)
  }

  /** Out of the lobby: nothing pending (the caller has cleared its timers), nobody remembered. */
  reset(): void {
    this.pending?.()
    this.pending = null
    this.answered.clear()
  }

  private forgetOld(now: number): void {
    for (const [id, at] of Array.from(this.answered)) if (now - at >= ANSWER_INTERVAL_MS) this.answered.delete(id)
    // still too many: the oldest promises go first (Map order is insertion order)
    for (const id of Array.from(this.answered.keys())) {
      if (this.answered.size <= ANSWERED_CAP) break
      this.answered.delete(id)
    }
  }
}
