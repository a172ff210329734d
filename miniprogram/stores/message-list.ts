import type { ChatMessage } from '../core/types'

export const ROOM_MESSAGE_CAP = 500
/** Ids remembered after their message was trimmed, so a late redelivery does not reappear. */
const TRIMMED_IDS_CAP = 3 * ROOM_MESSAGE_CAP
/** Blocked ids remembered before their message is in the list (a notice faster than the send's answer). */
const EARLY_BLOCKS_CAP = 50

/**
 * Keeps a chat list de-duplicated by id, ordered by send time (oldest first) and capped to the
 * newest `cap`. Returns the new array, or null when nothing changed, so observers only see real
 * changes.
 *
 * De-duplication holds however long the list lives: the id of every message kept is remembered
 * for as long as it is kept, the ids of the last TRIMMED_IDS_CAP trimmed ones after that, and a
 * message older than the newest one ever trimmed is old news whatever its id (had it been new, it
 * would have been trimmed at once).
 */
export class MessageList {
  /** ids of the messages kept, and of the last TRIMMED_IDS_CAP trimmed */
  private readonly seen = new Set<string>()
  private readonly trimmed: string[] = []
  /** sentAt of the newest message trimmed so far */
  private floor = -Infinity
  /** my messages content safety refused (ChatMessage.status 'blocked'), whether or not they are in yet */
  private readonly blocked = new Set<string>()

  constructor(private readonly cap: number = ROOM_MESSAGE_CAP) {}

  has(id: string): boolean {
    return this.seen.has(id)
  }

  /** Merges incoming messages (any order, possibly repeated) into `current`. */
  merge(current: readonly ChatMessage[], incoming: readonly ChatMessage[]): ChatMessage[] | null {
    const fresh = incoming
      .filter((m) => {
        if (this.seen.has(m.id) || m.sentAt < this.floor) return false
        this.seen.add(m.id)
        return true
      })
      .map((m) => (this.blocked.has(m.id) ? { ...m, status: 'blocked' as const } : m))
    if (!fresh.length) return null
    const last = current[current.length - 1]
    const appendOnly = fresh.every((m, i) => (i === 0 ? !last || m.sentAt >= last.sentAt : m.sentAt >= fresh[i - 1].sentAt))
    const next = appendOnly ? [...current, ...fresh] : stableSortBySentAt([...current, ...fresh])
    if (next.length <= this.cap) return next
    const cut = next.length - this.cap
    for (let i = 0; i < cut; i++) this.trim(next[i])
    return next.slice(cut)
  }

  /**
   * Content safety refused my message `id` after it was sent: it shows marked (status 'blocked')
   * whether it is in the list now (the new list is returned) or arrives later (null now). The
   * notice can come before the send resolves, so an unknown id is remembered (the newest 50).
   */
  block(current: readonly ChatMessage[], id: string): ChatMessage[] | null {
    if (this.blocked.has(id)) return null
    this.blocked.add(id)
    const at = current.findIndex((m) => m.id === id)
    if (at < 0) {
      const early = Array.from(this.blocked).filter((b) => !this.seen.has(b))
      if (early.length > EARLY_BLOCKS_CAP) this.blocked.delete(early[0])
      return null
    }
    const next = current.slice()
    next[at] = { ...current[at], status: 'blocked' }
    return next
  }

  isBlocked(id: string): boolean {
    return this.blocked.has(id)
  }

  /** Whether the list is at its cap (older messages would be trimmed at once). */
  full(current: readonly ChatMessage[]): boolean {
    return current.length >= this.cap
  }

  clear(): void {
    this.seen.clear()
    this.blocked.clear()
    this.trimmed.length = 0
    this.floor = -Infinity
  }

  private trim(message: ChatMessage): void {
    this.floor = Math.max(this.floor, message.sentAt)
    this.trimmed.push(message.id)
    this.blocked.delete(message.id)
    if (this.trimmed.length > TRIMMED_IDS_CAP) {
      for (const old of this.trimmed.splice(0, this.trimmed.length - TRIMMED_IDS_CAP)) this.seen.delete(old)
    }
  }
}

function stableSortBySentAt(list: ChatMessage[]): ChatMessage[] {
  return list
    .map((m, i) => ({ m, i }))
    .sort((a, b) => a.m.sentAt - b.m.sentAt || a.i - b.i)
    .map(({ m }) => m)
}
