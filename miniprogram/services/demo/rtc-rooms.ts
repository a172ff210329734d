/**
 * RTC rooms on the demo server (meeting mode, one per room number, 16 people): who is in, who
 * publishes, who plays what. URLs are fake rtmp URLs on demo.invalid, unique per call.
 *
 * A presence belongs to one client (device). The RTC server learns that a device is gone only when
 * its pings stop: the plugin pings every 5 s and gives up after 30 s (@rongcloud/plugin-wechat-rtc
 * 5.4.0 dist/index.js pretty-printed with `npx prettier@3.10.1`, pinger pp L1320-1369, started with
 * 3e4 in pp L1926-1930), and an IM disconnect does not leave the RTC room (`_onIMDisconnect` only
 * logs, pp L2321-2323). So a dropped or kicked device stays in the room, stream and seat included,
 * until the hub removes it (hub.ts). Meanwhile the same account on another device is refused:
 * 53029 "加入 RTC 房间 joinTYype 为 1 时，当前有其他端在房间时的应答码" (dist/index.d.ts L86-87; the
 * plugin turns the server's 40032 into it, pp L1691-1697) — which is not a full room.
 */
import { AppError } from '../../core/errors'
import { parseRoomNumber } from '../../core/room-number'
import type { RemoteStream, RtcEvent } from '../types'
import { ROOM_CAPACITY } from './chatrooms'
import type { DemoClient } from './client'
import type { Account, Server } from './server'

/** RongCloud's plugin tags streams 'RongCloudRTC' by default: msid = `${userId}_RongCloudRTC`. */
export const STREAM_TAG = 'RongCloudRTC'

export function streamIdOf(userId: string): string {
  return `${userId}_${STREAM_TAG}`
}

export interface RtcPresence {
  roomId: string
  /** the device that joined */
  client: DemoClient
  pushUrl: string | null
  /** streamId → play URL */
  subscriptions: Map<string, string>
  micOn: boolean
  cameraOn: boolean
}

interface RtcRoom {
  members: Set<string>
  /** streamId → publisher userId */
  streams: Map<string, string>
}

export class RtcRooms {
  private readonly rooms = new Map<string, RtcRoom>()

  constructor(private readonly server: Server) {}

  /** Whether the RTC room with this number exists (someone is in it, reachable or not). */
  alive(roomId: string): boolean {
    return this.rooms.has(roomId)
  }

  /** One RTC room per account; joining the one I am in again just lists its streams. */
  join(account: Account, client: DemoClient, roomId: string): { streams: RemoteStream[] } {
    parseRoomNumber(roomId)
    const other = account.rtc && account.rtc.client !== client ? account.rtc : null
    if (other && other.roomId === roomId) throw new AppError('NOT_ALLOWED', '你的账号在另一台设备上还在这个房间里，请稍后再试')
    // the other device sits in another RTC room: that one is its business, not this room's
    if (other) this.leave(account)
    if (account.rtc && account.rtc.roomId !== roomId) throw new AppError('NOT_ALLOWED', '已经在另一个音视频房间里')
    let room = this.rooms.get(roomId)
    if (!account.rtc) {
      if (room && room.members.size >= ROOM_CAPACITY) throw new AppError('ROOM_FULL')
      if (!room) {
        room = { members: new Set(), streams: new Map() }
        this.rooms.set(roomId, room)
      }
      room.members.add(account.profile.id)
      account.rtc = { roomId, client, pushUrl: null, subscriptions: new Map(), micOn: true, cameraOn: true }
    }
    const streams: RemoteStream[] = []
    for (const [id, userId] of room?.streams ?? []) {
      if (userId !== account.profile.id) streams.push({ id, userId })
    }
    return { streams }
  }

  /** `client`: only that device's presence (a request); none: whatever presence the account has. */
  leave(account: Account, client?: DemoClient): void {
    const rtc = account.rtc
    if (!rtc || (client && rtc.client !== client)) return
    this.unpublish(account)
    for (const streamId of Array.from(rtc.subscriptions.keys())) this.unsubscribe(account, streamId)
    account.rtc = null
    const room = this.rooms.get(rtc.roomId)
    if (!room) return
    room.members.delete(account.profile.id)
    if (room.members.size === 0) this.rooms.delete(rtc.roomId)
  }

  publish(account: Account, client: DemoClient): string {
    const { rtc, room } = this.presence(account, client)
    if (rtc.pushUrl) return rtc.pushUrl
    const userId = account.profile.id
    const url = `rtmp://demo.invalid/push/${rtc.roomId}/${encodeURIComponent(userId)}?k=${this.server.urlKey()}`
    const streamId = streamIdOf(userId)
    rtc.pushUrl = url
    rtc.micOn = true
    rtc.cameraOn = true
    room.streams.set(streamId, userId)
    this.push(userId, rtc.roomId, { type: 'push-url', url })
    for (const member of room.members) {
      if (member !== userId) this.push(member, rtc.roomId, { type: 'stream-added', stream: { id: streamId, userId } })
    }
    return url
  }

  unpublish(account: Account, client?: DemoClient): void {
    const rtc = account.rtc
    const room = rtc ? this.rooms.get(rtc.roomId) : undefined
    if (!rtc || !room || !rtc.pushUrl || (client && rtc.client !== client)) return
    const userId = account.profile.id
    const streamId = streamIdOf(userId)
    rtc.pushUrl = null
    room.streams.delete(streamId)
    this.push(userId, rtc.roomId, { type: 'push-url', url: '' }, rtc.client)
    for (const member of room.members) {
      if (member === userId) continue
      // the server drops everyone's subscription to a stream that is gone
      this.server.account(member)?.rtc?.subscriptions.delete(streamId)
      this.push(member, rtc.roomId, { type: 'stream-removed', streamId })
    }
  }

  subscribe(account: Account, client: DemoClient, streamId: string): string {
    const { rtc, room } = this.presence(account, client)
    const publisher = room.streams.get(streamId)
    if (!publisher || publisher === account.profile.id) throw new AppError('NOT_ALLOWED', '这路画面已不存在')
    const existing = rtc.subscriptions.get(streamId)
    if (existing) return existing
    const url = `rtmp://demo.invalid/play/${rtc.roomId}/${encodeURIComponent(streamId)}?k=${this.server.urlKey()}`
    rtc.subscriptions.set(streamId, url)
    this.push(account.profile.id, rtc.roomId, { type: 'player-url', streamId, url })
    return url
  }

  unsubscribe(account: Account, streamId: string, client?: DemoClient): void {
    const rtc = account.rtc
    if (!rtc || (client && rtc.client !== client) || !rtc.subscriptions.delete(streamId)) return
    this.push(account.profile.id, rtc.roomId, { type: 'player-url', streamId, url: '' }, rtc.client)
  }

  /** switchCamera / setMic / setCamera: only while publishing. */
  device(account: Account, client: DemoClient, change: { micOn?: boolean; cameraOn?: boolean }): void {
    const { rtc } = this.presence(account, client)
    if (!rtc.pushUrl) throw new AppError('NOT_ALLOWED', '还没有开始推流')
    if (change.micOn !== undefined) rtc.micOn = change.micOn
    if (change.cameraOn !== undefined) rtc.cameraOn = change.cameraOn
  }

  private presence(account: Account, client: DemoClient): { rtc: RtcPresence; room: RtcRoom } {
    const rtc = account.rtc
    const room = rtc ? this.rooms.get(rtc.roomId) : undefined
    if (!rtc || !room || rtc.client !== client) throw new AppError('NOT_ALLOWED', '还没有进入音视频房间')
    return { rtc, room }
  }

  /**
   * To the device in the room; `self`: a device's own teardown events ('' URLs), which still
   * reach it after it left the RTC room, and only it.
   */
  private push(userId: string, roomId: string, event: RtcEvent, self?: DemoClient): void {
    this.server.push(
      userId,
      (client) => client.rtc.emit(event),
      (account) => (self ? account.client === self : account.rtc?.roomId === roomId && account.rtc.client === account.client),
    )
  }
}
