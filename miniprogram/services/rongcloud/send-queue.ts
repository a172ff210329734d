/**
 * Every message this client sends goes through one queue that keeps to RongCloud's client send
 * limit (5 messages per second). A send over the budget waits briefly; when the queue is full or
 * the wait would be too long it is rejected with RATE_LIMITED, so nothing is dropped silently.
 */
import { AppError } from '../../core/errors'
import type { Cancel } from '../../core/timers'
import type { Clock } from './clock'
import { systemClock } from './clock'

export interface SendQueueOptions {
  perSecond?: number
  /** sends waiting at most */
  maxQueued?: number
  /** a send that would start later than this is rejected instead */
  maxWaitMs?: number
  clock?: Clock
}

export interface SendQueue {
  run<T>(task: () => Promise<T>): Promise<T>
  /** rejects everything waiting (on disconnect) */
  clear(error: AppError): void
  readonly waiting: number
}

interface Pending {
  start(): void
  fail(error: AppError): void
}

const WINDOW_MS = 1000

export function createSendQueue(options: SendQueueOptions = {}): SendQueue {
  const perSecond = options.perSecond ?? 5
  const maxQueued = options.maxQueued ?? 20
  const maxWaitMs = options.maxWaitMs ?? 2000
  const clock = options.clock ?? systemClock
  const starts: number[] = []
  const pending: Pending[] = []
  let timer: Cancel | null = null

  function prune(now: number): void {
    while (starts.length && starts[0] <= now - WINDOW_MS) starts.shift()
  }

  function pump(): void {
    timer = null
    const now = clock.now()
    prune(now)
    while (pending.length && starts.length < perSecond) {
      starts.push(now)
      const next = pending.shift()
      if (next) next.start()
    }
    if (pending.length && timer === null) {
      timer = clock.schedule(pump, Math.max(0, starts[0] + WINDOW_MS - now))
    }
  }

  /** Upper bound of how long a send queued now waits before it starts. */
  function expectedWait(now: number): number {
    const ahead = starts.length + pending.length
    if (ahead < perSecond) return 0
    const oldest = starts[0] ?? now
    const firstFree = Math.max(0, oldest + WINDOW_MS - now)
    return firstFree + Math.floor((ahead - perSecond) / perSecond) * WINDOW_MS
  }

  return {
    get waiting() {
      return pending.length
    },
    run<T>(task: () => Promise<T>): Promise<T> {
      const now = clock.now()
      prune(now)
      if (pending.length >= maxQueued || expectedWait(now) > maxWaitMs) {
        return Promise.reject(new AppError('RATE_LIMITED'))
      }
      return new Promise<T>((resolve, reject) => {
        pending.push({
          start: () => {
            task().then(resolve, reject)
          },
          fail: reject,
        })
        pump()
      })
    },
    clear(error: AppError) {
      timer?.()
      timer = null
      pending.splice(0).forEach((p) => p.fail(error))
    },
  }
}
