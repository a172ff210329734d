/**
 * The room's attributes as this client knows them, in the app's keys (kv-keys.ts decodes).
 *
 * The SDK's own copy cannot be trusted for a snapshot: while in a chatroom its getters read a
 * local cache that one pull after joining fills, late or never on a slow network, and that a final
 * DISCONNECT empties (see room.ts). So the channel keeps this view: the server's answer read before
 * joining, every `updatedEntries` change, and our own writes (which the SDK does not echo). While a
 * snapshot is being read the changes wait and are applied on top of it, so none is lost or undone
 * by an older snapshot.
 */
import { fromKvKey } from './kv-keys'

export interface EntryChange {
  key: string
  value: string | null
}

export class RoomEntries {
  private view = new Map<string, string>()
  private waiting: EntryChange[] | null = null

  /** A snapshot is on its way: hold changes until settle(). */
  hold(): void {
    this.waiting = []
  }

  get holding(): boolean {
    return this.waiting !== null
  }

  /** The snapshot arrived (stored keys): it replaces the view, then the held changes apply. */
  settle(stored: Record<string, string>): void {
    const held = this.waiting ?? []
    this.waiting = null
    this.view = new Map()
    for (const [kvKey, value] of Object.entries(stored)) {
      const key = fromKvKey(kvKey)
      if (key !== null) this.view.set(key, value)
    }
    for (const change of held) this.write(change)
  }

  /**
   * A change as RongCloud reports it (stored key). Returns the change to tell the store about,
   * or null while held, for a key none of ours, or when nothing changed.
   */
  apply(kvKey: string, value: string | null): EntryChange | null {
    const key = fromKvKey(kvKey)
    if (key === null) return null
    const change = { key, value }
    if (this.waiting) {
      this.waiting.push(change)
      return null
    }
    return this.write(change) ? change : null
  }

  /** Our own write succeeded (app key). */
  own(key: string, value: string | null): void {
    if (this.waiting) this.waiting.push({ key, value })
    else this.write({ key, value })
  }

  /** The SDK's cache is complete (first pull done): what differs from the view, now fixed. */
  reconcile(stored: Record<string, string>): EntryChange[] {
    const truth = new Map<string, string>()
    for (const [kvKey, value] of Object.entries(stored)) {
      const key = fromKvKey(kvKey)
      if (key !== null) truth.set(key, value)
    }
    const changes: EntryChange[] = []
    this.view.forEach((_, key) => {
      if (!truth.has(key)) changes.push({ key, value: null })
    })
    truth.forEach((value, key) => {
      if (this.view.get(key) !== value) changes.push({ key, value })
    })
    changes.forEach((c) => this.write(c))
    return changes
  }

  snapshot(): Record<string, string> {
    const out: Record<string, string> = {}
    this.view.forEach((value, key) => {
      out[key] = value
    })
    return out
  }

  clear(): void {
    this.view = new Map()
    this.waiting = null
  }

  private write({ key, value }: EntryChange): boolean {
    if (value === null) return this.view.delete(key)
    if (this.view.get(key) === value) return false
    this.view.set(key, value)
    return true
  }
}
