/**
 * Mirrors the room's like total into a view, with floating hearts, at most one setData per
 * `flushMs` (default 500 ms: 2 a second, whatever a full room taps).
 *
 * Why: in a full room (16 people) up to 15 like signals a second reach every phone, and each one
 * changes room.likes. Binding the total straight to the page would cost a setData per signal, next
 * to the chat list's (utils/list-sync.ts, ≤ 8 a second) — over the 10 a second a room may cost.
 * Here the first change after a quiet spell shows at once (my own tap feels instant), the rest
 * are gathered: one setData carries the new total and up to `perFlush` new hearts. Hearts sit in
 * a ring of `slots`: a new heart takes the next slot with a new key, so the old node goes and the
 * new one's CSS animation starts; a heart that has floated away needs no setData to go.
 */
import { reaction } from 'mobx-miniprogram'
import { systemSchedule, type Cancel } from '../../../core/timers'
import { countText } from '../../../utils/format'
import type { ListSyncClock, SetDataTarget } from '../../../utils/list-sync'

export interface HeartView {
  key: number
  /** shown (a slot that never held a heart is off) */
  on: boolean
  /** which of three paths it floats up */
  lane: number
  /** which of four pinks */
  tint: number
}

export interface LikeSyncOptions {
  target: SetDataTarget
  /** the total (tracked by MobX) */
  read: () => number
  slots?: number
  perFlush?: number
  flushMs?: number
  clock?: ListSyncClock
}

export interface LikeSync {
  flush(): void
  dispose(): void
}

const systemClock: ListSyncClock = { now: () => Date.now(), schedule: systemSchedule }

export function emptyHearts(slots: number): HeartView[] {
  return Array.from({ length: slots }, (_, i) => ({ key: -1 - i, on: false, lane: i % 3, tint: i % 4 }))
}

export function createLikeSync(options: LikeSyncOptions): LikeSync {
  const { target, read } = options
  const slots = options.slots ?? 8
  const perFlush = options.perFlush ?? 4
  const flushMs = options.flushMs ?? 500
  const clock = options.clock ?? systemClock
  let shown = read()
  let next = 0
  let seq = 0
  let timer: Cancel | null = null
  let lastFlushAt = Number.NEGATIVE_INFINITY
  let disposed = false

  const flush = (): void => {
    timer?.()
    timer = null
    if (disposed) return
    const total = read()
    if (total === shown) return
    lastFlushAt = clock.now()
    const data: Record<string, unknown> = { total: countText(total) }
    if (total < shown) {
      // another room (or none): start over without hearts
      data.hearts = emptyHearts(slots)
      next = 0
    } else {
      for (let i = 0; i < Math.min(total - shown, perFlush); i++) {
        seq += 1
        data[`hearts[${next}]`] = { key: seq, on: true, lane: seq % 3, tint: seq % 4 }
        next = (next + 1) % slots
      }
    }
    shown = total
    target.setData(data)
  }

  const dispose = reaction(read, () => {
    if (timer !== null || disposed) return
    timer = clock.schedule(flush, Math.max(0, lastFlushAt + flushMs - clock.now()))
  })

  target.setData({ total: countText(shown), hearts: emptyHearts(slots) })

  return {
    flush,
    dispose() {
      disposed = true
      dispose()
      timer?.()
      timer = null
    },
  }
}
