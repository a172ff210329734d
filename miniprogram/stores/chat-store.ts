import { makeAutoObservable, observable } from 'mobx-miniprogram'
import { AppError } from '../core/errors'
import { assertCan } from '../core/roles'
import { validateMessageText } from '../core/text'
import type { ChatMessage, Profile } from '../core/types'
import type { PrivateMessageEvent } from '../services/types'
import { MessageList } from './message-list'
import type { RootStore } from './root-store'
import type { ChatState } from './types'

export const PRIVATE_PAGE_SIZE = 20

/** The private conversation on screen. */
export class ChatStore implements ChatState {
  peer: Profile | null = null
  messages: ChatMessage[] = []
  hasMore = false
  /** extra */
  loadingOlder = false
  private list = new MessageList(Number.MAX_SAFE_INTEGER)
  private openedAt = 0

  constructor(private readonly root: RootStore) {
    // lists are replaced, never changed in place: observing the reference is enough
    makeAutoObservable<this, 'root' | 'list' | 'openedAt'>(
      this,
      { root: false, list: false, openedAt: false, messages: observable.ref },
      { autoBind: true },
    )
  }

  async open(peerId: string): Promise<void> {
    if (typeof peerId !== 'string' || !peerId.trim()) throw new AppError('NOT_ALLOWED', '找不到这个聊天对象')
    const me = this.root.session.me
    if (me && peerId === me.id) throw new AppError('NOT_ALLOWED', '不能和自己聊天')
    this.root.requireConnected()
    const token = ++this.openedAt
    this.peer = this.root.lobby.findPerson(peerId) ?? { id: peerId, name: peerId }
    this.list = new MessageList(Number.MAX_SAFE_INTEGER)
    this.messages = []
    this.hasMore = false
    this.root.lobby.markRead(peerId)
    const [page] = await Promise.all([
      this.root.rts.getPrivateHistory(peerId, { count: PRIVATE_PAGE_SIZE }),
      this.root.rts.clearUnread(peerId),
    ])
    if (token !== this.openedAt) return
    this.take(page.messages, page.hasMore)
    // a message that arrived while loading was counted as unread by the service
    this.root.lobby.markRead(peerId)
  }

  async send(text: string): Promise<void> {
    assertCan(this.root.room.role, 'privateChat')
    const body = validateMessageText(text)
    const peer = this.peer
    if (!peer) throw new AppError('NOT_ALLOWED', '请先选择聊天对象')
    this.root.requireConnected()
    const message = await this.root.rts.sendPrivate(peer, body)
    this.root.lobby.record({ peer, message }, true)
    if (this.peer?.id === peer.id) this.take([message], this.hasMore)
  }

  close(): void {
    this.openedAt++
    this.peer = null
    this.messages = []
    this.hasMore = false
    this.list = new MessageList(Number.MAX_SAFE_INTEGER)
  }

  async loadOlder(): Promise<void> {
    const peer = this.peer
    if (!peer || !this.hasMore || this.loadingOlder) return
    const oldest = this.messages[0]
    this.loadingOlder = true
    const token = this.openedAt
    try {
      const page = await this.root.rts.getPrivateHistory(peer.id, { before: oldest?.sentAt, count: PRIVATE_PAGE_SIZE })
      if (token === this.openedAt) this.take(page.messages, page.hasMore)
    } finally {
      this.setLoadingOlder(false)
    }
  }

  /** Called for every incoming private message; true when it is shown here (so it is read). */
  receive(event: PrivateMessageEvent): boolean {
    if (!this.peer || this.peer.id !== event.peer.id) return false
    this.peer = event.peer
    this.take([event.message], this.hasMore)
    this.root.rts.clearUnread(event.peer.id).catch(() => {
      /* the unread mark comes back on the next conversation load; nothing is lost */
    })
    return true
  }

  private take(messages: ChatMessage[], hasMore: boolean): void {
    const next = this.list.merge(this.messages, messages)
    if (next) this.messages = next
    this.hasMore = hasMore
  }

  private setLoadingOlder(loading: boolean): void {
    this.loadingOlder = loading
  }
}
