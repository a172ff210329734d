/**
 * One mini-program's IMLib, faked: implements the adapter's ImLib slice with the real SDK's result
 * objects (ok / fail) and message classes, against a shared FakeRongCloudServer. Events are
 * delivered on a later microtask, as the real SDK delivers them asynchronously.
 *
 * Where the real SDK is unkind, so is this fake ("pp L" = line of the engine's index.cjs.js
 * pretty-printed with prettier 3.10.1, see fake-kv.ts for the command):
 * - while you are in a chatroom the entry getters read only the local cache (pp L31256-31298);
 *   outside it they ask the server (uE, pp L31608-31630). The cache fills by pulls (fake-kv.ts),
 *   which tests can hold (holdPulls / releasePulls) or fail (pullFailures);
 * - a final DISCONNECT wipes every chatroom's local state (Zg, pp L31369-31389; status change
 *   pp L6013-6022): nothing is re-joined by the SDK and after joining again the cache is empty
 *   until the next pull; only a SUSPEND keeps it and re-joins (pp L5993-6011, L31410-31436,
 *   L31548-31599);
 * - keys must match [A-Za-z0-9_=+-] and be 1-128 long, values 1-4096 long, checked locally before
 *   anything is sent: 34260 / 34262 (Qt / Xt pp L2564-2572; setChatroomEntry pp L36697-36705,
 *   getChatroomEntry pp L36975-36979). User ids are only checked for length 1-64 (St, pp
 *   L2165-2167); the [a-zA-Z0-9+=\-_|:] pattern (Ct, pp L2168-2172) is for group ids.
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
import { LocalChatroom } from './fake-kv'
import type { FakeRongCloudServer } from './fake-server'

export const actualSdk = jest.requireActual<typeof RongIMLib>('@rongcloud/imlib-next')
const { ok, fail, Events, ConversationType, BaseMessage: RealBaseMessage } = actualSdk

type Method = keyof ImLib
type Script = Partial<Record<Method, number[]>>

const KEY = /^[A-Za-z0-9_=+-]+$/
const validKey = (key: unknown) => typeof key === 'string' && KEY.test(key) && key.length <= 128
const validValue = (value: unknown) => typeof value === 'string' && value.length >= 1 && value.length <= 4096
const validId = (id: unknown) => typeof id === 'string' && id.length >= 1 && id.length <= 64

export class FakeImLib implements ImLib {
  userId = ''
  connected = false
  appkey = ''
  readonly joined = new Set<string>()
  /** the SDK's local state per joined chatroom (the KV cache) */
  readonly local = new Map<string, LocalChatroom>()
  /**
   * while true, the SDK's own KV pulls (the ones after joining, after a notification, every
   * 180 s) wait for releasePulls(): on a slow network they come a round trip after the join's
   * answer, while a question asked before joining has had that time already
   */
  holdPulls = false
  /** codes the SDK's next KV pulls fail with, in order (getter calls fail through failNext) */
  readonly pullFailures: number[] = []
  private heldPulls: (() => void)[] = []
  /** MESSAGE_BLOCKED notices waiting for releaseBlockNotices() (null: delivered at once) */
  private heldBlockNotices: (() => void)[] | null = null
  /** calls of these methods wait until the gate opens (see hold()) */
  private readonly gates = new Map<Method, Promise<void>>()
  /** answers of these methods wait until the gate opens (see holdAnswer()) */
  private readonly answerGates = new Map<Method, Promise<void>>()
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

  /** A round trip: answered some microtask ticks later, after the caller's own continuation. */
  afterTicks(ticks: number, fn: () => void): void {
    if (ticks <= 0) fn()
    else this.later(() => this.afterTicks(ticks - 1, fn))
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

  /**
   * The server ends the connection (kick 31010, ban, token expired): final, no SDK retry. The
   * server keeps us in our chatrooms until it evicts us; the SDK forgets them all.
   */
  serverDisconnect(code: number): void {
    this.connected = false
    this.server.memberOffline(this.userId)
    this.wipeChatrooms()
    this.emit(Events.DISCONNECT, code)
  }

  /** The socket drops: SUSPEND; resume() brings it back as the SDK's own reconnect would. */
  suspend(code = 30011): void {
    this.connected = false
    this.server.memberOffline(this.userId)
    this.local.forEach((state) => state.stopInterval())
    this.emit(Events.SUSPEND, code)
  }

  /** Reconnects after suspend() and re-joins the chatrooms (rejoinedRoom per room, pp L31548-31599). */
  resume(): void {
    this.emit(Events.CONNECTING)
    this.connected = true
    this.emit(Events.CONNECTED)
    for (const chatroomId of Array.from(this.joined)) {
      const room = this.server.room(chatroomId)
      if (!room) {
        this.forget(chatroomId)
        this.deliverChatroom({ rejoinedRoom: { chatroomId, errorCode: 23410 } })
        continue
      }
      this.server.addMember(room, this.userId)
      this.local.get(chatroomId)?.restart()
      this.deliverChatroom({ rejoinedRoom: { chatroomId, count: 0, ...this.joinResponse(chatroomId) } })
    }
  }

  /** Calls of `method` wait from now until the returned function is called (a slow answer). */
  hold(method: Method): () => void {
    let open: () => void = () => undefined
    this.gates.set(method, new Promise<void>((resolve) => (open = resolve)))
    return () => {
      this.gates.delete(method)
      open()
    }
  }

  private async gate(method: Method): Promise<void> {
    const gate = this.gates.get(method)
    if (gate) await gate
  }

  /**
   * Calls of `method` made from now on reach the server at once, but their answers wait until
   * the returned function is called: a slow reply. Unlike hold(), the server has already acted
   * (it handles one connection's requests in the order they were sent), so a call made after
   * this one still lands after it; only the caller does not know the outcome yet.
   */
  holdAnswer(method: Method): () => void {
    let open: () => void = () => undefined
    this.answerGates.set(method, new Promise<void>((resolve) => (open = resolve)))
    return () => {
      this.answerGates.delete(method)
      open()
    }
  }

  private async answered<T>(method: Method, answer: T): Promise<T> {
    const gate = this.answerGates.get(method)
    if (gate) await gate
    return answer
  }

  /**
   * MESSAGE_BLOCKED notices wait from now until releaseBlockNotices(). Unheld they come one
   * microtask after the server took the message, i.e. before sendMessage resolves through the
   * adapter's queue; held, after it: RongCloud promises no order between the two.
   */
  holdBlockNotices(): void {
    if (!this.heldBlockNotices) this.heldBlockNotices = []
  }

  releaseBlockNotices(): void {
    const held = this.heldBlockNotices ?? []
    this.heldBlockNotices = null
    held.forEach((deliver) => deliver())
  }

  /** The message callback refused `message` (FakeRongCloudServer.blocks / messageCallback): the sender may be told. */
  private refused(message: IAReceivedMessage): void {
    if (!this.server.features.blockedNotice) return
    const info = {
      blockedMessageUId: message.messageUId,
      conversationType: message.conversationType,
      targetId: message.targetId,
      channelId: '',
      blockType: actualSdk.MessageBlockType.THIRD_PARTY,
      extra: '',
    }
    const deliver = () =>
      this.later(() => {
        if (this.connected) this.emit(Events.MESSAGE_BLOCKED, info)
      })
    if (this.heldBlockNotices) this.heldBlockNotices.push(deliver)
    else deliver()
  }

  /** Lets the KV pulls held by holdPulls run now (each answers with the server's entries as of now). */
  releasePulls(): void {
    this.holdPulls = false
    const held = this.heldPulls
    this.heldPulls = []
    held.forEach((run) => run())
  }

  /** The server: this chatroom's KV changed. */
  kvChanged(chatroomId: string): void {
    this.local.get(chatroomId)?.notify()
  }

  /** The server destroyed the chatroom: the SDK drops it and tells the app (pp L31447-31477). */
  chatroomDestroyed(chatroomId: string, destroyType: number): void {
    if (!this.connected || !this.local.has(chatroomId)) return
    this.forget(chatroomId)
    this.deliverChatroom({ chatroomDestroyed: chatroomId, chatroomDestroyedType: destroyType })
  }

  private scripted(method: Method): number | undefined {
    this.server.count(method)
    const codes = this.failNext[method]
    return codes && codes.length ? codes.shift() : undefined
  }

  private forget(chatroomId: string): void {
    this.joined.delete(chatroomId)
    this.local.get(chatroomId)?.dispose()
    this.local.delete(chatroomId)
  }

  private wipeChatrooms(): void {
    for (const id of Array.from(this.joined)) this.forget(id)
  }

  /** One pullKV query: answered some ticks later; the SDK's own pulls can be held or failed. */
  private fetchEntries(chatroomId: string, sdkPull: boolean): Promise<RCResult<Record<string, string>>> {
    return new Promise((resolve) => {
      const run = () => {
        this.server.count('pullKV')
        const code = sdkPull ? this.pullFailures.shift() : undefined
        if (code !== undefined) return resolve(fail(code))
        if (!this.connected) return resolve(fail(30002))
        const entries = this.server.entriesOf(chatroomId)
        resolve(entries ? ok(entries) : fail(23410))
      }
      if (sdkPull && this.holdPulls) this.heldPulls.push(run)
      else this.afterTicks(this.server.pullTicks, run)
    })
  }

  private localState(chatroomId: string): LocalChatroom {
    let state = this.local.get(chatroomId)
    if (!state) {
      state = new LocalChatroom(chatroomId, {
        fetch: () => this.fetchEntries(chatroomId, true),
        emit: (event) => this.deliverChatroom(event),
        now: () => this.server.now(),
      })
      this.local.set(chatroomId, state)
      state.start(this.server.features.navKvStorage)
    }
    return state
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
    // the SDK does not quit its chatrooms on disconnect: it forgets them (pp L31369-31389)
    if (was) this.server.memberOffline(this.userId)
    this.wipeChatrooms()
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
        this.forget(other)
        this.server.removeMember(other, this.userId)
      }
    }
    const target = this.server.createRoom(chatroomId)
    const isNew = this.server.addMember(target, this.userId)
    this.joined.add(chatroomId)
    if (isNew) this.server.notifyMembers(target, this.userId, 1)
    const history = count > 0 ? target.history.slice(-count) : []
    if (history.length) this.deliverMessages(history.map((m) => ({ ...m, messageDirection: m.senderUserId === this.userId ? 1 : 2 })))
    // the pull starts after the join answer: the cache is empty when the join resolves
    this.localState(chatroomId)
    return ok(this.joinResponse(chatroomId))
  }

  joinChatRoom: ImLib['joinChatRoom'] = async (roomId, options) => {
    const code = this.scripted('joinChatRoom')
    if (code) return fail(code)
    const gate = this.answered('joinChatRoom', undefined)
    const result = await this.join(roomId, options.count, false)
    await gate
    return result.isOk ? ok() : fail(result.code)
  }

  joinExistChatRoom: ImLib['joinExistChatRoom'] = async (targetId, options) => {
    const code = this.scripted('joinExistChatRoom')
    if (code) return fail(code)
    await this.gate('joinExistChatRoom')
    const gate = this.answered('joinExistChatRoom', undefined)
    const result = await this.join(targetId, options.count, true)
    await gate
    return result
  }

  quitChatRoom: ImLib['quitChatRoom'] = async (targetId) => {
    const code = this.scripted('quitChatRoom')
    if (code) return fail(code)
    // offline the SDK refuses before it forgets the chatroom, so it re-joins it on reconnecting
    // (quitChatroom's validateConnected pp L36607-36616 runs ahead of the local delete aE, pp L31137-31141)
    if (!this.connected) return fail(30002)
    const gate = this.answered('quitChatRoom', undefined)
    if (this.joined.has(targetId)) {
      this.forget(targetId)
      this.server.removeMember(targetId, this.userId)
    }
    await gate
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
    if (!validId(targetId)) return fail(34210)
    if (!validKey(options.key)) return fail(34260)
    if (!validValue(options.value)) return fail(34262)
    if (!this.connected) return fail(30002)
    const room = this.server.room(targetId)
    if (!room || !this.joined.has(targetId)) return fail(23406)
    if (!this.server.features.kv) return fail(23426)
    const existing = room.kv.get(options.key)
    if (existing && existing.owner !== this.userId) return fail(23424)
    room.kv.set(options.key, { value: options.value, owner: this.userId, autoDelete: options.isAutoDelete === true })
    this.local.get(targetId)?.cache.set(options.key, options.value)
    this.server.notifyKv(room)
    return ok()
  }

  removeChatRoomEntry: ImLib['removeChatRoomEntry'] = async (targetId, options) => {
    const code = this.scripted('removeChatRoomEntry')
    if (code) return fail(code)
    if (!validId(targetId)) return fail(34210)
    if (!validKey(options.key)) return fail(34260)
    if (!this.connected) return fail(30002)
    const room = this.server.room(targetId)
    if (!room || !this.joined.has(targetId)) return fail(23406)
    if (!this.server.features.kv) return fail(23426)
    const existing = room.kv.get(options.key)
    if (!existing) return fail(23427)
    if (existing.owner !== this.userId) return fail(23424)
    room.kv.delete(options.key)
    this.local.get(targetId)?.cache.delete(options.key)
    this.server.notifyKv(room)
    return ok()
  }

  /**
   * What a modified client can call (the app never does): forceSetChatRoomEntry overwrites anyone's
   * entry, "强制设置单个聊天室属性。可用于修改他人创建的属性值" (imlib-next index.d.ts L4994-5011); the
   * entry becomes the caller's. Members only, same key and value checks as setChatRoomEntry.
   */
  forceSetChatRoomEntry = async (targetId: string, options: { key: string; value: string; isAutoDelete?: boolean }): Promise<RCResult> => {
    this.server.count('forceSetChatRoomEntry')
    if (!validId(targetId)) return fail(34210)
    if (!validKey(options.key)) return fail(34260)
    if (!validValue(options.value)) return fail(34262)
    if (!this.connected) return fail(30002)
    const room = this.server.room(targetId)
    if (!room || !this.joined.has(targetId)) return fail(23406)
    if (!this.server.features.kv) return fail(23426)
    if (!room.kv.has(options.key) && room.kv.size >= 100) return fail(23423)
    room.kv.set(options.key, { value: options.value, owner: this.userId, autoDelete: options.isAutoDelete === true })
    this.local.get(targetId)?.cache.set(options.key, options.value)
    this.server.notifyKv(room)
    return ok()
  }

  /** forceRemoveChatRoomEntry: "强制删除聊天室自定义属性。可删除他人所创建的属性" (index.d.ts L5051-5065). */
  forceRemoveChatRoomEntry = async (targetId: string, options: { key: string }): Promise<RCResult> => {
    this.server.count('forceRemoveChatRoomEntry')
    if (!validId(targetId)) return fail(34210)
    if (!validKey(options.key)) return fail(34260)
    if (!this.connected) return fail(30002)
    const room = this.server.room(targetId)
    if (!room || !this.joined.has(targetId)) return fail(23406)
    if (!this.server.features.kv) return fail(23426)
    if (!room.kv.delete(options.key)) return fail(23427)
    this.local.get(targetId)?.cache.delete(options.key)
    this.server.notifyKv(room)
    return ok()
  }

  getChatRoomEntry: ImLib['getChatRoomEntry'] = async (targetId, key) => {
    const code = this.scripted('getChatRoomEntry')
    if (code) return fail(code)
    if (!validId(targetId)) return fail(34210)
    if (!validKey(key)) return fail(34260)
    if (!this.connected) return fail(30002)
    const local = this.local.get(targetId)
    if (local) {
      const value = local.cache.get(key)
      return value === undefined ? fail(23427) : ok(value)
    }
    const all = await this.askServer(targetId)
    if (!all.isOk || !all.data) return fail(all.code)
    return key in all.data ? ok(all.data[key]) : fail(23427)
  }

  getAllChatRoomEntries: ImLib['getAllChatRoomEntries'] = async (targetId) => {
    const code = this.scripted('getAllChatRoomEntries')
    if (code) return fail(code)
    if (!validId(targetId)) return fail(34210)
    if (!this.connected) return fail(30002)
    const local = this.local.get(targetId)
    if (local) return ok(Object.fromEntries(local.cache))
    return this.askServer(targetId)
  }

  /** Not in the room: one pullKV query from version 0 (uE, pp L31608-31630). */
  private async askServer(chatroomId: string): Promise<RCResult<Record<string, string>>> {
    if (!this.server.features.kv) return fail(23426)
    return this.fetchEntries(chatroomId, false)
  }

  bindRTCRoomForChatroom: ImLib['bindRTCRoomForChatroom'] = async (option) => {
    const code = this.scripted('bindRTCRoomForChatroom')
    if (code) return fail(code)
    // both ids checked like target ids (engine pp L37111-37151)
    if (!validId(option?.chatRoomId) || !validId(option?.rtcRoomId)) return fail(34210)
    if (!this.connected) return fail(30002)
    // assumed, not verified: binding a chatroom that does not exist fails as that chatroom would
    return this.server.bindRtcRoom(option.chatRoomId, option.rtcRoomId) ? ok() : fail(23410)
  }

  getChatroomHistoryMessages: ImLib['getChatroomHistoryMessages'] = async (targetId, options) => {
    const code = this.scripted('getChatroomHistoryMessages')
    if (code) return fail(code)
    await this.gate('getChatroomHistoryMessages')
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
      const deliver = () => {
        // held by the message callback, the chatroom may be gone by the answer
        const current = this.server.room(conversation.targetId)
        if (current) this.server.postToChatroom(current, sent)
      }
      this.server.route(sent, 'TEMPGROUP', deliver, () => this.refused(sent))
    } else if (conversation.conversationType === ConversationType.PRIVATE) {
      this.server.route(sent, 'PERSON', () => this.server.postPrivate(sent, conversation.targetId), () => this.refused(sent))
    }
    return this.answered('sendMessage', ok(sent))
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
