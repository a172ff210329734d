/**
 * Our message types on RongCloud and the translation of received messages:
 * - text chat (room and private) is the built-in TextMessage, with the sender's profile in
 *   `content.user` so receivers can show a name without another lookup;
 * - our signals (core/wire) travel as ONE custom status message type, 'App:Signal', whose content
 *   is `{ data: <encoded signal> }`: not stored, not counted, only delivered to who is online.
 */
import { MessageDirection, MessageType, TextMessage } from '@rongcloud/imlib-next'
import type { BaseMessage, IAReceivedMessage } from '@rongcloud/imlib-next'
import type { ImLib } from './imlib'
import { decodeProfile } from '../../core/wire'
import type { ChatMessage, Profile } from '../../core/types'

export const SIGNAL_MESSAGE_TYPE = 'App:Signal'

export interface SignalContent {
  data: string
}

export type SignalMessageClass = new (content: SignalContent) => BaseMessage<SignalContent>

export function registerSignalMessage(lib: Pick<ImLib, 'registerMessageType'>): SignalMessageClass {
  // isPersited false, isCounted false, no search props, isStatusMessage true
  return lib.registerMessageType<SignalContent>(SIGNAL_MESSAGE_TYPE, false, false, [], true)
}

export function buildTextMessage(text: string, from: Profile): TextMessage {
  const user = from.avatar
    ? { id: from.id, name: from.name, portraitUri: from.avatar, portrait: from.avatar }
    : { id: from.id, name: from.name }
  return new TextMessage({ content: text, user })
}

export type Incoming =
  | { kind: 'text'; message: ChatMessage; outgoing: boolean }
  | { kind: 'signal'; senderId: string; payload: unknown; outgoing: boolean }

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * The sender as the message shows them. The id is always the SDK's senderUserId, never the
 * content's, so a client cannot speak under someone else's id.
 */
export function senderProfile(senderId: string, content: unknown): Profile {
  const user = isRecord(content) && isRecord(content.user) ? content.user : {}
  const avatar = typeof user.portrait === 'string' && user.portrait ? user.portrait : user.portraitUri
  return (
    decodeProfile({ id: senderId, name: user.name, avatar: typeof avatar === 'string' && avatar ? avatar : undefined }) ??
    decodeProfile({ id: senderId, name: user.name }) ?? { id: senderId, name: senderId }
  )
}

/** One received (or history) message in our terms; messages that are not ours → null. */
export function readIncoming(message: IAReceivedMessage): Incoming | null {
  const content: unknown = message.content
  const outgoing = message.messageDirection === MessageDirection.SEND
  if (message.messageType === MessageType.TEXT) {
    if (!isRecord(content) || typeof content.content !== 'string') return null
    return {
      kind: 'text',
      outgoing,
      message: {
        id: message.messageUId,
        from: senderProfile(message.senderUserId, content),
        text: content.content,
        sentAt: message.sentTime,
        kind: 'text',
      },
    }
  }
  if (message.messageType === SIGNAL_MESSAGE_TYPE) {
    if (!isRecord(content) || typeof content.data !== 'string') return null
    return { kind: 'signal', senderId: message.senderUserId, payload: content.data, outgoing }
  }
  return null
}
