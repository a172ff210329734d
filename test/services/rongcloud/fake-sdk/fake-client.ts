/**
 * One mini-program's IMLib, faked: implements the adapter's ImLib slice with the real SDK's result
 * objects (ok / fail) and message classes, against a shared FakeRongCloudServer. Events are
 * delivered on a later microtask, as the real SDK delivers them asynchronously.
 */
import type * as RongIMLib from '@rongcloud/imlib-next'
import type {
  BaseMessage,
  EventListeners,
  GetHistoryMessageOption,
  GetHistoryMessageResult,
  IAReceivedConversation,
  IAReceivedMessage,
  IChatroomListenerData,
  IConversationIdentifier,
  RCResult,
} from '@rongcloud/imlib-next'
import type { ImLib } from '../../../../miniprogram/services/rongcloud/imlib'
import type { FakeRongCloudServer } from './fake-server'

export const actualSdk = jest.requireActual<typeof RongIMLib>('@rongcloud/imlib-next')
const { ok, fail, Events, ConversationType, BaseMessage: RealBaseMessage } = actualSdk

type Method = keyof ImLib
type Script = Partial<Record<Method, number[]>>

export class FakeImLib implements ImLib {
  userId = ''
  connected = false
  appkey = ''
  readonly joined = new Set<string>()
  /** error codes the next calls of a method resolve with, in order */
  readonly failNext: Script = {}
  /** message types registered: type → isStatusMessage */
  readonly registered = new Map<string, boolean>()
  private readonly listeners = new Map<string, Set<unknown>>()

  constructor(readonly server: FakeRongCloudServer) {
    server.clients.add(this)
  }

  // ---- test controls ------------------------------------------------------------------------

  emit<T extends RongIMLib.Events>(type: T, ...args: Parameters<EventListeners[T]>): void {
    for (const listener of Array.from(this.listeners.get(type) ?? [])) {
      ;(listener as (...a: Parameters<EventListeners[T]>) => void)(...args)
    }
  }

  later(fn: () => void): void {
    void Promise.resolve().then(fn)
  }

  deliverMessages(messages: IAReceivedMessage[]): void {
    this.later(() => {
      if (this.connected) this.emit(Events.MESSAGES, { messages })
    })
  }

  deliverChatroom(event: IChatroomListenerData): void {
    this.later(() => {
      if (this.connected) this.emit(Events.CHATROOM, event)
    })
  }

  /** The server ends the connection (kick 31010, ban, token expired): final, no SDK retry. */
  serverDisconnect(code: number): void {
    this.connected = false
    this.leaveAllChatrooms()
    this.emit(Events.DISCONNECT, code)
  }

  /** The socket drops: SUSPEND; resume() brings it back as the SDK's own reconnect would. */
  suspend(code = 30011): void {
    this.connected = false
    this.emit(Events.SUSPEND, code)
  }

  /** Reconnects after suspend() and re-joins the chatrooms (rejoinedRoom per room). */
  resume(): void {
    this.emit(Events.CONNECTING)
    this.connected = true
    this.emit(Events.CONNECTED)
    for (const chatroomId of this.joined) {
      const room = this.server.room(chatroomId)
      if (!room) {
        this.joined.delete(chatroomId)
        this.deliverChatroom({ rejoinedRoom: { chatroomId, errorCode: 23410 } })
        continue
      }
      room.members.set(this.userId, this.server.now())
      this.deliverChatroom({ rejoinedRoom: { chatroomId, count: 0, ...this.joinResponse(chatroomId) } })
    }
  }

  private scripted(method: Method): number | undefined {
    this.server.count(method)
    const codes = this.failNext[method]
    return codes && codes.length ? codes.shift() : undefined
  }

  private leaveAllChatrooms(): void {
    for (const id of Array.from(this.joined)) this.server.removeMember(id, this.userId)
    this.joined.clear()
  }

  private joinResponse(chatroomId: string) {
    const room = this.server.createRoom(chatroomId)
    return {
      createTime: room.createTime,
      memberCount: room.members.size,
      isAllChatroomBanned: false,
      isCurrentUserBanned: room.banned.has(this.userId),
      isCurrentChatroomBanned: false,
      isCurrentChatroomInWhitelist: false,
      joinTime: this.server.now(),
    }
  }

  // ---- ImLib ----------------------------------------------------------------------------------

  init: ImLib['init'] = (options) => {
    if (!this.appkey) this.appkey = options.appkey
  }

  registerMessageType: ImLib['registerMessageType'] = <T>(
    messageType: string,
    isPersited: boolean,
    isCounted: boolean,
    _searchProps?: string[],
    isStatusMessage?: boolean,
  ) => {
    this.registered.set(messageType, isStatusMessage === true)
    return class extends RealBaseMessage<T> {
      constructor(content: T) {
        super(messageType, content, isPersited, isCounted)
      }
    }
  }

  connect: ImLib['connect'] = async (token) => {
    const scripted = this.server.connectScript.length ? this.server.connectScript.shift() : undefined
    this.server.count('connect')
    this.emit(Events.CONNECTING)
    const userId = this.server.userOf(token)
    const code = scripted ?? (userId ? 0 : 31004)
    if (code !== 0 || !userId) {
      this.emit(Events.DISCONNECT, code)
      return fail<{ userId: string }>(code)
    }
    for (const other of this.server.connectedClients(userId)) {
      if (other !== this) other.serverDisconnect(31010)
    }
    this.userId = userId
    this.connected = true
    this.emit(Events.CONNECTED)
    return ok({ userId })
  }

  disconnect = async (): Promise<void> => {
    this.server.count('disconnect')
    const was = this.connected
    this.connected = false
    this.leaveAllChatrooms()
    if (was) this.emit(Events.DISCONNECT, 2)
  }

  addEventListener: ImLib['addEventListener'] = (eventType, listener) => {
    const set = this.listeners.get(eventType) ?? new Set<unknown>()
    set.add(listener)
    this.listeners.set(eventType, set)
  }

  removeEventListener: ImLib['removeEventListener'] = (eventType, listener) => {
    this.listeners.get(eventType)?.delete(listener)
  }

  private async join(chatroomId: string, count: number, mustExist: boolean): Promise<RCResult<RongIMLib.IChatroomJoinResponse>> {
    if (!this.connected) return fail(30002)
    const room = this.server.room(chatroomId)
    if (mustExist && !room) return fail(23410)
    if (room && !room.members.has(this.userId) && room.members.size >= this.server.capacity) return fail(23411)
    // RongCloud's default: one chatroom per user, joining another leaves the first
    for (const other of Array.from(this.joined)) {
      if (other !== chatroomId) {
        this.joined.delete(other)
        this.server.removeMember(other, this.userId)
      }
    }
    const target = this.server.createRoom(chatroomId)
    const isNew = !target.members.has(this.userId)
    target.members.set(this.userId, this.server.now())
    this.joined.add(chatroomId)
    if (isNew) this.server.notifyMembers(target, this.userId, 1)
    const history = count > 0 ? target.history.slice(-count) : []
    if (history.length) this.deliverMessages(history.map((m) => ({ ...m, messageDirection: m.senderUserId === this.userId ? 1 : 2 })))
    if (this.server.features.kv) this.deliverChatroom({ entriesSynced: chatroomId })
    return ok(this.joinResponse(chatroomId))
  }

  joinChatRoom: ImLib['joinChatRoom'] = async (roomId, options) => {
    const code = this.scripted('joinChatRoom')
    if (code) return fail(code)
    const result = await this.join(roomId, options.count, false)
    return result.isOk ? ok() : fail(result.code)
  }

  joinExistChatRoom: ImLib['joinExistChatRoom'] = async (targetId, options) => {
    const code = this.scripted('joinExistChatRoom')
    if (code) return fail(code)
    return this.join(targetId, options.count, true)
  }

  quitChatRoom: ImLib['quitChatRoom'] = async (targetId) => {
    const code = this.scripted('quitChatRoom')
    if (code) return fail(code)
    if (!this.joined.has(targetId)) return ok()
    this.joined.delete(targetId)
    this.server.removeMember(targetId, this.userId)
    return ok()
  }

  getChatRoomInfo: ImLib['getChatRoomInfo'] = async (targetId, options) => {
    const code = this.scripted('getChatRoomInfo')
    if (code) return fail(code)
    if (!this.connected) return fail(30002)
    const count = options?.count ?? 0
    if (count > 20 || count < 0) return fail(34232)
    const room = this.server.room(targetId)
    if (!room) return fail(23410)
    const users = Array.from(room.members.entries()).map(([id, time]) => ({ id, time }))
    users.sort((a, b) => (options?.order === 2 ? b.time - a.time : a.time - b.time))
    return ok({ userCount: room.members.size, userInfos: users.slice(0, count) })
  }

  setChatRoomEntry: ImLib['setChatRoomEntry'] = async (targetId, options) => {
    const code = this.scripted('setChatRoomEntry')
    if (code) return fail(code)
    if (!this.connected) return fail(30002)
    const room = this.server.room(targetId)
    if (!room || !this.joined.has(targetId)) return fail(23406)
    if (!this.server.features.kv) return fail(23426)
    const existing = room.kv.get(options.key)
    if (existing && existing.owner !== this.userId) return fail(23424)
    room.kv.set(options.key, { value: options.value, owner: this.userId, autoDelete: options.isAutoDelete === true })
    this.server.notifyEntry(room, options.key, options.value, 1, this.userId)
    return ok()
  }

  removeChatRoomEntry: ImLib['removeChatRoomEntry'] = async (targetId, options) => {
    const code = this.scripted('removeChatRoomEntry')
    if (code) return fail(code)
    if (!this.connected) return fail(30002)
    const room = this.server.room(targetId)
    if (!room || !this.joined.has(targetId)) return fail(23406)
    if (!this.server.features.kv) return fail(23426)
    const existing = room.kv.get(options.key)
    if (!existing) return fail(23427)
    if (existing.owner !== this.userId) return fail(23424)
    room.kv.delete(options.key)
    this.server.notifyEntry(room, options.key, existing.value, 2, this.userId)
    return ok()
  }

  getChatRoomEntry: ImLib['getChatRoomEntry'] = async (targetId, key) => {
    const code = this.scripted('getChatRoomEntry')
    if (code) return fail(code)
    if (!this.server.features.kv) return fail(23426)
    const entry = this.server.room(targetId)?.kv.get(key)
    return entry ? ok(entry.value) : fail(23427)
  }

  getAllChatRoomEntries: ImLib['getAllChatRoomEntries'] = async (targetId) => {
    const code = this.scripted('getAllChatRoomEntries')
    if (code) return fail(code)
    if (!this.server.features.kv) return fail(23426)
    const out: Record<string, string> = {}
    this.server.room(targetId)?.kv.forEach((entry, key) => {
      out[key] = entry.value
    })
    return ok(out)
  }

  getChatroomHistoryMessages: ImLib['getChatroomHistoryMessages'] = async (targetId, options) => {
    const code = this.scripted('getChatroomHistoryMessages')
    if (code) return fail(code)
    if (!this.server.features.chatroomHistory) return fail(23414)
    const list = (this.server.room(targetId)?.history ?? []).slice(-(options.count ?? 20))
    return ok({ list, hasMore: false })
  }

  sendMessage = async (conversation: IConversationIdentifier, message: BaseMessage): Promise<RCResult<IAReceivedMessage>> => {
    const code = this.scripted('sendMessage')
    if (code) return fail(code)
    if (!this.connected) return fail(30002)
    const isStatus = this.registered.get(message.messageType) === true
    const now = this.server.now()
    const sent: IAReceivedMessage = {
      conversationType: conversation.conversationType,
      targetId: conversation.targetId,
      channelId: '',
      senderUserId: this.userId,
      content: message.content,
      messageType: message.messageType,
      messageUId: this.server.nextUid(),
      messageDirection: 1,
      isOffLineMessage: false,
      sentTime: now,
      receivedTime: now,
      isPersited: isStatus ? false : message.isPersited,
      isCounted: isStatus ? false : message.isCounted,
      isMentioned: false,
      disableNotification: false,
      isStatusMessage: isStatus,
      canIncludeExpansion: false,
      expansion: null,
      receivedStatus: 0,
    }
    if (conversation.conversationType === ConversationType.CHATROOM) {
      const room = this.server.room(conversation.targetId)
      if (!room || !this.joined.has(conversation.targetId)) return fail(23406)
      if (room.banned.has(this.userId)) return fail(23408)
      this.server.postToChatroom(room, sent)
    } else if (conversation.conversationType === ConversationType.PRIVATE) {
      this.server.postPrivate(sent, conversation.targetId)
    }
    return ok(sent)
  }

  getHistoryMessages = async (conversation: IConversationIdentifier, options?: GetHistoryMessageOption): Promise<RCResult<GetHistoryMessageResult>> => {
    const code = this.scripted('getHistoryMessages')
    if (code) return fail(code)
    if (!this.connected) return fail(30002)
    if (!this.server.features.privateHistory) return fail(33007)
    const all = this.server.conversation(this.userId, conversation.targetId).messages
    const before = options?.timestamp || Infinity
    const older = all.filter((m) => m.sentTime < before)
    const count = options?.count ?? 20
    if (count > 100) return fail(34232)
    const list = older.slice(-count).reverse() // the server answers newest first
    return ok({ list, hasMore: older.length > count })
  }

  getConversationListByTimestamp: ImLib['getConversationListByTimestamp'] = async (params) => {
    const code = this.scripted('getConversationListByTimestamp')
    if (code) return fail(code)
    if (!this.connected) return fail(30002)
    if (!this.server.features.privateHistory) return fail(33007)
    const list: IAReceivedConversation[] = []
    this.server.conversationsOf(this.userId).forEach((conv, peer) => {
      const latest = conv.messages[conv.messages.length - 1] ?? null
      list.push({ conversationType: ConversationType.PRIVATE, targetId: peer, channelId: '', latestMessage: latest, unreadMessageCount: conv.unread })
    })
    list.sort((a, b) => (b.latestMessage?.sentTime ?? 0) - (a.latestMessage?.sentTime ?? 0))
    return ok(list.slice(0, params.count))
  }

  getUnreadCount: ImLib['getUnreadCount'] = async (options) => {
    const code = this.scripted('getUnreadCount')
    if (code) return fail(code)
    return ok(this.server.conversation(this.userId, options.targetId).unread)
  }

  clearMessagesUnreadStatus = async (conversation: IConversationIdentifier): Promise<RCResult> => {
    const code = this.scripted('clearMessagesUnreadStatus')
    if (code) return fail(code)
    this.server.conversation(this.userId, conversation.targetId).unread = 0
    return ok()
  }
}
