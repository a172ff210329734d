/**
 * Chatrooms on the demo server: the lobby and one per room (`room-<number>`), with KV entries and
 * the last 50 public messages. One chatroom per user: "默认同一用户不能同时加入多个聊天室。App 用户加入新的
 * 聊天室后会自动退出之前的聊天室" (https://docs.rongcloud.cn/miniprogram-imlib/chatroom/join).
 * An empty chatroom is destroyed with its entries and history.
 *
 * Who gets what: 'members' events go to everyone in the room, the one who caused them included;
 * 'entry' events too, but the others get them one KV pull later (entry-sync.ts); 'message' and
 * 'signal' go to the others only. Dropped members get nothing live: they catch up through the
 * 'rejoined' snapshot. Idle chatrooms and dropped members go as on RongCloud (chatroom-lifetime.ts).
 *
 * Room calls name the chatroom the client was in when it made them (DemoClient.roomChatroom), as
 * RongCloud's quitChatRoom / sendMessage / setChatRoomEntry take a chatroom id: a late leave or
 * message for a room the person has left since never touches the room they are in now.
 */
import { AppError } from '../../core/errors'
import { parseRoomNumber } from '../../core/room-number'
import { validateMessageText } from '../../core/text'
import type { ChatMessage } from '../../core/types'
import { encodeSignal, type Signal } from '../../core/wire'
import type { LobbySnapshot, RoomEvent, RoomSnapshot } from '../types'
import { ChatroomLifetime } from './chatroom-lifetime'
import { setEntry } from './chatroom-kv'
import { EntrySync, entriesOf } from './entry-sync'
import { lobbySnapshotOf } from './lobby-snapshot'
import type { Account, Server } from './server'

export const LOBBY_CHATROOM = 'lobby'
export const ROOM_CAPACITY = 16
/** RongCloud returns at most 50 messages of history on joining a chatroom. */
export const HISTORY_COUNT = 50
export { LOBBY_LIST_CAP } from './lobby-snapshot'

export function roomChatroomId(roomId: string): string {
  return `room-${roomId}`
}

interface Entry { value: string; writer: string }
export interface Chatroom {
  id: string
  /** null for the lobby */
  roomId: string | null
  /** userId → join order, for "most recent first" */
  members: Map<string, number>
  entries: Map<string, Entry>
  history: ChatMessage[]
  /** wall clock of the last join, leave or message (chatroom-lifetime.ts) */
  lastActivity: number
  cancelIdle: (() => void) | null
  /** the RTC room number this chatroom is bound to (bindRTCRoomForChatroom), if any */
  rtcBinding: string | null
  /** made by the server API and on keepalive (our backend's rooms and lobby): kept when empty or idle */
  kept: boolean
}

const notInRoom = (): AppError => new AppError('NOT_CONNECTED', '你不在这个房间里') // RongCloud 23406 NOT_IN_CHATROOM

export class Chatrooms {
  private readonly rooms = new Map<string, Chatroom>()
  readonly entrySync: EntrySync
  readonly lifetime: ChatroomLifetime

  /** `rtcRoomAlive`: whether the RTC room with this number exists, for bound chatrooms; `destroyed`: after an idle one went. */
  constructor(
    private readonly server: Server,
    rtcRoomAlive: (roomId: string) => boolean,
    private readonly destroyed: () => void = () => undefined,
  ) {
    this.entrySync = new EntrySync(server)
    this.lifetime = new ChatroomLifetime(server, {
      rtcRoomAlive,
      destroy: (room) => this.destroy(room),
      evict: (account) => this.leave(account),
    })
  }

  get(id: string): Chatroom | undefined {
    return this.rooms.get(id)
  }

  /** 'create' makes the chatroom if missing; 'existing' requires it (ROOM_NOT_FOUND); ROOM_FULL at 16. */
  enter(account: Account, id: string, mode: 'lobby' | 'create' | 'existing'): Chatroom {
    const existing = this.rooms.get(id)
    if (existing && existing.members.has(account.profile.id)) {
      account.chatroom = id
      return existing
    }
    if (!existing && mode === 'existing') throw new AppError('ROOM_NOT_FOUND')
    const room = existing ?? this.blank(id)
    if (room.roomId !== null && room.members.size >= ROOM_CAPACITY) throw new AppError('ROOM_FULL')
    // only a successful join moves you out of where you were
    this.leave(account)
    this.rooms.set(id, room)
    room.members.set(account.profile.id, this.server.nextOrder())
    account.chatroom = id
    if (room.roomId === null) {
      this.pushLobby(account.profile.id)
      // the RongCloud service announces itself in the lobby with a presence message
      this.lifetime.message(room, account.profile.id)
    } else {
      this.pushRoom(room, { type: 'members', count: room.members.size })
      this.lifetime.touch(room)
    }
    return room
  }

  /** Leaves the account's chatroom; its entries go with it (auto-delete), the others are told. */
  leave(account: Account): void {
    const id = account.chatroom
    account.chatroom = null
    const room = id ? this.rooms.get(id) : undefined
    if (!room || !room.members.delete(account.profile.id)) return
    const removed: string[] = []
    for (const [key, entry] of room.entries) {
      if (entry.writer === account.profile.id) removed.push(key)
    }
    for (const key of removed) room.entries.delete(key)
    if (room.members.size === 0 && !room.kept) {
      this.lifetime.stop(room)
      this.rooms.delete(room.id)
      return
    }
    if (room.roomId === null) {
      this.pushLobby()
      // ... and says goodbye with one
      this.lifetime.message(room, null)
      return
    }
    for (const key of removed) this.entrySync.announce(room, key, null, null)
    this.pushRoom(room, { type: 'members', count: room.members.size })
    this.lifetime.touch(room)
  }

  /** The server API's create (backend-server.ts): an empty chatroom, or the existing one, kept until destroyed. */
  open(id: string): Chatroom {
    const room = this.rooms.get(id) ?? this.blank(id)
    this.rooms.set(id, room)
    room.kept = true
    this.lifetime.stop(room)
    return room
  }

  private blank(id: string): Chatroom {
    const roomId = id === LOBBY_CHATROOM ? null : id.slice(roomChatroomId('').length)
    const base = { id, roomId, history: [], lastActivity: this.server.clock(), cancelIdle: null, rtcBinding: null, kept: false }
    return { ...base, members: new Map(), entries: new Map() }
  }

  /** Idle for an hour, or destroyed by the server API: everyone out, entries and history gone, members told. */
  destroy(room: Chatroom): void {
    this.lifetime.stop(room)
    this.rooms.delete(room.id)
    const lost = new AppError('ROOM_NOT_FOUND', room.roomId === null ? '大厅连接已断开' : '房间不存在或已结束')
    for (const userId of room.members.keys()) {
      const account = this.server.account(userId)
      if (!account || account.chatroom !== room.id) continue
      account.chatroom = null
      const client = account.client
      if (client && client.roomChatroom === room.id) {
        client.roomChatroom = null
        client.entryCache.clear()
      }
      if (room.roomId === null) this.server.push(userId, (c) => c.lobby.emit({ onlineCount: 0, users: [], lost }))
      else this.server.push(userId, (c) => c.room.emit({ type: 'lost', error: lost }))
    }
    this.destroyed()
  }

  lobbySnapshot(userId: string): LobbySnapshot {
    return lobbySnapshotOf(this.rooms.get(LOBBY_CHATROOM), this.server, userId)
  }

  snapshot(room: Chatroom, entries: Record<string, string> | null = entriesOf(room)): RoomSnapshot {
    const pending = entries ? {} : { entriesPending: true } // not read yet: entry-sync.ts joinEntries
    return { roomId: room.roomId ?? '', entries: entries ?? {}, ...pending, memberCount: room.members.size, history: room.history.slice(-HISTORY_COUNT) }
  }

  // ---- room operations (each runs at the moment the server handles the request) ---------------

  /** First half of createRoom: join the room's chatroom, creating it. */
  createJoin(account: Account, roomId: string): void {
    this.enter(account, roomChatroomId(parseRoomNumber(roomId)), 'create')
  }

  /**
   * Second half of createRoom: write the claim unless someone else holds the key (then leave: null).
   * The demo's service then binds the chatroom to the RTC room of the same number when
   * Server.bindRtcRooms is on, as RongCloud's bindRTCRoomForChatroom would.
   */
  createClaim(account: Account, roomId: string, claim: { key: string; value: string }): RoomSnapshot | null {
    const chatroomId = roomChatroomId(roomId)
    const room = this.currentRoom(account, chatroomId)
    const holder = room.entries.get(claim.key)
    if (holder && holder.writer !== account.profile.id) {
      this.leave(account)
      return null
    }
    setEntry(this, account, chatroomId, claim.key, claim.value)
    if (this.server.bindRtcRooms) room.rtcBinding = roomId
    return this.snapshot(room)
  }

  join(account: Account, roomId: string): RoomSnapshot {
    const room = this.enter(account, roomChatroomId(parseRoomNumber(roomId)), 'existing')
    return this.snapshot(room, this.entrySync.joinEntries(account, room))
  }

  /** Leaves `named` if the account is still in it; anything else is already left. */
  leaveRoom(account: Account, named: string | null): void {
    const room = account.chatroom ? this.rooms.get(account.chatroom) : undefined
    if (room && room.roomId !== null && room.id === named) this.leave(account)
  }

  sendMessage(account: Account, named: string | null, text: string): ChatMessage {
    const room = this.currentRoom(account, named)
    const clean = validateMessageText(text)
    this.server.takeRate(account.profile.id)
    const message: ChatMessage = { id: this.server.messageId(), from: account.profile, text: clean, sentAt: this.server.stamp(), kind: 'text' }
    if (this.server.refuses(account, message, 'room')) return message // taken, delivered to nobody
    room.history.push(message)
    if (room.history.length > HISTORY_COUNT) room.history.splice(0, room.history.length - HISTORY_COUNT)
    this.pushRoom(room, { type: 'message', message }, account.profile.id)
    this.lifetime.message(room, account.profile.id)
    return message
  }

  sendSignal(account: Account, named: string | null, signal: Signal): void {
    const room = this.currentRoom(account, named)
    this.server.takeRate(account.profile.id)
    this.deliverSignal(room, account.profile.id, encodeSignal(signal))
  }

  /** For network.inject: a raw signal into room `roomId`, as if `senderId` sent it. */
  inject(roomId: string, senderId: string, payload: unknown): void {
    const room = this.rooms.get(roomChatroomId(roomId))
    if (room) this.deliverSignal(room, senderId, payload)
  }

  /** A status message: only members connected right now get it, and it is not stored. */
  private deliverSignal(room: Chatroom, senderId: string, payload: unknown): void {
    this.pushRoom(room, { type: 'signal', senderId, payload }, senderId)
    this.lifetime.message(room, senderId)
  }

  /** Every open room: its number and who is in its chatroom (for simulated peers). */
  directory(): { roomId: string; memberIds: string[] }[] {
    const list: { roomId: string; memberIds: string[] }[] = []
    for (const room of this.rooms.values()) {
      if (room.roomId !== null) list.push({ roomId: room.roomId, memberIds: Array.from(room.members.keys()) })
    }
    return list
  }

  /** The room the account is in, which must be the one the client named (RongCloud 23406 otherwise). */
  currentRoom(account: Account, named: string | null): Chatroom {
    const room = account.chatroom ? this.rooms.get(account.chatroom) : undefined
    if (!room || room.roomId === null || room.id !== named) throw notInRoom()
    return room
  }

  private pushRoom(room: Chatroom, event: RoomEvent, except?: string): void {
    for (const userId of room.members.keys()) {
      if (userId === except) continue
      this.server.push(userId, (client) => client.room.emit(event), (account) => account.chatroom === room.id)
    }
  }

  pushLobby(except?: string): void {
    const lobby = this.rooms.get(LOBBY_CHATROOM)
    if (!lobby) return
    for (const userId of lobby.members.keys()) {
      if (userId === except) continue
      const snapshot = this.lobbySnapshot(userId)
      this.server.push(userId, (client) => client.lobby.emit(snapshot), (account) => account.chatroom === LOBBY_CHATROOM)
    }
  }
}
