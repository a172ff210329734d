/** What the lobby, room and private-chat parts of the RtsService share. */
import type { BaseMessage, IAReceivedMessage, IConversationIdentifier } from '@rongcloud/imlib-next'
import { AppError } from '../../core/errors'
import type { ChatMessage, Profile } from '../../core/types'
import type { Clock } from './clock'
import { sdkError } from './error-map'
import type { ImLib } from './imlib'
import type { SignalMessageClass } from './messages'
import type { ProfileBook } from './profiles'
import type { SendQueue } from './send-queue'

export interface RtsContext {
  lib: ImLib
  SignalMessage: SignalMessageClass
  clock: Clock
  profiles: ProfileBook
  /** my profile; NOT_CONNECTED when signed out */
  me(): Profile
  /** sends through the shared 5-per-second queue; rejects with the mapped AppError */
  send(conversation: IConversationIdentifier, message: BaseMessage): Promise<IAReceivedMessage | undefined>
}

export function createContext(parts: {
  lib: ImLib
  SignalMessage: SignalMessageClass
  clock: Clock
  profiles: ProfileBook
  queue: SendQueue
  me: () => Profile | null
}): RtsContext {
  const { lib, queue } = parts
  return {
    lib,
    SignalMessage: parts.SignalMessage,
    clock: parts.clock,
    profiles: parts.profiles,
    me() {
      const me = parts.me()
      if (!me) throw new AppError('NOT_CONNECTED')
      return me
    },
    send(conversation, message) {
      return queue.run(async () => {
        const result = await lib.sendMessage(conversation, message)
        if (!result.isOk) throw sdkError(result.code)
        return result.data
      })
    },
  }
}

let localCounter = 0

/** The chat message as sent; status messages may come back without a server id. */
export function sentMessage(sent: IAReceivedMessage | undefined, me: Profile, text: string, now: number): ChatMessage {
  localCounter += 1
  return {
    id: sent?.messageUId || `local-${me.id}-${now}-${localCounter}`,
    from: me,
    text,
    sentAt: sent?.sentTime || now,
    kind: 'text',
  }
}
