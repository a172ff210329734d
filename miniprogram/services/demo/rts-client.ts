/**
 * RtsService over the demo hub: each method is one request (createRoom is two, as on RongCloud).
 * Room calls name the chatroom this client is in at the moment of the call (DemoClient.roomChatroom),
 * as the RongCloud service names its `current` chatroom in quitChatRoom / sendMessage /
 * setChatRoomEntry; the server refuses them for any other chatroom (23406) and a leave for a room
 * already left does nothing.
 */
import { AppError } from '../../core/errors'
import type { ChatMessage, Profile } from '../../core/types'
import type { Signal } from '../../core/wire'
import type {
  BlockedMessage,
  ConnectionChange,
  Conversation,
  LobbySnapshot,
  PrivateHistoryPage,
  PrivateMessageEvent,
  RoomEvent,
  RoomListing,
  RoomSnapshot,
  RtsService,
  Unsubscribe,
} from '../types'
import type { DemoClient } from './client'
import { copy } from './copy'
import { removeEntry, setEntry } from './chatroom-kv'
import { LOBBY_CHATROOM, roomChatroomId } from './chatrooms'
import { entriesOf } from './entry-sync'
import type { Hub } from './hub'
import type { Account } from './server'

export class DemoRtsService implements RtsService {
  constructor(
    private readonly hub: Hub,
    private readonly client: DemoClient,
  ) {}

  connect(profile: Profile): Promise<Profile> {
    const client = this.client
    if (client.state === 'connected') return this.roundTrip(() => this.known(profile))
    if (client.state === 'connecting' || client.state === 'reconnecting') {
      return this.roundTrip(() => {
        throw new AppError('NETWORK', '正在连接中，请稍候')
      })
    }
    client.setState('connecting')
    return new Promise<Profile>((resolve, reject) => {
      this.hub.scheduler.after(this.hub.latencyMs, () => {
        // disconnect() was called while connecting
        if (client.state !== 'connecting') return reject(new AppError('NOT_CONNECTED'))
        const refused = this.hub.connectErrors.get(client.userId)
        if (refused) {
          const error = new AppError(refused)
          client.setState('failed', error)
          return reject(error)
        }
        const known = this.known(profile)
        this.hub.signIn(client, known)
        client.setState('connected')
        resolve(copy(known))
      })
    })
  }

  updateProfile(profile: Profile): Promise<Profile> {
    return this.hub.request(this.client, (account) => {
      account.profile = this.known(profile)
      // the others in the lobby see it at once
      if (account.chatroom === LOBBY_CHATROOM) this.hub.chatrooms.pushLobby(account.profile.id)
      return copy(account.profile)
    })
  }

  /** The id comes from the "token" (network.connect); name and avatar from the app. */
  private known(profile: Profile): Profile {
    const name = typeof profile?.name === 'string' && profile.name.trim() ? profile.name.trim() : this.client.account.name
    const avatar = typeof profile?.avatar === 'string' && profile.avatar ? profile.avatar : this.client.account.avatar
    return avatar ? { id: this.client.userId, name, avatar } : { id: this.client.userId, name }
  }

  private roundTrip<T>(answer: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.hub.scheduler.after(this.hub.latencyMs, () => {
        try {
          resolve(answer())
        } catch (error) {
          reject(error)
        }
      })
    })
  }

  disconnect(): Promise<void> {
    const client = this.client
    // RongCloud's disconnect is local and immediate; the server learns of it at once
    this.hub.signOut(client)
    if (client.state !== 'idle') client.setState('idle')
    return this.roundTrip(() => undefined)
  }

  onConnection(listener: (change: ConnectionChange) => void): Unsubscribe {
    return this.client.connection.on(listener)
  }

  enterLobby(): Promise<LobbySnapshot> {
    return this.hub.request(this.client, (account) => {
      const lobby = this.hub.chatrooms.enter(account, LOBBY_CHATROOM, 'lobby')
      // one chatroom at a time: the room is left
      this.leftRoom()
      // the entries as read on joining (RongCloud's service reads them just before)
      return { ...this.hub.chatrooms.lobbySnapshot(account.profile.id), entries: entriesOf(lobby) }
    })
  }

  leaveLobby(): Promise<void> {
    return this.hub.request(this.client, (account) => {
      if (account.chatroom === LOBBY_CHATROOM) this.hub.chatrooms.leave(account)
    })
  }

  onLobby(listener: (snapshot: LobbySnapshot) => void): Unsubscribe {
    return this.client.lobby.on(listener)
  }

  listRooms(): Promise<RoomListing[]> {
    return this.hub.request(this.client, () => this.hub.directory.list())
  }

  onRooms(listener: (rooms: RoomListing[]) => void): Unsubscribe {
    return this.client.rooms.on(listener)
  }

  onLobbyEntries(listener: (entries: Record<string, string>) => void): Unsubscribe {
    return this.client.lobbyEntries.on(listener)
  }

  async createRoom(roomId: string, claim: { key: string; value: string }): Promise<RoomSnapshot | null> {
    await this.hub.request(this.client, (account) => this.hub.chatrooms.createJoin(account, roomId))
    const snapshot = await this.hub.request(this.client, (account) => this.hub.chatrooms.createClaim(account, roomId, claim))
    if (snapshot) this.enteredRoom(snapshot)
    return snapshot
  }

  async joinRoom(roomId: string): Promise<RoomSnapshot> {
    return this.enteredRoom(await this.hub.request(this.client, (account) => this.hub.chatrooms.join(account, roomId)))
  }

  leaveRoom(): Promise<void> {
    const named = this.client.roomChatroom
    this.leftRoom()
    return this.hub.request(this.client, (account) => this.hub.chatrooms.leaveRoom(account, named))
  }

  setRoomEntry(key: string, value: string): Promise<void> {
    const named = this.client.roomChatroom
    return this.hub.request(this.client, (account) => setEntry(this.hub.chatrooms, account, named, key, value)).then(() => {
      // the writer's own cache takes the value at once (entry-sync.ts)
      if (this.client.roomChatroom === named) this.client.entryCache.set(key, value)
    })
  }

  removeRoomEntry(key: string): Promise<void> {
    const named = this.client.roomChatroom
    return this.hub.request(this.client, (account) => removeEntry(this.hub.chatrooms, account, named, key)).then(() => {
      if (this.client.roomChatroom === named) this.client.entryCache.delete(key)
    })
  }

  sendRoomMessage(text: string): Promise<ChatMessage> {
    const named = this.client.roomChatroom
    return this.hub.request(this.client, (account) => this.hub.chatrooms.sendMessage(this.ungagged(account), named, text))
  }

  sendRoomSignal(signal: Signal): Promise<void> {
    const named = this.client.roomChatroom
    return this.hub.request(this.client, (account) => this.hub.chatrooms.sendSignal(this.ungagged(account), named, signal))
  }

  /** Muted through our backend: RongCloud's chatroom gag refuses the send (23408, as MUTED; backend-server.ts). */
  private ungagged(account: Account): Account {
    if (this.hub.backend.isGagged(account.chatroom, account.profile.id)) throw new AppError('MUTED')
    return account
  }

  /** The SDK is in this room now, with the entries the join handed back in its cache. */
  private enteredRoom(snapshot: RoomSnapshot): RoomSnapshot {
    this.client.roomChatroom = roomChatroomId(snapshot.roomId)
    this.client.entryCache = new Map(Object.entries(snapshot.entries))
    return snapshot
  }

  private leftRoom(): void {
    this.client.roomChatroom = null
    this.client.entryCache.clear()
  }

  onRoom(listener: (event: RoomEvent) => void): Unsubscribe {
    return this.client.room.on(listener)
  }

  sendPrivate(peer: Profile, text: string): Promise<ChatMessage> {
    return this.hub.request(this.client, (account) => this.hub.privateChat.send(account, peer, text))
  }

  getConversations(): Promise<Conversation[]> {
    return this.hub.request(this.client, (account) => this.hub.privateChat.conversations(account))
  }

  getPrivateHistory(peerId: string, options: { before?: number; count: number }): Promise<PrivateHistoryPage> {
    return this.hub.request(this.client, (account) => this.hub.privateChat.history(account, peerId, options))
  }

  clearUnread(peerId: string): Promise<void> {
    return this.hub.request(this.client, (account) => this.hub.privateChat.clearUnread(account, peerId))
  }

  onPrivate(listener: (event: PrivateMessageEvent) => void): Unsubscribe {
    return this.client.privateMessages.on(listener)
  }

  onBlocked(listener: (blocked: BlockedMessage) => void): Unsubscribe {
    return this.client.blocked.on(listener)
  }
}
