/** Time as the adapter sees it; injected so tests can drive it with fake timers or a manual clock. */
export interface Clock {
  now(): number
  setTimeout(fn: () => void, ms: number): number
  clearTimeout(handle: number): void
  /** 0 ≤ x < 1, for jitter */
  random(): number
}

export const systemClock: Clock = {
  now: () => Date.now(),
  // wx and node both return something usable as a handle; keep it opaque behind a number
  setTimeout: (fn, ms) => setTimeout(fn, ms) as unknown as number,
  clearTimeout: (handle) => clearTimeout(handle),
  random: () => Math.random(),
}

/** A sleep that a later cancel() resolves early (the caller re-checks whether to go on). */
export function cancellableSleep(clock: Clock, ms: number): { done: Promise<void>; cancel(): void } {
  let finish: () => void = () => undefined
  let handle = 0
  const done = new Promise<void>((resolve) => {
    finish = resolve
    handle = clock.setTimeout(resolve, ms)
  })
  return {
    done,
    cancel() {
      clock.clearTimeout(handle)
      finish()
    },
  }
}
