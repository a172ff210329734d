import { makeAutoObservable, observable } from 'mobx-miniprogram'
import { incomingMessage, incomingProfile } from '../core/incoming'
import type { Conversation, Profile, RoomListing } from '../core/types'
import type { LobbySnapshot, PrivateMessageEvent, RtsService } from '../services/types'
import { systemSchedule, type Schedule } from '../core/timers'
import { SignedListings } from './lobby-listings'
import type { Trust } from './room/authority'
import type { LobbyState } from './types'

/** The conversation list keeps the newest 100, as many as RongCloud hands over in one call (services/rongcloud/private-chat.ts CONVERSATION_PAGE). */
export const CONVERSATION_CAP = 100

/** What the lobby needs from the rest of the app. */
export interface LobbyDeps {
  rts: Pick<RtsService, 'enterLobby' | 'listRooms' | 'getConversations' | 'clearUnread'>
  /** my id, to leave me out of the people online; undefined when signed out */
  myId(): string | undefined
  /** our server: the live rooms are its signed listings (lobby-listings.ts); without: the service's list */
  trust?: Trust | null
  schedule?: Schedule
  /** in the lobby now (default: yes) */
  inLobby?(): boolean
}

/** Who is online in the lobby, the rooms live now, and my private conversations with their unread counts. */
export class LobbyStore implements LobbyState {
  onlineCount = 0
  users: Profile[] = []
  conversations: Conversation[] = []
  rooms: RoomListing[] = []
  /** extra: the lobby is being (re-)entered */
  entering = false
  /**
   * Per peer, the send time of the newest message read here. A conversation list read from the
   * server before our clear reached it (after a reconnect, the clear and the list race) counts
   * messages the person has seen: up to this mark they stay read.
   */
  private readUpTo = new Map<string, number>()
  private readonly listings: SignedListings | null

  constructor(private readonly deps: LobbyDeps) {
    const { trust } = deps
    const inLobby = deps.inLobby ?? (() => true)
    this.listings = trust ? new SignedListings({ trust, schedule: deps.schedule ?? systemSchedule, inLobby, show: (rooms) => this.showRooms(rooms) }) : null
    // lists are replaced, never changed in place: observing the reference is enough
    makeAutoObservable<this, 'deps' | 'readUpTo' | 'listings'>(
      this,
      { deps: false, readUpTo: false, listings: false, users: observable.ref, conversations: observable.ref, rooms: observable.ref },
      { autoBind: true },
    )
  }

  get unreadTotal(): number {
    return this.conversations.reduce((sum, c) => sum + c.unread, 0)
  }

  /** extra: a person I may know of: online in the lobby, or in a conversation */
  findPerson(userId: string): Profile | null {
    return this.users.find((u) => u.id === userId) ?? this.conversations.find((c) => c.peer.id === userId)?.peer ?? null
  }

  async enter(): Promise<void> {
    this.entering = true
    try {
      // the live rooms are read alongside (with our server: they come with the lobby, signed);
      // without them the lobby still works (the list stays as it was)
      const listed = this.listings ? Promise.resolve(null) : this.deps.rts.listRooms().catch(() => null)
      const [snapshot, rooms] = await Promise.all([this.deps.rts.enterLobby(), listed])
      this.apply(snapshot)
      if (rooms) this.setRooms(rooms)
      this.listings?.setEntries(snapshot.entries ?? {})
      this.listings?.entered()
    } finally {
      this.setEntering(false)
    }
  }

  /** Reads the live rooms again (pull to refresh); with our server, its list. */
  async refreshRooms(): Promise<void> {
    if (this.listings) await this.listings.refresh()
    else this.setRooms(await this.deps.rts.listRooms())
  }

  async loadConversations(): Promise<void> {
    this.setConversations(await this.deps.rts.getConversations())
  }

  apply(snapshot: LobbySnapshot): void {
    const myId = this.deps.myId()
    this.onlineCount = snapshot.onlineCount
    this.users = snapshot.users.map(incomingProfile).filter((u): u is Profile => u !== null && u.id !== myId)
  }

  /** The live rooms, newest first, as the service lists them (ignored with our server: only its signed listings count). */
  setRooms(rooms: readonly RoomListing[]): void {
    if (!this.listings) this.showRooms(rooms)
  }

  /** The lobby chatroom's entries changed (our server's listings, unverified). */
  setLobbyEntries(entries: Record<string, string>): void {
    this.listings?.setEntries(entries)
  }

  private showRooms(rooms: readonly RoomListing[]): void {
    this.rooms = [...rooms].sort((a, b) => b.since - a.since)
  }

  /**
   * A private message arrived, or I sent one (`read`: it needs no unread mark). One that breaks the
   * text rules (core/incoming.ts) is neither listed nor counted.
   */
  record(event: PrivateMessageEvent, read: boolean): void {
    const peer = incomingProfile(event.peer)
    const checked = incomingMessage(event.message)
    if (!peer || !checked) return
    // my own message that content safety refused shows as not sent, never as delivered
    const message = read && event.message.status === 'blocked' ? { ...checked, status: 'blocked' as const } : checked
    const existing = this.conversations.find((c) => c.peer.id === peer.id)
    const unread = read ? 0 : (existing?.unread ?? 0) + 1
    const updated: Conversation = { peer, last: message, unread }
    if (read) this.markReadUpTo(peer.id, message.sentAt)
    this.conversations = [updated, ...this.conversations.filter((c) => c !== existing)].slice(0, CONVERSATION_CAP)
  }

  /** extra: content safety refused my message `messageId` to `peerId`: the list shows it as not sent. */
  markBlocked(peerId: string, messageId: string): void {
    const at = this.conversations.findIndex((c) => c.peer.id === peerId && c.last?.id === messageId)
    const conversation = this.conversations[at]
    if (!conversation?.last || conversation.last.status === 'blocked') return
    const next = this.conversations.slice()
    next[at] = { ...conversation, last: { ...conversation.last, status: 'blocked' } }
    this.conversations = next
  }

  markRead(peerId: string): void {
    const last = this.conversations.find((c) => c.peer.id === peerId)?.last
    if (last) this.markReadUpTo(peerId, last.sentAt)
    this.conversations = this.conversations.map((c) => (c.peer.id === peerId && c.unread ? { ...c, unread: 0 } : c))
  }

  /** extra, for RootStore.dispose: the live list's timers stop */
  dispose(): void {
    this.listings?.reset()
  }

  reset(): void {
    this.onlineCount = 0
    this.users = []
    this.conversations = []
    this.rooms = []
    this.readUpTo.clear()
    this.listings?.reset()
  }

  private setEntering(entering: boolean): void {
    this.entering = entering
  }

  private setConversations(list: Conversation[]): void {
    const byTime = (c: Conversation) => c.last?.sentAt ?? 0
    const kept: Conversation[] = []
    for (const c of list) {
      const peer = incomingProfile(c.peer)
      if (!peer) continue
      // a last message that breaks the text rules is not shown; the conversation still is
      const last = c.last ? incomingMessage(c.last) : null
      let unread = Number.isInteger(c.unread) && c.unread > 0 ? c.unread : 0
      if (unread && last && last.sentAt <= (this.readUpTo.get(peer.id) ?? -Infinity)) {
        // read here already; the server's count is older than our clear: clear it once more
        unread = 0
        this.deps.rts.clearUnread(peer.id).catch(() => undefined)
      }
      kept.push(last ? { peer, last, unread } : { peer, unread })
    }
    this.conversations = kept.sort((a, b) => byTime(b) - byTime(a)).slice(0, CONVERSATION_CAP)
    // marks only matter for conversations listed
    const listed = new Set(this.conversations.map((c) => c.peer.id))
    for (const peerId of Array.from(this.readUpTo.keys())) if (!listed.has(peerId)) this.readUpTo.delete(peerId)
  }

  private markReadUpTo(peerId: string, sentAt: number): void {
    if (sentAt > (this.readUpTo.get(peerId) ?? -Infinity)) this.readUpTo.set(peerId, sentAt)
  }
}
