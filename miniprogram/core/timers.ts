/**
 * The app's one way to set a timer. Everything that waits (media recovery backoff, the RTC
 * adapter's rejoin, the RongCloud connection backoff and send queue, the demo network's latency,
 * the chat list's flush) takes a Schedule, so tests drive time with fake timers or by hand.
 */

/** Cancels what it was returned for; calling it again, or after the timer ran, does nothing. */
export type Cancel = () => void

/** Runs `fn` once, `ms` from now (never synchronously); returns its cancel. */
export type Schedule = (fn: () => void, ms: number) => Cancel

export const systemSchedule: Schedule = (fn, ms) => {
  const handle = setTimeout(fn, Math.max(0, ms))
  return () => clearTimeout(handle)
}

/**
 * systemSchedule for background housekeeping (the demo server's idle-chatroom and keepalive
 * timers, which last as long as a room does): such a timer never keeps a Node process (jest)
 * alive on its own. Node's timers have unref(); WeChat's setTimeout returns a number and needs
 * nothing.
 */
export const backgroundSchedule: Schedule = (fn, ms) => {
  const handle: unknown = setTimeout(fn, Math.max(0, ms))
  ;(handle as { unref?: () => void }).unref?.()
  return () => clearTimeout(handle as ReturnType<typeof setTimeout>)
}

/**
 * A group of timers on a Schedule that can be counted and cancelled together: leak checks count
 * what is pending, and stopping a part of the app cancels all of its timers at once.
 */
export class Timers {
  private readonly pending = new Set<Cancel>()
  private closedFlag = false

  constructor(private readonly schedule: Schedule = systemSchedule) {}

  /** Runs `task` after `ms`. Once closed, nothing new starts (the returned cancel does nothing). */
  after(ms: number, task: () => void): Cancel {
    if (this.closedFlag) return () => undefined
    let done = false
    const cancelTimer = this.schedule(() => {
      if (done) return
      done = true
      this.pending.delete(cancel)
      task()
    }, Math.max(0, ms))
    const cancel: Cancel = () => {
      if (done) return
      done = true
      this.pending.delete(cancel)
      cancelTimer()
    }
    this.pending.add(cancel)
    return cancel
  }

  /** timers set and not yet run or cancelled */
  get count(): number {
    return this.pending.size
  }

  /** Cancels every pending timer; new ones may still be set. */
  clear(): void {
    for (const cancel of Array.from(this.pending)) cancel()
  }

  /** Cancels every pending timer and refuses new ones: for parts that stop for good. */
  close(): void {
    this.closedFlag = true
    this.clear()
  }

  get closed(): boolean {
    return this.closedFlag
  }
}
