/**
 * Every timer the demo network starts goes through here, so stats() can count what is pending and
 * close() can cancel all of it: a test that forgets a timer shows up as a leak instead of a hang.
 */
type Handle = ReturnType<typeof setTimeout>

export class Scheduler {
  private readonly pending = new Set<Handle>()

  /** Runs `task` after `ms` (never synchronously, even for 0). Returns a cancel function. */
  after(ms: number, task: () => void): () => void {
    const handle = setTimeout(
      () => {
        this.pending.delete(handle)
        task()
      },
      Math.max(0, ms),
    )
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
