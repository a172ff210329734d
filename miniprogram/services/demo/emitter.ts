import { Listeners, type Unsubscribe } from '../../core/listeners'
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

/**
 * The app's listener list (core/listeners.ts) as the demo network delivers: every listener gets
 * its own copy of the value, as over a real network, and subscriptions count network-wide.
 */
export class Emitter<T> {
  private readonly listeners: Listeners<T>

  constructor(counter: ListenerCounter) {
    // the report is read at emit time: the network may set it after the clients exist
    this.listeners = new Listeners<T>({ counter, onError: (error) => counter.report(error) })
  }

  on(listener: (value: T) => void): Unsubscribe {
    return this.listeners.on(listener)
  }

  emit(value: T): void {
    this.listeners.emit(copy(value))
  }
}
