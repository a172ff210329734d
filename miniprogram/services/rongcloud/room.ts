/**
 * A live room's chatroom, `room-<number>`: the host claims the number with a KV entry written
 * without force (an existing entry means the number is taken), the audience joins only existing
 * chatrooms, room attributes are KV entries that vanish when their writer leaves (isAutoDelete).
 */
import { ChatroomEntryType, ChrmMemOperateType, ConversationType } from '@rongcloud/imlib-next'
import type { IAReceivedMessage, IChatroomListenerData } from '@rongcloud/imlib-next'
import { AppError } from '../../core/errors'
import { Listeners } from '../../core/listeners'
import type { ChatMessage } from '../../core/types'
import { encodeSignal } from '../../core/wire'
import type { Signal } from '../../core/wire'
import type { RoomEvent, RoomSnapshot, Unsubscribe } from '../types'
import type { RtsContext } from './context'
import { sentMessage } from './context'
import { sdkError, unwrap } from './error-map'
import { buildTextMessage, readIncoming } from './messages'

/** RongCloud's join history holds at most 50 messages */
export const JOIN_HISTORY_COUNT = 50
/** how long a join waits for the SDK's first KV sync before reading the entries anyway */
export const ENTRIES_SYNC_WAIT_MS = 2000

const KV_NOT_SET = 23427 // CHATROOM_KEY_NOT_EXIST
const KV_TAKEN = 23424 // CHATROOM_KV_OVERWRITE_INVALID
const MEMBER_BLOCKED = 23409 // RC_CHATROOM_USER_KICKED

export const chatroomIdOf = (roomId: string) => `room-${roomId}`

export interface RoomChannel {
  readonly roomId: string | null
  create(roomId: string, claim: { key: string; value: string }): Promise<RoomSnapshot | null>
  join(roomId: string): Promise<RoomSnapshot>
  leave(): Promise<void>
  setEntry(key: string, value: string): Promise<void>
  removeEntry(key: string): Promise<void>
  sendText(text: string): Promise<ChatMessage>
  sendSignal(signal: Signal): Promise<void>
  on(listener: (event: RoomEvent) => void): Unsubscribe
  handleMessage(message: IAReceivedMessage): void
  handleChatroom(event: IChatroomListenerData): void
  /** a fresh session after a token refresh: join the room chatroom again ('rejoined' or 'lost') */
  rejoin(): Promise<void>
  reset(): void
}

interface Joining {
  chatroomId: string
  history: ChatMessage[]
  synced: boolean
  onSynced?: () => void
}

export function createRoomChannel(ctx: RtsContext): RoomChannel {
  const listeners = new Listeners<RoomEvent>()
  let current: { roomId: string; chatroomId: string } | null = null
  let joining: Joining | null = null

  const emit = (event: RoomEvent) => listeners.emit(event)

  function safeMyId(): string | null {
    try {
      return ctx.me().id
    } catch {
      return null
    }
  }

  function requireRoom(): { roomId: string; chatroomId: string } {
    if (!current) throw new AppError('NOT_ALLOWED', '你已不在房间中')
    return current
  }

  async function readEntries(chatroomId: string): Promise<Record<string, string>> {
    const result = await ctx.lib.getAllChatRoomEntries(chatroomId)
    if (result.isOk) return { ...(result.data ?? {}) }
    if (result.code === KV_NOT_SET) return {}
    throw sdkError(result.code)
  }

  async function recentHistory(chatroomId: string): Promise<ChatMessage[]> {
    // needs 聊天室消息云端存储; without it the snapshot simply has no history
    const result = await ctx.lib.getChatroomHistoryMessages(chatroomId, { timestamp: 0, count: JOIN_HISTORY_COUNT, order: 0 })
    if (!result.isOk || !result.data) return []
    return textsOf(result.data.list)
  }

  function textsOf(messages: IAReceivedMessage[]): ChatMessage[] {
    const out: ChatMessage[] = []
    for (const m of messages) {
      const incoming = readIncoming(m)
      if (incoming?.kind === 'text') out.push(incoming.message)
    }
    return out.sort((a, b) => a.sentAt - b.sentAt)
  }

  function waitForSync(state: Joining): Promise<void> {
    if (state.synced) return Promise.resolve()
    return new Promise((resolve) => {
      const cancel = ctx.clock.schedule(resolve, ENTRIES_SYNC_WAIT_MS)
      state.onSynced = () => {
        cancel()
        resolve()
      }
    })
  }

  async function quietQuit(chatroomId: string): Promise<void> {
    try {
      await ctx.lib.quitChatRoom(chatroomId)
    } catch {
      // leaving is local first; a failure here leaves nothing for the person to do
    }
  }

  function lose(error: AppError): void {
    current = null
    emit({ type: 'lost', error })
  }

  async function rejoined(roomId: string, chatroomId: string, memberCount: number): Promise<void> {
    try {
      const [entries, history] = await Promise.all([readEntries(chatroomId), recentHistory(chatroomId)])
      if (current?.chatroomId !== chatroomId) return
      emit({ type: 'rejoined', snapshot: { roomId, entries, memberCount, history } })
    } catch (error) {
      if (current?.chatroomId === chatroomId) lose(error instanceof AppError ? error : sdkError(-1))
    }
  }

  return {
    get roomId() {
      return current?.roomId ?? null
    },
    async create(roomId, claim) {
      const chatroomId = chatroomIdOf(roomId)
      unwrap(await ctx.lib.joinChatRoom(chatroomId, { count: -1 }))
      current = { roomId, chatroomId }
      const set = await ctx.lib.setChatRoomEntry(chatroomId, { key: claim.key, value: claim.value, isAutoDelete: true })
      if (!set.isOk) {
        current = null
        await quietQuit(chatroomId)
        if (set.code === KV_TAKEN) return null
        throw sdkError(set.code)
      }
      // two hosts racing for one number: the entry as stored says who won
      const check = await ctx.lib.getChatRoomEntry(chatroomId, claim.key)
      if (check.isOk && typeof check.data === 'string' && check.data !== claim.value) {
        current = null
        await quietQuit(chatroomId)
        return null
      }
      let entries: Record<string, string>
      try {
        entries = await readEntries(chatroomId)
      } catch {
        entries = {}
      }
      return { roomId, entries: { ...entries, [claim.key]: claim.value }, memberCount: 1, history: [] }
    },
    async join(roomId) {
      const chatroomId = chatroomIdOf(roomId)
      const state: Joining = { chatroomId, history: [], synced: false }
      joining = state
      try {
        const result = await ctx.lib.joinExistChatRoom(chatroomId, { count: JOIN_HISTORY_COUNT })
        if (!result.isOk) throw sdkError(result.code)
        current = { roomId, chatroomId }
        try {
          await waitForSync(state)
          const entries = await readEntries(chatroomId)
          const history = [...state.history].sort((a, b) => a.sentAt - b.sentAt)
          return { roomId, entries, memberCount: Math.max(1, result.data?.memberCount ?? 1), history }
        } catch (error) {
          current = null
          await quietQuit(chatroomId)
          throw error
        }
      } finally {
        if (joining === state) joining = null
      }
    },
    async leave() {
      const room = current
      current = null
      joining = null
      if (room) await quietQuit(room.chatroomId)
    },
    async setEntry(key, value) {
      const { chatroomId } = requireRoom()
      unwrap(await ctx.lib.setChatRoomEntry(chatroomId, { key, value, isAutoDelete: true }))
    },
    async removeEntry(key) {
      const { chatroomId } = requireRoom()
      const result = await ctx.lib.removeChatRoomEntry(chatroomId, { key })
      if (!result.isOk && result.code !== KV_NOT_SET) throw sdkError(result.code)
    },
    async sendText(text) {
      const { chatroomId } = requireRoom()
      const me = ctx.me()
      const sent = await ctx.send({ conversationType: ConversationType.CHATROOM, targetId: chatroomId }, buildTextMessage(text, me))
      return sentMessage(sent, me, text, ctx.clock.now())
    },
    async sendSignal(signal) {
      const { chatroomId } = requireRoom()
      await ctx.send(
        { conversationType: ConversationType.CHATROOM, targetId: chatroomId },
        new ctx.SignalMessage({ data: encodeSignal(signal) }),
      )
    },
    on(listener) {
      return listeners.on(listener)
    },
    handleMessage(message) {
      const incoming = readIncoming(message)
      if (!incoming || incoming.outgoing) return
      if (incoming.kind === 'text') {
        ctx.profiles.remember(incoming.message.from)
        if (joining && joining.chatroomId === message.targetId) joining.history.push(incoming.message)
        else if (current?.chatroomId === message.targetId) emit({ type: 'message', message: incoming.message })
        return
      }
      const target = current?.chatroomId ?? joining?.chatroomId
      if (target === message.targetId) emit({ type: 'signal', senderId: incoming.senderId, payload: incoming.payload })
    },
    handleChatroom(event) {
      if (event.entriesSynced && joining?.chatroomId === event.entriesSynced) {
        joining.synced = true
        joining.onSynced?.()
      }
      const room = current
      if (!room) return
      if (!joining) {
        for (const entry of event.updatedEntries ?? []) {
          if (entry.chatroomId !== room.chatroomId) continue
          emit({ type: 'entry', key: entry.key, value: entry.type === ChatroomEntryType.DELETE ? null : entry.value })
        }
      }
      if (event.userChange && event.userChange.chatroomId === room.chatroomId) {
        emit({ type: 'members', count: event.userChange.memberCount })
      }
      const back = event.rejoinedRoom
      if (back && back.chatroomId === room.chatroomId) {
        if ('errorCode' in back) lose(sdkError(back.errorCode))
        else void rejoined(room.roomId, room.chatroomId, back.memberCount)
      }
      if (event.chatroomDestroyed === room.chatroomId) lose(new AppError('ROOM_NOT_FOUND'))
      const block = event.chatroomNotifyBlock
      if (block && block.chatroomId === room.chatroomId && block.operateType === ChrmMemOperateType.Blocked) {
        const myId = safeMyId()
        if (myId && block.userIdList.includes(myId)) lose(sdkError(MEMBER_BLOCKED))
      }
    },
    async rejoin() {
      const room = current
      if (!room) return
      const result = await ctx.lib.joinExistChatRoom(room.chatroomId, { count: -1 })
      if (current?.chatroomId !== room.chatroomId) return
      if (!result.isOk) lose(sdkError(result.code))
      else await rejoined(room.roomId, room.chatroomId, Math.max(1, result.data?.memberCount ?? 1))
    },
    reset() {
      current = null
      joining = null
    },
  }
}
