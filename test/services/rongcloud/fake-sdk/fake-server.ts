/**
 * An in-memory stand-in for RongCloud's IM server, shared by several FakeImLib clients: users and
 * tokens, chatrooms with members, KV entries and history, private conversations with unread
 * counts. It models what the adapter relies on (codes, one chatroom per user, KV ownership and
 * auto-delete, status messages not stored) and offers switches for console features and faults.
 */
import type { IAReceivedMessage } from '@rongcloud/imlib-next'
import type { FakeImLib } from './fake-client'

export interface KvEntry {
  value: string
  owner: string
  autoDelete: boolean
}

export interface FakeChatroom {
  id: string
  createTime: number
  /** userId → join time */
  members: Map<string, number>
  kv: Map<string, KvEntry>
  history: IAReceivedMessage[]
  /** users banned from speaking (server-side chat ban → 23408) */
  banned: Set<string>
}

export interface Features {
  /** 聊天室属性自定义设置 (23426 without) */
  kv: boolean
  /** 聊天室消息云端存储 (23414 without) */
  chatroomHistory: boolean
  /** 单群聊消息云端存储 (33007 without) */
  privateHistory: boolean
  /** chatroom member events (a vendor ticket) */
  memberEvents: boolean
}

interface PrivateConversation {
  messages: IAReceivedMessage[]
  unread: number
}

export class FakeRongCloudServer {
  readonly features: Features = { kv: true, chatroomHistory: true, privateHistory: true, memberEvents: false }
  readonly chatrooms = new Map<string, FakeChatroom>()
  readonly clients = new Set<FakeImLib>()
  /** chatroom capacity (23411 past it) */
  capacity = 500
  /** codes the next connect attempts resolve with, in order (0 = success) */
  readonly connectScript: number[] = []
  /** calls per method name, across clients */
  readonly calls = new Map<string, number>()
  private readonly tokens = new Map<string, string>()
  /** owner userId → peer id → conversation as the owner sees it */
  private readonly conversations = new Map<string, Map<string, PrivateConversation>>()
  private seq = 0

  now(): number {
    return Date.now()
  }

  nextUid(): string {
    this.seq += 1
    return `UID-${this.seq}`
  }

  count(method: string): void {
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1)
  }

  /** Registers a user and returns a token for them (the server side of the token endpoint). */
  addUser(userId: string, token = `token-${userId}`): string {
    this.tokens.set(token, userId)
    return token
  }

  revokeToken(token: string): void {
    this.tokens.delete(token)
  }

  userOf(token: string): string | undefined {
    return this.tokens.get(token)
  }

  connectedClients(userId: string): FakeImLib[] {
    return Array.from(this.clients).filter((c) => c.userId === userId && c.connected)
  }

  room(id: string): FakeChatroom | undefined {
    return this.chatrooms.get(id)
  }

  createRoom(id: string): FakeChatroom {
    let room = this.chatrooms.get(id)
    if (!room) {
      room = { id, createTime: this.now(), members: new Map(), kv: new Map(), history: [], banned: new Set() }
      this.chatrooms.set(id, room)
    }
    return room
  }

  /** Removes a member: their auto-delete entries go, others hear of it; an empty room is destroyed. */
  removeMember(chatroomId: string, userId: string): void {
    const room = this.chatrooms.get(chatroomId)
    if (!room || !room.members.delete(userId)) return
    const deleted: { key: string; value: string }[] = []
    room.kv.forEach((entry, key) => {
      if (entry.autoDelete && entry.owner === userId) {
        room.kv.delete(key)
        deleted.push({ key, value: entry.value })
      }
    })
    for (const d of deleted) this.notifyEntry(room, d.key, d.value, 2, null)
    this.notifyMembers(room, userId, 0)
    if (room.members.size === 0) this.chatrooms.delete(chatroomId)
  }

  notifyEntry(room: FakeChatroom, key: string, value: string, type: 1 | 2, except: string | null): void {
    for (const client of this.clients) {
      if (!client.connected || client.userId === except || !room.members.has(client.userId)) continue
      client.deliverChatroom({
        updatedEntries: [{ key, value, timestamp: this.now(), chatroomId: room.id, type }],
      })
    }
  }

  notifyMembers(room: FakeChatroom, userId: string, action: 0 | 1): void {
    if (!this.features.memberEvents) return
    for (const client of this.clients) {
      if (!client.connected || !room.members.has(client.userId)) continue
      client.deliverChatroom({
        userChange: { chatroomId: room.id, memberCount: room.members.size, users: { [userId]: action }, userList: [{ userId, action }] },
      })
    }
  }

  /** Delivers a chatroom message to every other member; stores it unless it is a status message. */
  postToChatroom(room: FakeChatroom, message: IAReceivedMessage): void {
    if (message.isPersited && !message.isStatusMessage) room.history.push(message)
    for (const client of this.clients) {
      if (!client.connected || client.userId === message.senderUserId || !room.members.has(client.userId)) continue
      client.deliverMessages([{ ...message, messageDirection: 2 }])
    }
  }

  conversation(owner: string, peer: string): PrivateConversation {
    let byPeer = this.conversations.get(owner)
    if (!byPeer) {
      byPeer = new Map()
      this.conversations.set(owner, byPeer)
    }
    let conv = byPeer.get(peer)
    if (!conv) {
      conv = { messages: [], unread: 0 }
      byPeer.set(peer, conv)
    }
    return conv
  }

  conversationsOf(owner: string): Map<string, PrivateConversation> {
    return this.conversations.get(owner) ?? new Map()
  }

  /** A private message: stored on both sides (unless a status message), delivered to the peer. */
  postPrivate(message: IAReceivedMessage, peer: string): void {
    const sender = message.senderUserId
    if (message.isPersited && !message.isStatusMessage) {
      this.conversation(sender, peer).messages.push({ ...message, messageDirection: 1, targetId: peer })
      const theirs = this.conversation(peer, sender)
      theirs.messages.push({ ...message, messageDirection: 2, targetId: sender })
      if (message.isCounted) theirs.unread += 1
    }
    for (const client of this.connectedClients(peer)) {
      client.deliverMessages([{ ...message, messageDirection: 2, targetId: sender }])
    }
  }

  /** The same account signed in elsewhere: the server drops the client (DISCONNECT 31010). */
  kick(userId: string): void {
    for (const client of this.connectedClients(userId)) client.serverDisconnect(31010)
  }
}
