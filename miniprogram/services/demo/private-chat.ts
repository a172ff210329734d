/**
 * Private conversations on the demo server (RongCloud PRIVATE conversations with cloud history):
 * both sides keep the messages; the receiver's unread count grows. A connected peer gets the
 * message pushed; a dropped one gets it on restore; someone signed out or never seen finds it in
 * getConversations on signing in.
 */
import { AppError } from '../../core/errors'
import { validateMessageText } from '../../core/text'
import type { ChatMessage, Profile } from '../../core/types'
import type { Conversation, PrivateHistoryPage, PrivateMessageEvent } from '../types'
import type { Account, Server } from './server'

/** RongCloud pages remote history 1-100 at a time. */
const MAX_HISTORY_PAGE = 100
/**
 * Messages the demo server keeps per conversation side, and for a dropped client. RongCloud keeps
 * cloud history for a time, not a count; this in-memory server runs for as long as DevTools does,
 * so it keeps the newest ones only (less history than RongCloud: never kinder).
 */
export const PRIVATE_HISTORY_CAP = 1000

function pushCapped<T>(list: T[], item: T): void {
  list.push(item)
  if (list.length > PRIVATE_HISTORY_CAP) list.splice(0, list.length - PRIVATE_HISTORY_CAP)
}

export interface ServerConversation {
  messages: ChatMessage[]
  unread: number
  /** network-wide order of the last message, for "newest first" */
  lastOrder: number
}

function conversationOf(account: Account, peerId: string): ServerConversation {
  let conversation = account.conversations.get(peerId)
  if (!conversation) {
    conversation = { messages: [], unread: 0, lastOrder: 0 }
    account.conversations.set(peerId, conversation)
  }
  return conversation
}

export class PrivateChat {
  constructor(private readonly server: Server) {}

  send(account: Account, peer: Profile, text: string): ChatMessage {
    if (!peer || typeof peer.id !== 'string' || !peer.id) throw new AppError('NOT_ALLOWED', '找不到这个人')
    if (peer.id === account.profile.id) throw new AppError('NOT_ALLOWED', '不能给自己发私信')
    const clean = validateMessageText(text)
    this.server.takeRate(account.profile.id)
    const message: ChatMessage = { id: this.server.messageId(), from: account.profile, text: clean, sentAt: this.server.stamp(), kind: 'text' }
    // content safety refused it: nobody stores it, the peer never hears of it (content-check.ts)
    if (this.server.refuses(account, message, 'private', peer.id)) return message
    const target = this.server.ensureAccount(peer)
    const order = this.server.nextOrder()
    const mine = conversationOf(account, peer.id)
    pushCapped(mine.messages, message)
    mine.lastOrder = order
    const theirs = conversationOf(target, account.profile.id)
    pushCapped(theirs.messages, message)
    theirs.lastOrder = order
    theirs.unread++
    const event: PrivateMessageEvent = { peer: account.profile, message }
    const state = target.client?.state
    if (state === 'connected') this.server.push(peer.id, (client) => client.privateMessages.emit(event))
    else if (state === 'reconnecting') pushCapped(target.missedPrivate, event)
    return message
  }

  conversations(account: Account): Conversation[] {
    return Array.from(account.conversations)
      .sort((a, b) => b[1].lastOrder - a[1].lastOrder)
      .map(([peerId, c]) => {
        const peer = this.server.account(peerId)?.profile ?? { id: peerId, name: peerId }
        const last = c.messages[c.messages.length - 1]
        return last ? { peer, last, unread: c.unread } : { peer, unread: c.unread }
      })
  }

  /** Messages older than `before` (sentAt), the newest `count` of them, oldest first. */
  history(account: Account, peerId: string, options: { before?: number; count: number }): PrivateHistoryPage {
    const all = account.conversations.get(peerId)?.messages ?? []
    const before = options.before
    const older = before === undefined ? all : all.filter((m) => m.sentAt < before)
    const count = Math.min(MAX_HISTORY_PAGE, Math.max(1, Math.floor(Number(options.count) || 0)))
    const messages = older.slice(-count)
    return { messages, hasMore: older.length > messages.length }
  }

  clearUnread(account: Account, peerId: string): void {
    const conversation = account.conversations.get(peerId)
    if (conversation) conversation.unread = 0
  }
}
