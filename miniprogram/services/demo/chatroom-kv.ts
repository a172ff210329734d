/**
 * Chatroom KV writes on the demo server, as RongCloud lets a client make them:
 * - setChatRoomEntry / removeChatRoomEntry change only entries nobody else wrote (23424
 *   CHATROOM_KV_OVERWRITE_INVALID, here NOT_ALLOWED), in the room chatroom the client named;
 * - forceSetChatRoomEntry / forceRemoveChatRoomEntry change anyone's entry in any chatroom the
 *   client is in, the lobby included: "强制设置单个聊天室属性。可用于修改他人创建的属性值" and
 *   "强制删除聊天室自定义属性。可删除他人所创建的属性" (@rongcloud/imlib-next index.d.ts L4994-5011,
 *   L5051-5065). The app never forces; a modified client can (DemoNetwork.forceEntry), so nothing
 *   others trust may rest on who wrote an entry (docs/ARCHITECTURE.md "Trust").
 * Members only (23406 NOT_IN_CHATROOM), within the key and value limits (entry-limits.ts).
 */
import { AppError } from '../../core/errors'
import type { Chatroom, Chatrooms } from './chatrooms'
import { MAX_ENTRIES, validateEntryKey, validateEntryValue } from './entry-limits'
import type { Account } from './server'

export function setEntry(chatrooms: Chatrooms, account: Account, named: string | null, key: string, value: string): void {
  validateEntryKey(key)
  validateEntryValue(value)
  const room = chatrooms.currentRoom(account, named)
  const current = room.entries.get(key)
  if (current && current.writer !== account.profile.id) throw new AppError('NOT_ALLOWED', '这个房间属性由别人设置，不能修改')
  write(chatrooms, room, account, key, value)
}

/** Removing a key that is not there succeeds: the caller wanted it gone, and it is. */
export function removeEntry(chatrooms: Chatrooms, account: Account, named: string | null, key: string): void {
  validateEntryKey(key)
  const room = chatrooms.currentRoom(account, named)
  const current = room.entries.get(key)
  if (!current) return
  if (current.writer !== account.profile.id) throw new AppError('NOT_ALLOWED', '这个房间属性由别人设置，不能删除')
  write(chatrooms, room, account, key, null)
}

/** forceSetChatRoomEntry (value) / forceRemoveChatRoomEntry (null) in chatroom `chatroomId`, whoever wrote the entry. */
export function forceEntry(chatrooms: Chatrooms, account: Account, chatroomId: string, key: string, value: string | null): void {
  validateEntryKey(key)
  if (value !== null) validateEntryValue(value)
  const room = chatrooms.get(chatroomId)
  if (!room || account.chatroom !== chatroomId) throw new AppError('NOT_CONNECTED', '你不在这个聊天室里') // 23406
  if (value === null && !room.entries.has(key)) throw new AppError('NOT_ALLOWED', '这个属性不存在') // 23427
  write(chatrooms, room, account, key, value)
}

function write(chatrooms: Chatrooms, room: Chatroom, account: Account, key: string, value: string | null): void {
  if (value === null) room.entries.delete(key)
  else {
    if (!room.entries.has(key) && room.entries.size >= MAX_ENTRIES) throw new AppError('NOT_ALLOWED', `房间属性最多 ${MAX_ENTRIES} 个`)
    room.entries.set(key, { value, writer: account.profile.id })
  }
  if (room.roomId === null) chatrooms.entrySync.announceLobby(room)
  else chatrooms.entrySync.announce(room, key, value, account.profile.id)
}
