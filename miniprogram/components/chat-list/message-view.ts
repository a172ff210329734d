import type { ChatMessage } from '../../core/types'
import { formatChatTime, initial } from '../../utils/format'

/** One chat line as the template renders it: only what it shows, so each setData stays small. */
export interface MessageView {
  id: string
  /** element id for scroll-into-view */
  anchor: string
  name: string
  avatar: string
  initial: string
  text: string
  time: string
  system: boolean
  mine: boolean
}

export function toMessageView(message: ChatMessage, myId: string | undefined, now: number = Date.now()): MessageView {
  return {
    id: message.id,
    anchor: anchorOf(message.id),
    name: message.from.name,
    avatar: message.from.avatar ?? '',
    initial: initial(message.from.name),
    text: message.text,
    time: formatChatTime(message.sentAt, now),
    system: message.kind === 'system',
    mine: !!myId && message.from.id === myId,
  }
}

/** scroll-into-view needs an element id that starts with a letter and has no odd characters. */
export function anchorOf(id: string | null): string {
  return id ? `m-${id.replace(/[^A-Za-z0-9_-]/g, '_')}` : ''
}
