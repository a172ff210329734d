/**
 * Likes: the audience taps a heart; everyone in the room sees the room's total since it went live.
 *
 * - A viewer's taps count on their own phone at once and go out as one `like` signal carrying the
 *   count, at most one signal a second (LIKE_SIGNAL_MS). Every send shares RongCloud's 5 messages a
 *   second with chat (services/rongcloud/send-queue.ts, services/demo/rate-limit.ts), so however fast
 *   a thumb taps, liking takes one of the five and chat keeps four.
 * - Everyone adds the like signals they receive (room-events.ts: `{ add }`).
 * - The host also keeps the total in a room attribute it owns (ROOM_KEYS.likes, written at most once
 *   a second when it changed). A late joiner starts from it; a phone that missed signals (they are not
 *   stored: a reconnect loses them) catches up with it, because the host's total only ever raises what
 *   a phone shows (`{ atLeast }`). So every phone shows the host's count within a second or two.
 *
 * A failed send keeps its taps for the next signal, a failed write is tried again a second later;
 * after MAX_FAILURES failures in a row they are given up (the taps still count on this phone). Taps
 * of the last second before leaving are not sent.
 */
import { action, makeObservable, observable } from 'mobx-miniprogram'
import { AppError } from '../../core/errors'
import { assertCan, type Role } from '../../core/roles'
import { likeTotalEntry } from '../../core/room-protocol'
import type { Cancel, Schedule } from '../../core/timers'
import { MAX_LIKES_PER_SIGNAL } from '../../core/wire'
import type { RtsService } from '../../services/types'
import type { RoomStatus } from '../types'

/** What an incoming event does to the total: someone's taps, or the host's total. */
export interface LikesChange {
  add?: number
  atLeast?: number
}

export interface LikesDeps {
  rts: Pick<RtsService, 'sendRoomSignal' | 'setRoomEntry'>
  schedule: Schedule
  now(): number
  role(): Role
  status(): RoomStatus
}

/** At most one like signal per person per second. */
export const LIKE_SIGNAL_MS = 1000
/** The host writes the total at most once a second. */
export const LIKE_WRITE_MS = 1000
const MAX_FAILURES = 10

const inRoom = (status: RoomStatus): boolean => status === 'live' || status === 'reconnecting'

/** A send that may go out at most once per `intervalMs`, one at a time, on the room visit it began in. */
class Throttled {
  private timer: Cancel | null = null
  private busy = false
  private lastAt = Number.NEGATIVE_INFINITY

  constructor(
    private readonly deps: Pick<LikesDeps, 'schedule' | 'now'>,
    private readonly intervalMs: number,
    /** sends what is due; resolves true when more is waiting */
    private readonly run: () => Promise<boolean>,
  ) {}

  request(): void {
    if (this.timer || this.busy) return
    const wait = Math.max(0, this.lastAt + this.intervalMs - this.deps.now())
    this.timer = this.deps.schedule(() => this.fire(), wait)
  }

  cancel(): void {
    this.timer?.()
    this.timer = null
    this.busy = false
    this.lastAt = Number.NEGATIVE_INFINITY
  }

  private fire(): void {
    this.timer = null
    this.busy = true
    this.lastAt = this.deps.now()
    const started = this.lastAt
    void this.run().then((again) => {
      // cancel() meanwhile: a new visit began, this send is none of its business
      if (this.lastAt !== started || !this.busy) return
      this.busy = false
      if (again) this.request()
    })
  }
}

export class RoomLikes {
  /** the room's total since it went live, as this phone knows it */
  total = 0
  /** my taps not sent yet */
  private pending = 0
  private failures = 0
  private writeFailures = 0
  /** host: the total changed since it was last written */
  private unwritten = false
  private visit = 0
  private readonly signal: Throttled
  private readonly write: Throttled

  constructor(private readonly deps: LikesDeps) {
    this.signal = new Throttled(deps, LIKE_SIGNAL_MS, () => this.sendSignal())
    this.write = new Throttled(deps, LIKE_WRITE_MS, () => this.writeTotal())
    makeObservable<this, 'add'>(this, { total: observable, like: action, apply: action, reset: action, add: action })
  }

  /** A tap on the heart: NOT_ALLOWED unless I am audience in a live room. */
  like(): void {
    assertCan(this.deps.role(), 'like')
    if (!inRoom(this.deps.status())) throw new AppError('NOT_ALLOWED', '当前不在直播中')
    this.total += 1
    this.pending += 1
    this.signal.request()
  }

  apply(change: LikesChange): void {
    if (change.add) this.add(change.add)
    if (change.atLeast !== undefined && change.atLeast > this.total) this.total = change.atLeast
  }

  /** A new room visit (or none): nothing of the last one is sent any more. */
  reset(): void {
    this.visit += 1
    this.signal.cancel()
    this.write.cancel()
    this.total = 0
    this.pending = 0
    this.failures = 0
    this.writeFailures = 0
    this.unwritten = false
  }

  private add(count: number): void {
    this.total += count
    if (this.deps.role() !== 'host') return
    this.unwritten = true
    this.write.request()
  }

  private async sendSignal(): Promise<boolean> {
    const visit = this.visit
    if (!inRoom(this.deps.status()) || !this.pending) return false
    const count = Math.min(this.pending, MAX_LIKES_PER_SIGNAL)
    this.pending -= count
    try {
      await this.deps.rts.sendRoomSignal({ type: 'like', count })
      if (visit === this.visit) this.failures = 0
    } catch {
      if (visit !== this.visit) return false
      this.failures += 1
      if (this.failures < MAX_FAILURES) this.pending += count
      else this.pending = this.failures = 0
    }
    return visit === this.visit && this.pending > 0
  }

  private async writeTotal(): Promise<boolean> {
    const visit = this.visit
    if (!inRoom(this.deps.status()) || !this.unwritten) return false
    this.unwritten = false
    const entry = likeTotalEntry(this.total)
    try {
      await this.deps.rts.setRoomEntry(entry.key, entry.value)
      if (visit === this.visit) this.writeFailures = 0
    } catch {
      if (visit !== this.visit) return false
      // tried again a second later; given up after MAX_FAILURES (the next like tries anew)
      this.writeFailures += 1
      if (this.writeFailures < MAX_FAILURES) this.unwritten = true
      else this.writeFailures = 0
    }
    return visit === this.visit && this.unwritten
  }
}
