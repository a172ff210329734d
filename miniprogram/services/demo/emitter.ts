import type { Unsubscribe } from '../types'
import { copy } from './copy'

/**
 * Shared by every emitter of one network: the live subscription count for stats(), and where a
 * throwing listener's error goes.
 */
export interface ListenerCounter {
  live: number
  report: (error: unknown) => void
}

/** Default report: an unhandled rejection, which the runtime logs and jest fails the test on. */
export function rejectUnhandled(error: unknown): void {
  void Promise.reject(error)
}

/** A listener list whose unsubscribe is idempotent and whose size is counted network-wide. */
export class Emitter<T> {
  // entries, not bare functions: the same function subscribed twice is two subscriptions
  private readonly entries = new Set<{ listener: (value: T) => void }>()

  constructor(private readonly counter: ListenerCounter) {}

  on(listener: (value: T) => void): Unsubscribe {
    const entry = { listener }
    this.entries.add(entry)
    this.counter.live++
    return () => {
      if (this.entries.delete(entry)) this.counter.live--
    }
  }

  /**
   * Calls every listener even if one throws, then reports the first error: a consumer bug must
   * surface, but must not stop delivery to the others or leave the network's own bookkeeping
   * (a connect that never resolves) half done.
   */
  emit(value: T): void {
    const delivered = copy(value)
    let failure: { error: unknown } | null = null
    for (const entry of Array.from(this.entries)) {
      try {
        entry.listener(delivered)
      } catch (error) {
        failure = failure ?? { error }
      }
    }
    if (failure) this.counter.report(failure.error)
  }
}
