/** What a room channel reads from IMLib: the entries, the recent history, the KV sync signal. */
import type { IAReceivedMessage } from '@rongcloud/imlib-next'
import type { ChatMessage } from '../../core/types'
import type { Clock } from './clock'
import type { ImLib } from './imlib'
import { readIncoming } from './messages'

const KV_NOT_SET = 23427 // CHATROOM_KEY_NOT_EXIST: no entry at all

export type Read = { ok: true; entries: Record<string, string> } | { ok: false }

/**
 * All entries by stored key. Outside the chatroom the SDK asks the server; inside it answers from
 * its cache (see room.ts). Never rejects: a failure is { ok: false }.
 */
export async function readStoredEntries(lib: ImLib, chatroomId: string): Promise<Read> {
  try {
    const result = await lib.getAllChatRoomEntries(chatroomId)
    if (result.isOk) return { ok: true, entries: { ...(result.data ?? {}) } }
    if (result.code === KV_NOT_SET) return { ok: true, entries: {} }
  } catch {
    // a broken socket can throw; the caller decides what no answer means
  }
  return { ok: false }
}

/** The chatroom's recent text messages, oldest first; none without 聊天室消息云端存储. */
export async function readRecentHistory(lib: ImLib, chatroomId: string, count: number): Promise<ChatMessage[]> {
  const result = await lib.getChatroomHistoryMessages(chatroomId, { timestamp: 0, count, order: 0 })
  if (!result.isOk || !result.data) return []
  return textsOf(result.data.list)
}

function textsOf(messages: IAReceivedMessage[]): ChatMessage[] {
  const out: ChatMessage[] = []
  for (const m of messages) {
    const incoming = readIncoming(m)
    if (incoming?.kind === 'text') out.push(incoming.message)
  }
  return out.sort((a, b) => a.sentAt - b.sentAt)
}

/** Waits for the SDK's `entriesSynced` of a chatroom, at most `timeoutMs`. */
export function createSyncWaiter(clock: Clock, timeoutMs: number) {
  const waiting = new Map<string, () => void>()
  return {
    /** true when the SDK reported its cache complete in time */
    wait(chatroomId: string): Promise<boolean> {
      return new Promise<boolean>((resolve) => {
        const cancel = clock.schedule(() => {
          waiting.delete(chatroomId)
          resolve(false)
        }, timeoutMs)
        waiting.set(chatroomId, () => {
          cancel()
          waiting.delete(chatroomId)
          resolve(true)
        })
      })
    },
    done(chatroomId: string): void {
      waiting.get(chatroomId)?.()
    },
  }
}
