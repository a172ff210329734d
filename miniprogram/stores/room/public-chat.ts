/**
 * The room's public chat list on this phone (RoomState.messages): each message once, in send
 * order, the newest 500 (stores/message-list.ts); my own sends shown once they resolve, in the
 * room I sent them in; content safety's refusals marked on mine (ChatMessage.status 'blocked').
 * Who may write is checked before (RoomStore.send, chat-rules.ts); this is the list it feeds.
 */
import { action, makeObservable } from 'mobx-miniprogram'
import type { Generation } from '../../core/generation'
import type { ChatMessage, Profile } from '../../core/types'
import type { RtsService } from '../../services/types'
import { MessageList } from '../message-list'
import { allowedMessages } from './room-events'

/** The store's side: its list (replaced, never changed in place) and whose messages count. */
export interface ChatRoom {
  messages: ChatMessage[]
  readonly host: Profile | null
  readonly muted: string[]
}

export interface PublicChatDeps {
  rts: Pick<RtsService, 'sendRoomMessage'>
  /** the visit of a room: a send that resolves after leaving it is not shown in the next one */
  generation: Generation
}

export class PublicChat {
  private list = new MessageList()

  constructor(
    private readonly deps: PublicChatDeps,
    private readonly room: ChatRoom,
  ) {
    makeObservable(this, { add: action, block: action, reset: action })
  }

  /** Sends checked text into the room I am in; after leaving it, it is not shown in the next one (issue 10 C17). */
  async send(body: string): Promise<void> {
    const visit = this.deps.generation.current
    const message = await this.deps.rts.sendRoomMessage(body)
    if (this.deps.generation.isCurrent(visit)) this.add(allowedMessages([message], this.room.host?.id ?? null, this.room.muted))
  }

  /** Messages that arrived or were sent, any order, possibly repeated (already without muted members'). */
  add(incoming: readonly ChatMessage[]): void {
    const next = this.list.merge(this.room.messages, incoming)
    if (next) this.room.messages = next
  }

  /** Content safety refused my message `messageId` (it reached nobody): 「内容违规，未发送」, now or once it is in. */
  block(messageId: string): void {
    const next = this.list.block(this.room.messages, messageId)
    if (next) this.room.messages = next
  }

  /** A new visit (or none): the list starts empty and remembers nothing of the last one. */
  reset(): void {
    this.list = new MessageList()
    this.room.messages = []
  }
}
