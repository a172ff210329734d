/**
 * A live room's chatroom, `room-<number>`: the host claims the number with a KV entry written
 * without force (an existing entry means the number is taken), the audience joins only existing
 * chatrooms, room attributes are KV entries that vanish when their writer leaves (isAutoDelete).
 *
 * Entries are never read from the SDK's cache alone: while in a chatroom its getters answer from a
 * local copy that one pull after joining fills (late on a slow network, never when the navigation
 * data lacks kvStorage, not again for 180 s after a failure) and that a final DISCONNECT empties.
 * Outside the chatroom the same getters ask the server, so a join reads them just before joining
 * and room-entries.ts keeps them current from there.
 *
 * The chatroom is bound to the RTC room of the same number (rtc/ joins the room number):
 * rtc-binding.ts.
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
import { checkKvValue, toKvKey } from './kv-keys'
import { buildTextMessage, readIncoming } from './messages'
import { RoomEntries } from './room-entries'
import { createSyncWaiter, readRecentHistory, readStoredEntries } from './room-reads'
import type { Read } from './room-reads'
import { createRtcBinding } from './rtc-binding'

/** RongCloud's join history holds at most 50 messages */
export const JOIN_HISTORY_COUNT = 50
/** when the server could not be asked before joining: how long to wait for the SDK's first KV pull */
export const ENTRIES_SYNC_WAIT_MS = 5000

const KV_NOT_SET = 23427 // CHATROOM_KEY_NOT_EXIST (removing what is gone already is fine)
const KV_TAKEN = 23424 // CHATROOM_KV_OVERWRITE_INVALID
const MEMBER_BLOCKED = 23409 // RC_CHATROOM_USER_KICKED
const ENTRIES_UNAVAILABLE = '房间信息加载失败，请检查网络后重试'

export const chatroomIdOf = (roomId: string) => `room-${roomId}`
const noop = () => undefined

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

interface Room {
  roomId: string
  chatroomId: string
}

export function createRoomChannel(ctx: RtsContext): RoomChannel {
  const listeners = new Listeners<RoomEvent>()
  const entries = new RoomEntries()
  let current: Room | null = null
  /** a join in progress: its chatroom, and the history messages that arrive meanwhile */
  let joining: { chatroomId: string; history: ChatMessage[] } | null = null
  const synced = createSyncWaiter(ctx.clock, ENTRIES_SYNC_WAIT_MS)
  const readStored = (chatroomId: string) => readStoredEntries(ctx.lib, chatroomId)
  const recentHistory = (chatroomId: string) => readRecentHistory(ctx.lib, chatroomId, JOIN_HISTORY_COUNT)
  /** entriesSynced came while a snapshot was being read: compare with the cache once it is settled */
  let syncedWhileHolding: string | null = null
  const binding = createRtcBinding(ctx.lib, ctx.clock)

  const emit = (event: RoomEvent) => listeners.emit(event)

  function safeMyId(): string | null {
    try {
      return ctx.me().id
    } catch {
      return null
    }
  }

  function requireRoom(): Room {
    if (!current) throw new AppError('NOT_ALLOWED', '你已不在房间中')
    return current
  }

  /**
   * Joined: settles the entries from what the server said before the join, or, when it could not
   * be asked, from the SDK's cache once its first pull completes. NETWORK when neither answers.
   */
  async function settleEntries(room: Room, before: Read): Promise<void> {
    const { chatroomId } = room
    if (before.ok) {
      entries.settle(before.entries)
      // the SDK's first pull filled an empty cache: a key deleted since we asked is not in its diff
      if (syncedWhileHolding === chatroomId) void reconcile(room)
      syncedWhileHolding = null
      return
    }
    const cached = (await synced.wait(chatroomId)) ? await readStored(chatroomId) : { ok: false as const }
    if (!cached.ok) throw new AppError('NETWORK', ENTRIES_UNAVAILABLE)
    entries.settle(cached.entries)
  }

  // leaving is local first; a failure to tell the server leaves nothing for the person to do
  const quietQuit = (chatroomId: string) => ctx.lib.quitChatRoom(chatroomId).then(noop, noop)
  const bind = (room: Room, again = false) => binding.bind(room.chatroomId, room.roomId, again)

  function forget(): void {
    current = null
    joining = null
    syncedWhileHolding = null
    entries.clear()
    binding.stop()
  }

  function lose(error: AppError): void {
    forget()
    emit({ type: 'lost', error })
  }

  /** The snapshot after a rejoin: the entries as known now, held changes included. */
  async function emitRejoined(room: Room, memberCount: number): Promise<void> {
    const history = await recentHistory(room.chatroomId)
    if (current?.chatroomId !== room.chatroomId) return
    emit({ type: 'rejoined', snapshot: { roomId: room.roomId, entries: entries.snapshot(), memberCount, history } })
  }

  /** The SDK's cache is complete now: whatever it says that we do not know, the store hears. */
  async function reconcile(room: Room): Promise<void> {
    const cached = await readStored(room.chatroomId)
    if (!cached.ok || current?.chatroomId !== room.chatroomId || entries.holding) return
    for (const change of entries.reconcile(cached.entries)) emit({ type: 'entry', ...change })
  }

  return {
    get roomId() {
      return current?.roomId ?? null
    },
    async create(roomId, claim) {
      const chatroomId = chatroomIdOf(roomId)
      const key = toKvKey(claim.key)
      checkKvValue(claim.value)
      unwrap(await ctx.lib.joinChatRoom(chatroomId, { count: -1 }))
      const room = { roomId, chatroomId }
      current = room
      entries.settle({})
      const set = await ctx.lib.setChatRoomEntry(chatroomId, { key, value: claim.value, isAutoDelete: true })
      if (!set.isOk) {
        forget()
        await quietQuit(chatroomId)
        if (set.code === KV_TAKEN) return null
        throw sdkError(set.code)
      }
      entries.own(claim.key, claim.value)
      bind(room, true)
      return { roomId, entries: entries.snapshot(), memberCount: 1, history: [] }
    },
    async join(roomId) {
      const chatroomId = chatroomIdOf(roomId)
      const state = { chatroomId, history: [] as ChatMessage[] }
      joining = state
      entries.hold()
      try {
        // asked before the join is sent, so the SDK is not in the chatroom yet and asks the server
        const before = readStored(chatroomId)
        const result = await ctx.lib.joinExistChatRoom(chatroomId, { count: JOIN_HISTORY_COUNT })
        if (!result.isOk) throw sdkError(result.code)
        const room = { roomId, chatroomId }
        current = room
        try {
          await settleEntries(room, await before)
        } catch (error) {
          forget()
          await quietQuit(chatroomId)
          throw error
        }
        bind(room)
        const history = [...state.history].sort((a, b) => a.sentAt - b.sentAt)
        return { roomId, entries: entries.snapshot(), memberCount: Math.max(1, result.data?.memberCount ?? 1), history }
      } finally {
        if (joining === state) joining = null
        if (entries.holding && current?.chatroomId !== chatroomId) entries.clear()
      }
    },
    async leave() {
      const room = current
      forget()
      if (room) await quietQuit(room.chatroomId)
    },
    async setEntry(key, value) {
      const { chatroomId } = requireRoom()
      const kvKey = toKvKey(key)
      checkKvValue(value)
      unwrap(await ctx.lib.setChatRoomEntry(chatroomId, { key: kvKey, value, isAutoDelete: true }))
      if (current?.chatroomId === chatroomId) entries.own(key, value)
    },
    async removeEntry(key) {
      const { chatroomId } = requireRoom()
      const result = await ctx.lib.removeChatRoomEntry(chatroomId, { key: toKvKey(key) })
      if (!result.isOk && result.code !== KV_NOT_SET) throw sdkError(result.code)
      if (current?.chatroomId === chatroomId) entries.own(key, null)
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
      const ours = current?.chatroomId ?? joining?.chatroomId
      for (const entry of event.updatedEntries ?? []) {
        if (entry.chatroomId !== ours) continue
        const change = entries.apply(entry.key, entry.type === ChatroomEntryType.DELETE ? null : entry.value)
        if (change) emit({ type: 'entry', ...change })
      }
      if (event.entriesSynced) {
        synced.done(event.entriesSynced)
        if (event.entriesSynced === ours && entries.holding) syncedWhileHolding = ours
        else if (current && event.entriesSynced === current.chatroomId) void reconcile(current)
      }
      const room = current
      if (!room) return
      if (event.userChange && event.userChange.chatroomId === room.chatroomId) {
        emit({ type: 'members', count: event.userChange.memberCount })
      }
      const back = event.rejoinedRoom
      if (back && back.chatroomId === room.chatroomId) {
        if ('errorCode' in back) lose(sdkError(back.errorCode))
        else void emitRejoined(room, back.memberCount)
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
      // the final DISCONNECT wiped the SDK's chatroom state: until we join again it asks the server
      entries.hold()
      const before = readStored(room.chatroomId)
      const result = await ctx.lib.joinExistChatRoom(room.chatroomId, { count: -1 })
      if (current !== room) return
      if (!result.isOk) return lose(sdkError(result.code))
      try {
        await settleEntries(room, await before)
      } catch (error) {
        if (current === room) lose(error instanceof AppError ? error : sdkError(-1))
        return
      }
      if (current !== room) return
      bind(room)
      await emitRejoined(room, Math.max(1, result.data?.memberCount ?? 1))
    },
    reset() {
      forget()
    },
  }
}
