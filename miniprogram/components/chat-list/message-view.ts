import type { ChatMessage } from '../../core/types'
import { formatChatTime, initial } from '../../utils/format'

/** A gap longer than this between two messages shows the time again (WeChat's chats do the same). */
export const TIME_GAP_MS = 5 * 60 * 1000

/** One chat line as the template renders it: only what it shows, so each setData stays small. */
export interface MessageView {
  id: string
  /** element id for scroll-into-view */
  anchor: string
  name: string
  uid: string
  avatar: string
  initial: string
  text: string
  /** the time above this message, once per gap ('' when the previous one was close) */
  time: string
  system: boolean
  mine: boolean
  /** sent by the room's host (the 主播 mark) */
  host: boolean
  /** my message that content safety refused: 「内容违规，未发送」 (nobody else has it) */
  blocked: boolean
}

export interface MessageContext {
  myId?: string
  hostId?: string
  /** the message shown just before this one */
  previous?: ChatMessage
  now?: number
}

export function toMessageView(message: ChatMessage, context: MessageContext = {}): MessageView {
  const { myId, hostId, previous, now = Date.now() } = context
  const gap = !previous || message.sentAt - previous.sentAt >= TIME_GAP_MS
  return {
    id: message.id,
    anchor: anchorOf(message.id),
    name: message.from.name,
    uid: message.from.id,
    avatar: message.from.avatar ?? '',
    initial: initial(message.from.name),
    text: message.text,
    time: gap ? formatChatTime(message.sentAt, now) : '',
    system: message.kind === 'system',
    mine: !!myId && message.from.id === myId,
    host: !!hostId && message.from.id === hostId && message.kind !== 'system',
    blocked: message.status === 'blocked',
  }
}

/** scroll-into-view needs an element id that starts with a letter and has no odd characters. */
export function anchorOf(id: string | null): string {
  return id ? `m-${id.replace(/[^A-Za-z0-9_-]/g, '_')}` : ''
}
