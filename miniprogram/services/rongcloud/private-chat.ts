/**
 * Private chat: PRIVATE conversations. History and the conversation list come from RongCloud's
 * server (the mini-program has no local database; needs 单群聊消息云端存储), unread counts from
 * the SDK, cleared when the person opens the conversation.
 */
import { ConversationType } from '@rongcloud/imlib-next'
import type { IAReceivedConversation, IAReceivedMessage } from '@rongcloud/imlib-next'
import type { ChatMessage, Profile } from '../../core/types'
import { Listeners } from '../../core/listeners'
import type { Conversation, PrivateHistoryPage, PrivateMessageEvent, Unsubscribe } from '../types'
import type { RtsContext } from './context'
import { sentMessage } from './context'
import { unwrap } from './error-map'
import { buildTextMessage, readIncoming } from './messages'

export const CONVERSATION_PAGE = 100
const MAX_HISTORY_COUNT = 100 // more fails locally with 34232

export interface PrivateChat {
  send(peer: Profile, text: string): Promise<ChatMessage>
  conversations(): Promise<Conversation[]>
  history(peerId: string, options: { before?: number; count: number }): Promise<PrivateHistoryPage>
  clearUnread(peerId: string): Promise<void>
  on(listener: (event: PrivateMessageEvent) => void): Unsubscribe
  handleMessage(message: IAReceivedMessage): void
}

const privateWith = (peerId: string) => ({ conversationType: ConversationType.PRIVATE, targetId: peerId })

export function createPrivateChat(ctx: RtsContext): PrivateChat {
  const listeners = new Listeners<PrivateMessageEvent>()

  /** The peer as best we know them: their own message's profile beats the id alone. */
  function peerOf(conversation: IAReceivedConversation): Profile {
    const last = conversation.latestMessage ? readIncoming(conversation.latestMessage) : null
    if (last?.kind === 'text' && !last.outgoing && last.message.from.id === conversation.targetId) {
      const known = ctx.profiles.get(conversation.targetId)
      if (!known || known.name === known.id) ctx.profiles.remember(last.message.from)
    }
    return ctx.profiles.resolve(conversation.targetId)
  }

  async function summary(conversation: IAReceivedConversation): Promise<Conversation> {
    const peer = peerOf(conversation)
    let unread = conversation.unreadMessageCount
    if (typeof unread !== 'number') {
      const counted = await ctx.lib.getUnreadCount(privateWith(conversation.targetId))
      unread = counted.isOk && typeof counted.data === 'number' ? counted.data : 0
    }
    const last = conversation.latestMessage ? readIncoming(conversation.latestMessage) : null
    return last?.kind === 'text' ? { peer, unread, last: last.message } : { peer, unread }
  }

  return {
    async send(peer, text) {
      const me = ctx.me()
      ctx.profiles.remember(peer)
      const sent = await ctx.send(privateWith(peer.id), buildTextMessage(text, me))
      return sentMessage(sent, me, text, ctx.clock.now())
    },
    async conversations() {
      const result = await ctx.lib.getConversationListByTimestamp({
        startTime: 0,
        count: CONVERSATION_PAGE,
        conversationTypes: [ConversationType.PRIVATE],
      })
      const list = (unwrap(result) ?? []).filter((c) => c.conversationType === ConversationType.PRIVATE)
      return Promise.all(list.map(summary))
    },
    async history(peerId, options) {
      const count = Math.min(MAX_HISTORY_COUNT, Math.max(1, Math.floor(options.count)))
      const result = await ctx.lib.getHistoryMessages(privateWith(peerId), { timestamp: options.before ?? 0, count, order: 0 })
      const page = unwrap(result) ?? { list: [], hasMore: false }
      const messages: ChatMessage[] = []
      for (const m of page.list) {
        const incoming = readIncoming(m)
        if (incoming?.kind !== 'text') continue
        if (!incoming.outgoing) ctx.profiles.remember(incoming.message.from)
        messages.push(incoming.outgoing ? { ...incoming.message, from: ctx.me() } : incoming.message)
      }
      messages.sort((a, b) => a.sentAt - b.sentAt)
      return { messages, hasMore: page.hasMore }
    },
    async clearUnread(peerId) {
      unwrap(await ctx.lib.clearMessagesUnreadStatus(privateWith(peerId)))
    },
    on(listener) {
      return listeners.on(listener)
    },
    handleMessage(message) {
      const incoming = readIncoming(message)
      if (incoming?.kind !== 'text') return
      if (incoming.outgoing) {
        // sent from my other device: the conversation is with the target
        listeners.emit({ peer: ctx.profiles.resolve(message.targetId), message: incoming.message })
        return
      }
      ctx.profiles.remember(incoming.message.from)
      listeners.emit({ peer: incoming.message.from, message: incoming.message })
    },
  }
}
