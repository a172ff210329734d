/**
 * RtsService over IMLib: composes the connection, the lobby, the room chatroom and private chat,
 * and routes the SDK's events to them. One chatroom at a time (RongCloud's default): entering a
 * room leaves the lobby chatroom, and enterLobby leaves any room chatroom.
 *
 * Chatroom changes (enterLobby, leaveLobby, createRoom, joinRoom, leaveRoom, the rejoins after a
 * token refresh, the leaving part of disconnect) run one after another in the order they were
 * asked for (core/serial.ts). Each takes round trips, and each decides what to leave from where
 * the one before left the SDK: a join asked while the lobby entry is still on its way would see
 * no lobby to leave, and that entry would then count as active although the join took the person
 * out of it (issue 10 C19); an enterLobby asked while a join is still leaving the lobby would find
 * the lobby "active" and do nothing, and the join would then take the person out (C20).
 */
import { ConversationType, Events } from '@rongcloud/imlib-next'
import type { IBlockedMessageInfo, IChatroomListenerData, IMessagesEvent } from '@rongcloud/imlib-next'
import { AppError } from '../../core/errors'
import { Listeners } from '../../core/listeners'
import { Serial } from '../../core/serial'
import type { BlockedMessage, RtsService } from '../types'
import { readBlocked } from './blocked'
import type { Clock } from './clock'
import { systemClock } from './clock'
import type { BackoffOptions } from './connection'
import { createConnection } from './connection'
import { createContext } from './context'
import type { ImLib } from './imlib'
import { createLobby, LOBBY_CHATROOM_ID } from './lobby'
import type { SignalMessageClass } from './messages'
import { createPrivateChat } from './private-chat'
import { createProfileBook } from './profiles'
import { CHATROOM_INFO_RULES, createRateLimiter } from './rate-limiter'
import { createRoomChannel } from './room'
import { createSendQueue } from './send-queue'
import type { SendQueueOptions } from './send-queue'
import type { TokenProvider } from './token-source'

export interface RongCloudRtsOptions {
  lib: ImLib
  SignalMessage: SignalMessageClass
  tokens: TokenProvider
  clock?: Clock
  backoff?: BackoffOptions
  sendQueue?: Omit<SendQueueOptions, 'clock'>
}

export function createRongCloudRts(options: RongCloudRtsOptions): RtsService {
  const { lib } = options
  const clock = options.clock ?? systemClock
  const connection = createConnection({ lib, tokens: options.tokens, clock, backoff: options.backoff })
  const queue = createSendQueue({ ...options.sendQueue, clock })
  const profiles = createProfileBook()
  const ctx = createContext({ lib, SignalMessage: options.SignalMessage, clock, profiles, queue, me: () => connection.me })
  const lobby = createLobby(ctx, createRateLimiter(CHATROOM_INFO_RULES, clock))
  const room = createRoomChannel(ctx)
  const privateChat = createPrivateChat(ctx)
  const blocked = new Listeners<BlockedMessage>()
  const changes = new Serial()
  const inOrder = <T>(change: () => Promise<T>): Promise<T> => changes.run(change)

  lib.addEventListener(Events.MESSAGES, (event: IMessagesEvent) => {
    for (const message of event.messages) {
      if (message.conversationType === ConversationType.PRIVATE) privateChat.handleMessage(message)
      else if (message.conversationType !== ConversationType.CHATROOM) continue
      else if (message.targetId === LOBBY_CHATROOM_ID) lobby.handleMessage(message)
      else room.handleMessage(message)
    }
  })
  lib.addEventListener(Events.CHATROOM, (event: IChatroomListenerData) => {
    lobby.handleChatroom(event)
    room.handleChatroom(event)
  })
  // content safety refused a message of mine after sending it (blocked.ts)
  lib.addEventListener(Events.MESSAGE_BLOCKED, (info: IBlockedMessageInfo) => {
    const notice = readBlocked(info)
    if (notice) blocked.emit(notice)
  })
  connection.onFreshSession(() => {
    inOrder(() => lobby.rejoin()).catch(() => undefined)
    inOrder(() => room.rejoin()).catch(() => undefined)
  })
  connection.onChange((change) => {
    if (change.state === 'kicked' || change.state === 'failed' || change.state === 'idle') {
      queue.clear(change.error ?? new AppError('NOT_CONNECTED'))
      lobby.reset()
      room.reset()
    }
  })

  return {
    connect: (profile) => connection.connect(profile),
    async updateProfile(profile) {
      const next = connection.updateProfile(profile)
      if (!next) throw new AppError('NOT_CONNECTED')
      // messages carry ctx.me() from now on; the lobby hears it at once
      lobby.profileChanged()
      return next
    },
    async disconnect() {
      await inOrder(async () => {
        if (lobby.active) await lobby.leave().catch(() => undefined)
        if (room.roomId) await room.leave().catch(() => undefined)
      })
      await connection.disconnect()
    },
    onConnection: (listener) => connection.onChange(listener),

    async enterLobby() {
      ctx.me()
      return inOrder(async () => {
        if (room.roomId) await room.leave()
        return lobby.enter()
      })
    },
    leaveLobby: () => inOrder(() => lobby.leave()),
    onLobby: (listener) => lobby.onChange(listener),
    // RongCloud gives clients no list of chatrooms: live rooms need a server of ours (signed listings)
    listRooms: () => Promise.resolve([]),
    onRooms: () => () => undefined,
    // our server's signed listings, for the store to verify (lobby-entries.ts)
    onLobbyEntries: (listener) => lobby.onEntries(listener),

    async createRoom(roomId, claim) {
      ctx.me()
      return inOrder(async () => {
        if (room.roomId) await room.leave()
        if (lobby.active) await lobby.leave()
        return room.create(roomId, claim)
      })
    },
    async joinRoom(roomId) {
      ctx.me()
      return inOrder(async () => {
        if (room.roomId) await room.leave()
        if (lobby.active) await lobby.leave()
        return room.join(roomId)
      })
    },
    leaveRoom: () => inOrder(() => room.leave()),
    setRoomEntry: (key, value) => room.setEntry(key, value),
    removeRoomEntry: (key) => room.removeEntry(key),
    sendRoomMessage: (text) => room.sendText(text),
    sendRoomSignal: (signal) => room.sendSignal(signal),
    onRoom: (listener) => room.on(listener),

    sendPrivate: (peer, text) => privateChat.send(peer, text),
    getConversations: () => privateChat.conversations(),
    getPrivateHistory: (peerId, options) => privateChat.history(peerId, options),
    clearUnread: (peerId) => privateChat.clearUnread(peerId),
    onPrivate: (listener) => privateChat.on(listener),
    onBlocked: (listener) => blocked.on(listener),
  }
}
