/**
 * RTC rooms on the demo server (meeting mode, one per room number, 16 people): who is in, who
 * publishes, who plays what. URLs are fake rtmp URLs on demo.invalid, unique per call.
 */
import { AppError } from '../../core/errors'
import { parseRoomNumber } from '../../core/room-number'
import type { RemoteStream, RtcEvent } from '../types'
import { ROOM_CAPACITY } from './chatrooms'
import type { Account, Server } from './server'

/** RongCloud's plugin tags streams 'RongCloudRTC' by default: msid = `${userId}_RongCloudRTC`. */
export const STREAM_TAG = 'RongCloudRTC'

export function streamIdOf(userId: string): string {
  return `${userId}_${STREAM_TAG}`
}

export interface RtcPresence {
  roomId: string
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

  /** One RTC room per client; joining the one I am in again just lists its streams. */
  join(account: Account, roomId: string): { streams: RemoteStream[] } {
    parseRoomNumber(roomId)
    if (account.rtc && account.rtc.roomId !== roomId) throw new AppError('NOT_ALLOWED', '已经在另一个音视频房间里')
    let room = this.rooms.get(roomId)
    if (!account.rtc) {
      if (room && room.members.size >= ROOM_CAPACITY) throw new AppError('ROOM_FULL')
      if (!room) {
        room = { members: new Set(), streams: new Map() }
        this.rooms.set(roomId, room)
      }
      room.members.add(account.profile.id)
      account.rtc = { roomId, pushUrl: null, subscriptions: new Map(), micOn: true, cameraOn: true }
    }
    const streams: RemoteStream[] = []
    for (const [id, userId] of room?.streams ?? []) {
      if (userId !== account.profile.id) streams.push({ id, userId })
    }
    return { streams }
  }

  leave(account: Account): void {
    const rtc = account.rtc
    if (!rtc) return
    this.unpublish(account)
    for (const streamId of Array.from(rtc.subscriptions.keys())) this.unsubscribe(account, streamId)
    account.rtc = null
    const room = this.rooms.get(rtc.roomId)
    if (!room) return
    room.members.delete(account.profile.id)
    if (room.members.size === 0) this.rooms.delete(rtc.roomId)
  }

  publish(account: Account): string {
    const { rtc, room } = this.presence(account)
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

  unpublish(account: Account): void {
    const rtc = account.rtc
    const room = rtc ? this.rooms.get(rtc.roomId) : undefined
    if (!rtc || !room || !rtc.pushUrl) return
    const userId = account.profile.id
    const streamId = streamIdOf(userId)
    rtc.pushUrl = null
    room.streams.delete(streamId)
    this.push(userId, rtc.roomId, { type: 'push-url', url: '' }, true)
    for (const member of room.members) {
      if (member === userId) continue
      // the server drops everyone's subscription to a stream that is gone
      this.server.account(member)?.rtc?.subscriptions.delete(streamId)
      this.push(member, rtc.roomId, { type: 'stream-removed', streamId })
    }
  }

  subscribe(account: Account, streamId: string): string {
    const { rtc, room } = this.presence(account)
    const publisher = room.streams.get(streamId)
    if (!publisher || publisher === account.profile.id) throw new AppError('NOT_ALLOWED', '这路画面已不存在')
    const existing = rtc.subscriptions.get(streamId)
    if (existing) return existing
    const url = `rtmp://demo.invalid/play/${rtc.roomId}/${encodeURIComponent(streamId)}?k=${this.server.urlKey()}`
    rtc.subscriptions.set(streamId, url)
    this.push(account.profile.id, rtc.roomId, { type: 'player-url', streamId, url })
    return url
  }

  unsubscribe(account: Account, streamId: string): void {
    const rtc = account.rtc
    if (!rtc || !rtc.subscriptions.delete(streamId)) return
    this.push(account.profile.id, rtc.roomId, { type: 'player-url', streamId, url: '' }, true)
  }

  /** switchCamera / setMic / setCamera: only while publishing. */
  device(account: Account, change: { micOn?: boolean; cameraOn?: boolean }): void {
    const { rtc } = this.presence(account)
    if (!rtc.pushUrl) throw new AppError('NOT_ALLOWED', '还没有开始推流')
    if (change.micOn !== undefined) rtc.micOn = change.micOn
    if (change.cameraOn !== undefined) rtc.cameraOn = change.cameraOn
  }

  private presence(account: Account): { rtc: RtcPresence; room: RtcRoom } {
    const rtc = account.rtc
    const room = rtc ? this.rooms.get(rtc.roomId) : undefined
    if (!rtc || !room) throw new AppError('NOT_ALLOWED', '还没有进入音视频房间')
    return { rtc, room }
  }

  /** `toSelf`: the caller's own teardown events ('' URLs) still arrive after it left the RTC room. */
  private push(userId: string, roomId: string, event: RtcEvent, toSelf = false): void {
    this.server.push(userId, (client) => client.rtc.emit(event), (account) => toSelf || account.rtc?.roomId === roomId)
  }
}
