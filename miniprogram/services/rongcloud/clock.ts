/** Time as the adapter sees it; injected so tests can drive it with fake timers or a manual clock. */
import { systemSchedule, type Schedule } from '../../core/timers'

export interface Clock {
  now(): number
  /** timers (core/timers.ts) */
  schedule: Schedule
  /** 0 ≤ x < 1, for jitter */
  random(): number
}

export const systemClock: Clock = {
  now: () => Date.now(),
  schedule: systemSchedule,
  random: () => Math.random(),
}

/** A sleep that a later cancel() resolves early (the caller re-checks whether to go on). */
export function cancellableSleep(clock: Clock, ms: number): { done: Promise<void>; cancel(): void } {
  let finish: () => void = () => undefined
  let cancelTimer: () => void = () => undefined
  const done = new Promise<void>((resolve) => {
    finish = resolve
    cancelTimer = clock.schedule(resolve, ms)
  })
  return {
    done,
    cancel() {
      cancelTimer()
      finish()
    },
  }
}
