/**
 * Every timer the demo network starts goes through here, so stats() can count what is pending and
 * close() can cancel all of it: a test that forgets a timer shows up as a leak instead of a hang.
 *
 * A `background` scheduler holds the server's housekeeping (idle chatrooms, RTC keepalive
 * timeouts): those timers run for as long as a room lives, so they are counted apart from the
 * traffic (stats().housekeeping) and never keep a Node process alive on their own.
 */
type Handle = ReturnType<typeof setTimeout>

export class Scheduler {
  private readonly pending = new Set<Handle>()

  constructor(private readonly background = false) {}

  /** Runs `task` after `ms` (never synchronously, even for 0). Returns a cancel function. */
  after(ms: number, task: () => void): () => void {
    const handle = setTimeout(
      () => {
        this.pending.delete(handle)
        task()
      },
      Math.max(0, ms),
    )
    // Node's timers have unref(); WeChat's setTimeout returns a number and needs nothing
    if (this.background) (handle as { unref?: () => void }).unref?.()
    this.pending.add(handle)
    return () => {
      if (this.pending.delete(handle)) clearTimeout(handle)
    }
  }

  get count(): number {
    return this.pending.size
  }

  clear(): void {
    for (const handle of this.pending) clearTimeout(handle)
    this.pending.clear()
  }
}
