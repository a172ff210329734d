import type { ChatMessage } from '../core/types'

export const ROOM_MESSAGE_CAP = 500
/** Ids remembered after their message was trimmed, so a late redelivery does not reappear. */
const SEEN_IDS_CAP = 4 * ROOM_MESSAGE_CAP

/**
 * Keeps a chat list de-duplicated by id, ordered by send time (oldest first) and capped to the
 * newest `cap`. Returns the new array, or the same array when nothing changed, so observers
 * only see real changes.
 */
export class MessageList {
  private readonly seen = new Set<string>()
  private readonly order: string[] = []

  constructor(private readonly cap: number = ROOM_MESSAGE_CAP) {}

  has(id: string): boolean {
    return this.seen.has(id)
  }

  /** Merges incoming messages (any order, possibly repeated) into `current`. */
  merge(current: readonly ChatMessage[], incoming: readonly ChatMessage[]): ChatMessage[] | null {
    const fresh = incoming.filter((m) => {
      if (this.seen.has(m.id)) return false
      this.remember(m.id)
      return true
    })
    if (!fresh.length) return null
    const last = current[current.length - 1]
    const appendOnly = fresh.every((m, i) => (i === 0 ? !last || m.sentAt >= last.sentAt : m.sentAt >= fresh[i - 1].sentAt))
    const next = appendOnly ? [...current, ...fresh] : stableSortBySentAt([...current, ...fresh])
    return next.length > this.cap ? next.slice(next.length - this.cap) : next
  }

  clear(): void {
    this.seen.clear()
    this.order.length = 0
  }

  private remember(id: string): void {
    this.seen.add(id)
    this.order.push(id)
    if (this.order.length > SEEN_IDS_CAP) {
      const drop = this.order.splice(0, this.order.length - SEEN_IDS_CAP)
      for (const old of drop) this.seen.delete(old)
    }
  }
}

function stableSortBySentAt(list: ChatMessage[]): ChatMessage[] {
  return list
    .map((m, i) => ({ m, i }))
    .sort((a, b) => a.m.sentAt - b.m.sentAt || a.i - b.i)
    .map(({ m }) => m)
}
