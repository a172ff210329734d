/** Time, injectable: tests move it forward instead of waiting (claims expire after 90 s). */
export interface Clock {
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }
