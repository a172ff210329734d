/**
 * One thing after another: each task starts once every task given before it has settled
 * (fulfilled or rejected), in the order they were given. For changes that must never overlap,
 * such as entering and leaving chatrooms (a person is in one at a time, and each change takes
 * round trips): a later change then starts from where the one before left things.
 */
export class Serial {
  private tail: Promise<void> = Promise.resolve()
  private queued = 0

  /** Runs `task` after the tasks before it; settles as `task` does. */
  run<T>(task: () => Promise<T>): Promise<T> {
    this.queued++
    const result = this.tail.then(task)
    this.tail = result.then(
      () => this.done(),
      () => this.done(),
    )
    return result
  }

  /** tasks given and not settled yet (running or waiting) */
  get pending(): number {
    return this.queued
  }

  private done(): void {
    this.queued--
  }
}
