/**
 * How RongCloud ends chatrooms and memberships without anyone asking:
 *
 * - Idle destruction. "聊天室 1 个小时内没有人说话，且没有人加入聊天室时，会把聊天室内所有成员踢出聊天室并
 *   销毁聊天室" (https://docs.rongcloud.cn/v4-platform/views/im/server/chatroom/destroy.html). The
 *   SDK then forgets the chatroom and emits chatroomDestroyed (@rongcloud/engine 5.38.0 dist
 *   index.cjs.js, `npx prettier@3.10.1`, pp L31447-31460); the lobby is a chatroom like any other.
 *   A chatroom bound to an RTC room is kept while that RTC room exists: "聊天室与音视频房间绑定成功后，
 *   只要音视频房间仍存在，则阻止聊天室自动销毁" (@rongcloud/imlib-next index.d.ts L5115,
 *   bindRTCRoomForChatroom L5133).
 * - Offline members. "从用户离线开始 30 秒内，聊天室中产生第 31 条消息时，触发自动踢出。或用户已离线 30 秒后，
 *   聊天室有新消息产生时，触发自动踢出 … 如果聊天室中没有消息产生，则无法将异常用户踢出聊天室"
 *   (https://docs.rongcloud.cn/android-imlib/chatroom/quit). Until then a dropped member still
 *   counts, holds a seat and keeps its auto-delete entries.
 */
import type { Chatroom } from './chatrooms'
import type { Account, Server } from './server'

/** RongCloud's default: destroyed after an hour without a join, leave or message. */
export const CHATROOM_IDLE_MS = 60 * 60 * 1000
/** A dropped member goes at the 31st message within the timeout, or at the first one after it. */
export const OFFLINE_MESSAGE_LIMIT = 31

export interface LifetimeHooks {
  /** the RTC room with this number still exists (someone is in it, dropped or not) */
  rtcRoomAlive(roomId: string): boolean
  destroy(room: Chatroom): void
  evict(account: Account): void
}

export class ChatroomLifetime {
  constructor(
    private readonly server: Server,
    private readonly hooks: LifetimeHooks,
  ) {}

  /** A join, leave or message: the idle hour starts again (not for a chatroom on keepalive: Chatroom.kept). */
  touch(room: Chatroom): void {
    room.lastActivity = this.server.clock()
    if (!room.cancelIdle && !room.kept) this.armIdle(room, CHATROOM_IDLE_MS)
  }

  stop(room: Chatroom): void {
    room.cancelIdle?.()
    room.cancelIdle = null
  }

  /**
   * A message in `room` (ours or a status message: both go through the server): the idle clock
   * restarts, and dropped members past the rule above are removed.
   */
  message(room: Chatroom, senderId: string | null): void {
    this.touch(room)
    const now = this.server.clock()
    const gone: Account[] = []
    for (const userId of room.members.keys()) {
      if (userId === senderId) continue
      const account = this.server.account(userId)
      const offline = account?.offline
      if (!account || !offline) continue
      offline.messages++
      if (now - offline.since >= this.server.offlineTimeoutMs || offline.messages >= OFFLINE_MESSAGE_LIMIT) gone.push(account)
    }
    for (const account of gone) this.hooks.evict(account)
  }

  private armIdle(room: Chatroom, ms: number): void {
    room.cancelIdle = this.server.housekeeping.after(ms, () => {
      room.cancelIdle = null
      const idle = this.server.clock() - room.lastActivity
      if (idle < CHATROOM_IDLE_MS) return this.armIdle(room, CHATROOM_IDLE_MS - idle)
      if (room.rtcBinding !== null && this.hooks.rtcRoomAlive(room.rtcBinding)) return this.armIdle(room, CHATROOM_IDLE_MS)
      this.hooks.destroy(room)
    })
  }
}
