/**
 * The app's one listener list: every `onX(listener)` subscription in the services, the demo
 * network and the platform wrappers is one of these.
 */

/** Ends a subscription; calling it twice is harmless. */
export type Unsubscribe = () => void

export interface ListenerOptions {
  /**
   * Where the first error a listener threw goes, after every listener has had the value.
   * Default: thrown again to whoever emitted.
   */
  onError?: (error: unknown) => void
  /** counts live subscriptions, for leak checks shared by many lists (the demo network's stats()) */
  counter?: { live: number }
}

export class Listeners<T> {
  // entries, not bare functions: the same function subscribed twice is two subscriptions
  private readonly entries = new Set<{ listener: (value: T) => void }>()

  constructor(private readonly options: ListenerOptions = {}) {}

  on(listener: (value: T) => void): Unsubscribe {
    const entry = { listener }
    this.entries.add(entry)
    if (this.options.counter) this.options.counter.live++
    return () => {
      if (this.entries.delete(entry) && this.options.counter) this.options.counter.live--
    }
  }

  /**
   * Calls every listener subscribed now, even if one throws, then reports the first error: a
   * consumer bug must surface, but must not stop delivery to the others.
   */
  emit(value: T): void {
    let failure: { error: unknown } | null = null
    for (const entry of Array.from(this.entries)) {
      try {
        entry.listener(value)
      } catch (error) {
        failure = failure ?? { error }
      }
    }
    if (!failure) return
    if (this.options.onError) this.options.onError(failure.error)
    else throw failure.error
  }

  get size(): number {
    return this.entries.size
  }
}
