import { makeAutoObservable, observable } from 'mobx-miniprogram'
import { AppError } from '../core/errors'
import { Generation } from '../core/generation'
import { incomingMessage, incomingMessages, incomingProfile } from '../core/incoming'
import { assertCan, type Role } from '../core/roles'
import { validateMessageText } from '../core/text'
import type { ChatMessage, Profile } from '../core/types'
import type { PrivateMessageEvent, RtsService } from '../services/types'
import { MessageList } from './message-list'
import type { ChatState } from './types'

export const PRIVATE_PAGE_SIZE = 20
/**
 * The conversation on screen keeps its newest 500 messages, as a room does; older history stops
 * loading there (hasMore turns false), so scrolling back never grows the page without bound.
 */
export const PRIVATE_MESSAGE_CAP = 500

/** What the private chat needs from the rest of the app. */
export interface ChatDeps {
  rts: Pick<RtsService, 'getPrivateHistory' | 'clearUnread' | 'sendPrivate'>
  me(): Profile | null
  /** my role in a room ('user' in the lobby): only there may I chat privately */
  role(): Role
  /** NOT_CONNECTED / KICKED unless connected */
  requireConnected(): void
  /** the lobby's list of conversations and people */
  conversations: {
    findPerson(userId: string): Profile | null
    markRead(peerId: string): void
    record(event: PrivateMessageEvent, read: boolean): void
  }
}

/** The private conversation on screen. */
export class ChatStore implements ChatState {
  peer: Profile | null = null
  messages: ChatMessage[] = []
  hasMore = false
  /** extra */
  loadingOlder = false
  private list = new MessageList(PRIVATE_MESSAGE_CAP)
  /** moves on with every open / close: history that arrives for a conversation left is dropped */
  private readonly generation = new Generation()

  constructor(private readonly deps: ChatDeps) {
    // lists are replaced, never changed in place: observing the reference is enough
    makeAutoObservable<this, 'deps' | 'list' | 'generation'>(
      this,
      { deps: false, list: false, generation: false, messages: observable.ref },
      { autoBind: true },
    )
  }

  async open(peerId: string): Promise<void> {
    if (typeof peerId !== 'string' || !peerId.trim()) throw new AppError('NOT_ALLOWED', '找不到这个聊天对象')
    const me = this.deps.me()
    if (me && peerId === me.id) throw new AppError('NOT_ALLOWED', '不能和自己聊天')
    this.deps.requireConnected()
    const gen = this.generation.next()
    this.peer = this.deps.conversations.findPerson(peerId) ?? { id: peerId, name: peerId }
    this.list = new MessageList(PRIVATE_MESSAGE_CAP)
    this.messages = []
    this.hasMore = false
    this.deps.conversations.markRead(peerId)
    const [page] = await Promise.all([
      this.deps.rts.getPrivateHistory(peerId, { count: PRIVATE_PAGE_SIZE }),
      this.deps.rts.clearUnread(peerId),
    ])
    if (!this.generation.isCurrent(gen)) return
    this.take(page.messages, page.hasMore)
    // a message that arrived while loading was counted as unread by the service
    this.deps.conversations.markRead(peerId)
  }

  async send(text: string): Promise<void> {
    assertCan(this.deps.role(), 'privateChat')
    const body = validateMessageText(text)
    const peer = this.peer
    if (!peer) throw new AppError('NOT_ALLOWED', '请先选择聊天对象')
    this.deps.requireConnected()
    const sent = await this.deps.rts.sendPrivate(peer, body)
    // content safety may have refused it already (the notice can overtake the send's answer)
    const message = this.list.isBlocked(sent.id) ? { ...sent, status: 'blocked' as const } : sent
    this.deps.conversations.record({ peer, message }, true)
    if (this.peer?.id === peer.id) this.take([message], this.hasMore)
  }

  /**
   * extra: content safety refused my message `messageId` to `peerId` (it reached nobody): it shows
   * 「内容违规，未发送」 here, now or when the send resolves.
   */
  markBlocked(peerId: string, messageId: string): void {
    if (this.peer?.id !== peerId) return
    const next = this.list.block(this.messages, messageId)
    if (next) this.messages = next
  }

  close(): void {
    this.generation.next()
    this.peer = null
    this.messages = []
    this.hasMore = false
    this.list = new MessageList(PRIVATE_MESSAGE_CAP)
  }

  async loadOlder(): Promise<void> {
    const peer = this.peer
    if (!peer || !this.hasMore || this.loadingOlder) return
    const oldest = this.messages[0]
    this.loadingOlder = true
    const gen = this.generation.current
    try {
      const page = await this.deps.rts.getPrivateHistory(peer.id, { before: oldest?.sentAt, count: PRIVATE_PAGE_SIZE })
      if (this.generation.isCurrent(gen)) this.take(page.messages, page.hasMore)
    } finally {
      this.setLoadingOlder(false)
    }
  }

  /**
   * Called for every incoming private message; true when it is shown here (so it is read). One that
   * breaks the text rules (core/incoming.ts) is not shown.
   */
  receive(event: PrivateMessageEvent): boolean {
    const peer = incomingProfile(event.peer)
    const message = incomingMessage(event.message)
    if (!peer || !message || !this.peer || this.peer.id !== peer.id) return false
    this.peer = peer
    this.take([message], this.hasMore)
    this.deps.rts.clearUnread(event.peer.id).catch(() => {
      /* the unread mark comes back on the next conversation load; nothing is lost */
    })
    return true
  }

  private take(messages: readonly ChatMessage[], hasMore: boolean): void {
    const next = this.list.merge(this.messages, incomingMessages(messages))
    if (next) this.messages = next
    this.hasMore = hasMore && !this.list.full(this.messages)
  }

  private setLoadingOlder(loading: boolean): void {
    this.loadingOlder = loading
  }
}
