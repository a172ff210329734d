/**
 * A minimal in-memory RtcService for running the store over the RongCloud signalling adapter:
 * one meeting room per number, the host's stream visible to whoever joins, fake rtmp URLs.
 */
import type { RemoteStream, RtcEvent, RtcService } from '../../../miniprogram/services/types'

interface Member {
  userId: string
  published: boolean
  emit(event: RtcEvent): void
}

export class FakeRtcHub {
  readonly rooms = new Map<string, Map<string, Member>>()

  client(userId: string): RtcService {
    const listeners = new Set<(event: RtcEvent) => void>()
    const self: Member = { userId, published: false, emit: (e) => listeners.forEach((l) => l(e)) }
    let roomId: string | null = null
    const streamId = `${userId}_RongCloudRTC`
    const others = () => Array.from(this.rooms.get(roomId ?? '')?.values() ?? []).filter((m) => m !== self)
    const later = (fn: () => void) => void Promise.resolve().then(fn)
    return {
      join: async (id) => {
        roomId = id
        const room = this.rooms.get(id) ?? new Map<string, Member>()
        room.set(userId, self)
        this.rooms.set(id, room)
        const streams: RemoteStream[] = others()
          .filter((m) => m.published)
          .map((m) => ({ id: `${m.userId}_RongCloudRTC`, userId: m.userId }))
        return { streams }
      },
      leave: async () => {
        if (!roomId) return
        if (self.published) others().forEach((m) => later(() => m.emit({ type: 'stream-removed', streamId })))
        this.rooms.get(roomId)?.delete(userId)
        self.published = false
        roomId = null
      },
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
