/**
 * Chatrooms on the demo server: the lobby and one per room (`room-<number>`), with KV entries and
 * the last 50 public messages. One chatroom per user (RongCloud's default): entering one leaves the
 * other. An empty chatroom is destroyed with its entries and history.
 *
 * Who gets what: 'members' and 'entry' events go to everyone in the room, the one who caused them
 * included (RongCloud syncs KV to every member); 'message' and 'signal' go to the others only.
 * Dropped members get nothing live: they catch up through the 'rejoined' snapshot.
 */
import { AppError } from '../../core/errors'
import { parseRoomNumber } from '../../core/room-number'
import { validateMessageText } from '../../core/text'
import type { ChatMessage, Profile } from '../../core/types'
import { encodeSignal, type Signal } from '../../core/wire'
import type { LobbySnapshot, RoomEvent, RoomSnapshot } from '../types'
import type { Account, Server } from './server'

export const LOBBY_CHATROOM = 'lobby'
export const ROOM_CAPACITY = 16
/** RongCloud returns at most 50 messages of history on joining a chatroom. */
export const HISTORY_COUNT = 50
const MAX_ENTRIES = 100
const MAX_ENTRY_VALUE = 4096
const ENTRY_KEY = /^[A-Za-z0-9+=_-]{1,128}$/

export function roomChatroomId(roomId: string): string {
  return `room-${roomId}`
}

interface Entry {
  value: string
  writer: string
}

export interface Chatroom {
  id: string
  /** null for the lobby */
  roomId: string | null
  /** userId → join order, for "most recent first" */
  members: Map<string, number>
  entries: Map<string, Entry>
  history: ChatMessage[]
}

/** RongCloud 23406 NOT_IN_CHATROOM */
const notInRoom = (): AppError => new AppError('NOT_CONNECTED', '你不在这个房间里')

export class Chatrooms {
  private readonly rooms = new Map<string, Chatroom>()

  constructor(private readonly server: Server) {}

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
    const roomId = mode === 'lobby' ? null : id.slice(roomChatroomId('').length)
    const room: Chatroom = existing ?? { id, roomId, members: new Map(), entries: new Map(), history: [] }
    if (room.roomId !== null && room.members.size >= ROOM_CAPACITY) throw new AppError('ROOM_FULL')
    // only a successful join moves you out of where you were
    this.leave(account)
    this.rooms.set(id, room)
    room.members.set(account.profile.id, this.server.nextOrder())
    account.chatroom = id
    if (room.roomId === null) this.pushLobby(account.profile.id)
    else this.pushRoom(room, { type: 'members', count: room.members.size })
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
    if (room.members.size === 0) {
      this.rooms.delete(room.id)
      return
    }
    if (room.roomId === null) {
      this.pushLobby()
      return
    }
    for (const key of removed) this.pushRoom(room, { type: 'entry', key, value: null })
    this.pushRoom(room, { type: 'members', count: room.members.size })
  }

  lobbySnapshot(userId: string): LobbySnapshot {
    const lobby = this.rooms.get(LOBBY_CHATROOM)
    if (!lobby) return { onlineCount: 0, users: [] }
    const users = Array.from(lobby.members)
      .filter(([id]) => id !== userId)
      .sort((a, b) => b[1] - a[1])
      .map(([id]) => this.server.account(id)?.profile)
      .filter((p): p is Profile => p !== undefined)
    return { onlineCount: lobby.members.size, users }
  }

  snapshot(room: Chatroom): RoomSnapshot {
    const entries: Record<string, string> = {}
    for (const [key, entry] of room.entries) entries[key] = entry.value
    return { roomId: room.roomId ?? '', entries, memberCount: room.members.size, history: room.history.slice(-HISTORY_COUNT) }
  }

  // ---- room operations (each runs at the moment the server handles the request) ---------------

  /** First half of createRoom: join the room's chatroom, creating it. */
  createJoin(account: Account, roomId: string): void {
    this.enter(account, roomChatroomId(parseRoomNumber(roomId)), 'create')
  }

  /** Second half of createRoom: write the claim unless someone else holds the key (then leave: null). */
  createClaim(account: Account, roomId: string, claim: { key: string; value: string }): RoomSnapshot | null {
    const room = this.currentRoom(account)
    if (room.roomId !== roomId) throw notInRoom()
    const holder = room.entries.get(claim.key)
    if (holder && holder.writer !== account.profile.id) {
      this.leave(account)
      return null
    }
    this.setEntry(account, claim.key, claim.value)
    return this.snapshot(room)
  }

  join(account: Account, roomId: string): RoomSnapshot {
    return this.snapshot(this.enter(account, roomChatroomId(parseRoomNumber(roomId)), 'existing'))
  }

  leaveRoom(account: Account): void {
    const room = account.chatroom ? this.rooms.get(account.chatroom) : undefined
    if (room && room.roomId !== null) this.leave(account)
  }

  setEntry(account: Account, key: string, value: string): void {
    const room = this.currentRoom(account)
    if (typeof key !== 'string' || !ENTRY_KEY.test(key)) throw new AppError('NOT_ALLOWED', '房间属性名不合法')
    if (typeof value !== 'string' || value.length > MAX_ENTRY_VALUE) throw new AppError('NOT_ALLOWED', '房间属性值太长')
    const current = room.entries.get(key)
    if (current && current.writer !== account.profile.id) throw new AppError('NOT_ALLOWED', '这个房间属性由别人设置，不能修改')
    if (!current && room.entries.size >= MAX_ENTRIES) throw new AppError('NOT_ALLOWED', '房间属性太多了')
    room.entries.set(key, { value, writer: account.profile.id })
    this.pushRoom(room, { type: 'entry', key, value })
  }

  /** Removing a key that is not there succeeds: the caller wanted it gone, and it is. */
  removeEntry(account: Account, key: string): void {
    const room = this.currentRoom(account)
    const current = room.entries.get(key)
    if (!current) return
    if (current.writer !== account.profile.id) throw new AppError('NOT_ALLOWED', '这个房间属性由别人设置，不能删除')
    room.entries.delete(key)
    this.pushRoom(room, { type: 'entry', key, value: null })
  }

  sendMessage(account: Account, text: string): ChatMessage {
    const room = this.currentRoom(account)
    const clean = validateMessageText(text)
    this.server.takeRate(account.profile.id)
    const message: ChatMessage = { id: this.server.messageId(), from: account.profile, text: clean, sentAt: this.server.stamp(), kind: 'text' }
    room.history.push(message)
    if (room.history.length > HISTORY_COUNT) room.history.splice(0, room.history.length - HISTORY_COUNT)
    this.pushRoom(room, { type: 'message', message }, account.profile.id)
    return message
  }

  sendSignal(account: Account, signal: Signal): void {
    const room = this.currentRoom(account)
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
  }

  /** Every open room: its number and who is in its chatroom (for simulated peers). */
  directory(): { roomId: string; memberIds: string[] }[] {
    const list: { roomId: string; memberIds: string[] }[] = []
    for (const room of this.rooms.values()) {
      if (room.roomId !== null) list.push({ roomId: room.roomId, memberIds: Array.from(room.members.keys()) })
    }
    return list
  }

  private currentRoom(account: Account): Chatroom {
    const room = account.chatroom ? this.rooms.get(account.chatroom) : undefined
    if (!room || room.roomId === null) throw notInRoom()
    return room
  }

  private pushRoom(room: Chatroom, event: RoomEvent, except?: string): void {
    for (const userId of room.members.keys()) {
      if (userId === except) continue
      this.server.push(userId, (client) => client.room.emit(event), (account) => account.chatroom === room.id)
    }
  }

  private pushLobby(except?: string): void {
    const lobby = this.rooms.get(LOBBY_CHATROOM)
    if (!lobby) return
    for (const userId of lobby.members.keys()) {
      if (userId === except) continue
      const snapshot = this.lobbySnapshot(userId)
      this.server.push(userId, (client) => client.lobby.emit(snapshot), (account) => account.chatroom === LOBBY_CHATROOM)
    }
  }
}
