/**
 * A minimal in-memory RtcService for running the store over the RongCloud signalling adapter:
 * one meeting room per number, the host's stream visible to whoever joins, fake rtmp URLs.
 *
 * It stands in for the RongCloud RTC adapter (services/rongcloud/rtc), so it keeps that adapter's
 * contract, including where the plugin underneath is unkind:
 * - a join takes a round trip, and the seat is taken from the moment it is asked for: the plugin
 *   marks its client joined before the join resolves (plugin dist/index.js pretty-printed with
 *   prettier 3.10.1, L2335-2353);
 * - a join while another is in flight waits for it, as the adapter does (the plugin itself would
 *   answer 50002, see rtc/fake-plugin.ts);
 * - 16 people at most: ROOM_FULL, the vendor's figure the adapter enforces (MAX_RTC_MEMBERS);
 * - roomAlive(number) tells the fake IM server whether the RTC room exists (bindRTCRoomForChatroom).
 */
import { AppError } from '../../../miniprogram/core/errors'
import { MAX_RTC_MEMBERS } from '../../../miniprogram/services/rongcloud/rtc/index'
import type { RemoteStream, RtcEvent, RtcService } from '../../../miniprogram/services/types'

interface Member {
  userId: string
  published: boolean
  emit(event: RtcEvent): void
}

/** microtask ticks a join takes */
const JOIN_TICKS = 3

export class FakeRtcHub {
  readonly rooms = new Map<string, Map<string, Member>>()

  roomAlive(roomId: string): boolean {
    return (this.rooms.get(roomId)?.size ?? 0) > 0
  }

  client(userId: string): RtcService {
    const listeners = new Set<(event: RtcEvent) => void>()
    const self: Member = { userId, published: false, emit: (e) => listeners.forEach((l) => l(e)) }
    let roomId: string | null = null
    let inFlight: Promise<unknown> | null = null
    const streamId = `${userId}_RongCloudRTC`
    const others = () => Array.from(this.rooms.get(roomId ?? '')?.values() ?? []).filter((m) => m !== self)
    const later = (fn: () => void) => void Promise.resolve().then(fn)
    const ticks = async (n: number) => {
      for (let i = 0; i < n; i++) await Promise.resolve()
    }
    const leave = async () => {
      if (!roomId) return
      if (self.published) others().forEach((m) => later(() => m.emit({ type: 'stream-removed', streamId })))
      this.rooms.get(roomId)?.delete(userId)
      if (this.rooms.get(roomId)?.size === 0) this.rooms.delete(roomId)
      self.published = false
      roomId = null
    }
    const join = async (id: string) => {
      await leave()
      const room = this.rooms.get(id) ?? new Map<string, Member>()
      if (!room.has(userId) && room.size >= MAX_RTC_MEMBERS) throw new AppError('ROOM_FULL')
      roomId = id
      room.set(userId, self)
      this.rooms.set(id, room)
      await ticks(JOIN_TICKS)
      const streams: RemoteStream[] = others()
        .filter((m) => m.published)
        .map((m) => ({ id: `${m.userId}_RongCloudRTC`, userId: m.userId }))
      return { streams }
    }
    return {
      join: async (id) => {
        while (inFlight) await inFlight.catch(() => undefined)
        const attempt = join(id)
        inFlight = attempt
        try {
          return await attempt
        } finally {
          if (inFlight === attempt) inFlight = null
        }
      },
      leave,
      publish: async () => {
        self.published = true
        const url = `rtmp://push.fake/${streamId}`
        later(() => self.emit({ type: 'push-url', url }))
        others().forEach((m) => later(() => m.emit({ type: 'stream-added', stream: { id: streamId, userId } })))
        return url
      },
      unpublish: async () => {
        self.published = false
      },
      subscribe: async (id) => {
        const url = `rtmp://play.fake/${id}`
        later(() => self.emit({ type: 'player-url', streamId: id, url }))
        return url
      },
      unsubscribe: async () => undefined,
      switchCamera: async () => undefined,
      setMic: async () => undefined,
      setCamera: async () => undefined,
      handleNativeEvent: () => undefined,
      onEvent: (listener) => {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
    }
  }
}
