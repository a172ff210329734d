/**
 * Messages content safety refused after RongCloud took them (server/README.md "What the sender's
 * phone sees when the callback blocks"). sendMessage resolves OK with a messageUId, the message
 * reaches nobody, and the SDK tells the sender afterwards with Events.MESSAGE_BLOCKED
 * (@rongcloud/imlib-next index.d.ts L269-273, L1061) carrying IBlockedMessageInfo
 * (@rongcloud/engine index.d.ts L5934-5969): `blockedMessageUId`, `conversationType`, `targetId`,
 * `blockType` (L3734-3747: GLOBAL 1 and CUSTOM 2 are RongCloud's own sensitive words, THIRD_PARTY 3
 * is our message callback's `pass: 0`). Every type means the same to the sender: not delivered.
 * The event may come before sendMessage resolves: the store remembers the id (stores/message-list.ts).
 */
import { ConversationType } from '@rongcloud/imlib-next'
import type { IBlockedMessageInfo } from '@rongcloud/imlib-next'
import type { BlockedMessage } from '../types'

/** Our terms for one MESSAGE_BLOCKED notice; null for what we never send (groups, system, ...). */
export function readBlocked(info: IBlockedMessageInfo | null | undefined): BlockedMessage | null {
  const id = info?.blockedMessageUId
  if (typeof id !== 'string' || !id) return null
  if (info.conversationType === ConversationType.CHATROOM) return { messageId: id, where: 'room' }
  if (info.conversationType === ConversationType.PRIVATE && typeof info.targetId === 'string' && info.targetId) {
    return { messageId: id, where: 'private', peerId: info.targetId }
  }
  return null
}
