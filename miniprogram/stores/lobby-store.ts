import { makeAutoObservable, observable } from 'mobx-miniprogram'
import type { Conversation, Profile, RoomListing } from '../core/types'
import type { LobbySnapshot, PrivateMessageEvent, RtsService } from '../services/types'
import type { LobbyState } from './types'

/** What the lobby needs from the rest of the app. */
export interface LobbyDeps {
  rts: Pick<RtsService, 'enterLobby' | 'listRooms' | 'getConversations'>
  /** my id, to leave me out of the people online; undefined when signed out */
  myId(): string | undefined
}

/** Who is online in the lobby, the rooms live now, and my private conversations with their unread counts. */
export class LobbyStore implements LobbyState {
  onlineCount = 0
  users: Profile[] = []
  conversations: Conversation[] = []
  rooms: RoomListing[] = []
  /** extra: the lobby is being (re-)entered */
  entering = false

  constructor(private readonly deps: LobbyDeps) {
    // lists are replaced, never changed in place: observing the reference is enough
    makeAutoObservable<this, 'deps'>(
      this,
      { deps: false, users: observable.ref, conversations: observable.ref, rooms: observable.ref },
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
      // the live rooms are read alongside; without them the lobby still works (the list stays as it was)
      const [snapshot, rooms] = await Promise.all([this.deps.rts.enterLobby(), this.deps.rts.listRooms().catch(() => null)])
      this.apply(snapshot)
      if (rooms) this.setRooms(rooms)
    } finally {
      this.setEntering(false)
    }
  }

  /** Reads the live rooms again (pull to refresh). */
  async refreshRooms(): Promise<void> {
    this.setRooms(await this.deps.rts.listRooms())
  }

  async loadConversations(): Promise<void> {
    this.setConversations(await this.deps.rts.getConversations())
  }

  apply(snapshot: LobbySnapshot): void {
    const myId = this.deps.myId()
    this.onlineCount = snapshot.onlineCount
    this.users = snapshot.users.filter((u) => u.id !== myId)
  }

  /** The live rooms, newest first. */
  setRooms(rooms: readonly RoomListing[]): void {
    this.rooms = [...rooms].sort((a, b) => b.since - a.since)
  }

  /** A private message arrived, or I sent one (`read`: it needs no unread mark). */
  record(event: PrivateMessageEvent, read: boolean): void {
    const existing = this.conversations.find((c) => c.peer.id === event.peer.id)
    const unread = read ? 0 : (existing?.unread ?? 0) + 1
    const updated: Conversation = { peer: event.peer, last: event.message, unread }
    this.conversations = [updated, ...this.conversations.filter((c) => c !== existing)]
  }

  markRead(peerId: string): void {
    this.conversations = this.conversations.map((c) => (c.peer.id === peerId && c.unread ? { ...c, unread: 0 } : c))
  }

  reset(): void {
    this.onlineCount = 0
    this.users = []
    this.conversations = []
    this.rooms = []
  }

  private setEntering(entering: boolean): void {
    this.entering = entering
  }

  private setConversations(list: Conversation[]): void {
    const byTime = (c: Conversation) => c.last?.sentAt ?? 0
    this.conversations = list.map((c) => ({ peer: c.peer, last: c.last, unread: c.unread })).sort((a, b) => byTime(b) - byTime(a))
  }
}
