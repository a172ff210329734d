/**
 * An in-memory stand-in for RongCloud's IM server, shared by several FakeImLib clients: users and
 * tokens, chatrooms with members, KV entries and history, private conversations with unread
 * counts. It models what the adapter relies on (codes, one chatroom per user, KV ownership and
 * auto-delete, status messages not stored) and offers switches for console features and faults.
 *
 * As unkind as the real service where the adapter can feel it:
 * - a chatroom with no join, leave or message for an hour is destroyed, its members removed and
 *   told (`chatroomDestroyed`), unless it is on the keepalive list or bound to an RTC room that
 *   still exists: https://docs.rongcloud.io/platform-chat-api/chatroom/destroy-about and imlib
 *   index.d.ts L5113-5133 (bindRTCRoomForChatroom: "只要音视频房间仍存在，则阻止聊天室自动销毁");
 * - a member whose connection dies stays a member (and keeps its auto-delete entries) until it
 *   has been offline 30 s and a new message is posted in the room, or the 31st message arrives
 *   within those 30 s: https://docs.rongcloud.io/web-imlib/chatroom/quit ("Automatic Exit
 *   Mechanism for Offline Chatroom Members"); the entries' isAutoDelete is "用户退出聊天室时是否清除此属性"
 *   (engine index.d.ts L7117-7120), so they go with that removal.
 */
import type { IAReceivedMessage } from '@rongcloud/imlib-next'
import type { FakeImLib } from './fake-client'
import { askCallback, routed } from './message-callback'
import type { CallbackRecord, MessageCallbackConfig } from './message-callback'

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
  /** members whose connection died: when, and how many messages were posted since */
  offline: Map<string, { since: number; messages: number }>
  /** last join, leave or message (the idle-destruction clock) */
  lastActivity: number
  /** bindRTCRoomForChatroom */
  rtcRoomId: string | null
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
  /**
   * the navigation data's kvStorage flag: without it the SDK never pulls chatroom KV after
   * joining, so its entry cache stays empty and entriesSynced never comes (engine pp L30919-30931)
   */
  navKvStorage: boolean
  /**
   * 消息拦截回调给发送方: the sender's SDK is told when a message is blocked (Events.MESSAGE_BLOCKED).
   * "需要提交工单开启服务后才能使用。默认关闭状态" (imlib-next index.d.ts L269-273): off by default,
   * and without it a blocked sender sees its message as sent.
   */
  blockedNotice: boolean
}

interface PrivateConversation {
  messages: IAReceivedMessage[]
  unread: number
}

export class FakeRongCloudServer {
  readonly features: Features = { kv: true, chatroomHistory: true, privateHistory: true, memberEvents: false, navKvStorage: true, blockedNotice: false }
  /**
   * RongCloud's message callback (消息回调服务, our server's /v1/rongcloud/message-callback) answering
   * `pass: 0` for the messages this returns true for. Such a message is acknowledged like any other
   * (sendMessage resolves ok with a messageUId: engine ErrorCode SENSITIVE_SHIELD 21501 is never
   * raised, server/README.md "What the sender's phone sees"), but it is stored for nobody and
   * delivered to nobody; with features.blockedNotice the sender then gets MESSAGE_BLOCKED with
   * IBlockedMessageInfo (engine index.d.ts L5934-5969), blockType THIRD_PARTY 3 (L3734-3747).
   */
  blocks: (message: IAReceivedMessage) => boolean = () => false
  /**
   * The same callback over real HTTP (message-callback.ts): while set, a message the console's rule
   * routes is held until the app server answers or RongCloud's 3 s are over, then delivered or
   * refused as `blocks` refuses. Delivery is then asynchronous; while null, `blocks` decides at once.
   */
  messageCallback: MessageCallbackConfig | null = null
  /** what each callback decided, in the order the answers came */
  readonly callbackRecords: CallbackRecord[] = []
  private readonly pendingCallbacks = new Set<Promise<void>>()
  readonly chatrooms = new Map<string, FakeChatroom>()
  readonly clients = new Set<FakeImLib>()
  /** chatroom capacity (23411 past it) */
  capacity = 500
  /** codes the next connect attempts resolve with, in order (0 = success) */
  readonly connectScript: number[] = []
  /** calls per method name, across clients */
  readonly calls = new Map<string, number>()
  /**
   * microtask ticks a KV pull takes: a separate query sent after the join's answer, so a join
   * resolves before its pull does (tests can hold pulls outright with FakeImLib.holdPulls)
   */
  pullTicks = 5
  /** the default auto-destroy timeout of an idle chatroom */
  idleDestroyMs = 60 * 60 * 1000
  /** an offline member is removed by the first message after this long ... */
  offlineEvictMs = 30_000
  /** ... or by this many messages within it */
  offlineEvictMessages = 31
  /** chatrooms on the server API's keepalive list: never destroyed */
  readonly keepalive = new Set<string>()
  /** whether an RTC room exists now (a chatroom bound to it is not destroyed while it does) */
  rtcRoomAlive: (rtcRoomId: string) => boolean = () => false
  /**
   * the stricter reading of bindRTCRoomForChatroom, which its docs neither confirm nor rule out:
   * a binding made while the RTC room does not exist yet is accepted but has no effect
   */
  bindNeedsLiveRtcRoom = false
  private readonly idleTimers = new Map<string, ReturnType<typeof setTimeout>>()
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
      const now = this.now()
      room = {
        id,
        createTime: now,
        members: new Map(),
        kv: new Map(),
        history: [],
        banned: new Set(),
        offline: new Map(),
        lastActivity: now,
        rtcRoomId: null,
      }
      this.chatrooms.set(id, room)
      this.touch(room)
    }
    return room
  }

  /** A join, leave or message: the room's idle clock starts again. */
  touch(room: FakeChatroom): void {
    room.lastActivity = this.now()
    this.armIdleTimer(room.id, this.idleDestroyMs)
  }

  private armIdleTimer(id: string, ms: number): void {
    const old = this.idleTimers.get(id)
    if (old) clearTimeout(old)
    const handle = setTimeout(() => this.idleCheck(id), ms)
    ;(handle as { unref?: () => void }).unref?.()
    this.idleTimers.set(id, handle)
  }

  private idleCheck(id: string): void {
    this.idleTimers.delete(id)
    const room = this.chatrooms.get(id)
    if (!room) return
    const idle = this.now() - room.lastActivity
    if (idle < this.idleDestroyMs) return this.armIdleTimer(id, this.idleDestroyMs - idle)
    const bound = room.rtcRoomId !== null && this.rtcRoomAlive(room.rtcRoomId)
    if (this.keepalive.has(id) || bound) return this.armIdleTimer(id, this.idleDestroyMs)
    this.destroyRoom(id)
  }

  /** The server destroys a chatroom: members removed, entries and history gone, members told. */
  destroyRoom(id: string, destroyType = 0): void {
    const room = this.chatrooms.get(id)
    if (!room) return
    this.chatrooms.delete(id)
    const timer = this.idleTimers.get(id)
    if (timer) clearTimeout(timer)
    this.idleTimers.delete(id)
    for (const client of this.clients) client.chatroomDestroyed(id, destroyType)
  }

  bindRtcRoom(chatroomId: string, rtcRoomId: string): boolean {
    const room = this.chatrooms.get(chatroomId)
    if (!room) return false
    if (this.bindNeedsLiveRtcRoom && !this.rtcRoomAlive(rtcRoomId)) return true // accepted, to no effect
    room.rtcRoomId = rtcRoomId
    return true
  }

  /** A member joins (or comes back online after a rejoin). */
  addMember(room: FakeChatroom, userId: string): boolean {
    const isNew = !room.members.has(userId)
    room.members.set(userId, this.now())
    room.offline.delete(userId)
    this.touch(room)
    return isNew
  }

  /** The user's connection died: they stay in their chatrooms until evicted (see the header). */
  memberOffline(userId: string): void {
    const now = this.now()
    for (const room of this.chatrooms.values()) {
      if (room.members.has(userId) && !room.offline.has(userId)) room.offline.set(userId, { since: now, messages: 0 })
    }
  }

  /** A new message evicts the offline members that meet the documented conditions. */
  private evictOffline(room: FakeChatroom): void {
    const now = this.now()
    for (const [userId, mark] of Array.from(room.offline.entries())) {
      mark.messages += 1
      if (now - mark.since >= this.offlineEvictMs || mark.messages >= this.offlineEvictMessages) this.removeMember(room.id, userId)
    }
  }

  /** Removes a member: their auto-delete entries go, others hear of it; an empty room is destroyed. */
  removeMember(chatroomId: string, userId: string): void {
    const room = this.chatrooms.get(chatroomId)
    room?.offline.delete(userId)
    if (!room || !room.members.delete(userId)) return
    this.touch(room)
    const deleted: { key: string; value: string }[] = []
    room.kv.forEach((entry, key) => {
      if (entry.autoDelete && entry.owner === userId) {
        room.kv.delete(key)
        deleted.push({ key, value: entry.value })
      }
    })
    if (deleted.length) this.notifyKv(room)
    this.notifyMembers(room, userId, 0)
    // not verified against the service: an empty chatroom is treated as gone at once
    if (room.members.size === 0) this.destroyRoom(chatroomId)
  }

  /**
   * The room's KV changed: members are told (sCmd type 2) and their SDKs pull the changes, which
   * is when `updatedEntries` fires (engine pp L31447-31477, L30422-30510). No entries travel in
   * the notification itself; whether the writer is notified too is not known: with the cache diff
   * in fake-kv.ts an unchanged value is not reported again either way.
   */
  notifyKv(room: FakeChatroom): void {
    for (const client of this.clients) {
      if (client.connected && room.members.has(client.userId)) client.kvChanged(room.id)
    }
  }

  /** The entries as the server holds them now (what a pullKV query answers). */
  entriesOf(chatroomId: string): Record<string, string> | undefined {
    const room = this.chatrooms.get(chatroomId)
    if (!room) return undefined
    const out: Record<string, string> = {}
    room.kv.forEach((entry, key) => {
      out[key] = entry.value
    })
    return out
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
    this.evictOffline(room)
    this.touch(room)
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

  /**
   * Whether RongCloud delivers `message`: at once by `blocks`, or after asking messageCallback.
   * `deliver` runs when it does, `refuse` when it is held back (delivered to nobody).
   */
  route(message: IAReceivedMessage, channelType: CallbackRecord['channelType'], deliver: () => void, refuse: () => void): void {
    const config = this.messageCallback
    if (!config || !routed(config, message)) return this.blocks(message) ? refuse() : deliver()
    const asked = askCallback(config, message, channelType, this.now()).then((record) => {
      this.callbackRecords.push(record)
      if (record.delivered) deliver()
      else refuse()
    })
    this.pendingCallbacks.add(asked)
    void asked.finally(() => this.pendingCallbacks.delete(asked))
  }

  /** Resolves once every callback asked so far has been answered or given up. */
  async callbacksSettled(): Promise<void> {
    while (this.pendingCallbacks.size) await Promise.all(Array.from(this.pendingCallbacks))
  }

  /** The same account signed in elsewhere: the server drops the client (DISCONNECT 31010). */
  kick(userId: string): void {
    for (const client of this.connectedClients(userId)) client.serverDisconnect(31010)
  }

  /** Stops the idle timers (they are unref'd, so this is only tidiness). */
  dispose(): void {
    this.idleTimers.forEach((t) => clearTimeout(t))
    this.idleTimers.clear()
  }
}
