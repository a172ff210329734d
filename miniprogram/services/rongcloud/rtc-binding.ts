/**
 * Ties a room's chatroom to the RTC room of the same number with bindRTCRoomForChatroom (imlib
 * index.d.ts: "只要音视频房间仍存在，则阻止聊天室自动销毁"), so RongCloud does not destroy a room
 * whose chat has been quiet for an hour while its video goes on.
 *
 * Whether a binding made before the RTC room exists counts is not documented, and the host's
 * chatroom and RTC joins run side by side, so the host binds once more a little later. Best
 * effort throughout: a room works without the binding, it only lives shorter when quiet.
 */
import type { Cancel } from '../../core/timers'
import type { Clock } from './clock'
import type { ImLib } from './imlib'

export const REBIND_AFTER_MS = 20_000

export interface RtcBinding {
  /** binds now, and once more after REBIND_AFTER_MS when `again` (unless stopped) */
  bind(chatroomId: string, rtcRoomId: string, again?: boolean): void
  stop(): void
}

export function createRtcBinding(lib: ImLib, clock: Clock): RtcBinding {
  let pending: Cancel | null = null
  const once = (chatRoomId: string, rtcRoomId: string) => {
    lib.bindRTCRoomForChatroom({ chatRoomId, rtcRoomId }).catch(() => undefined)
  }
  const stop = () => {
    pending?.()
    pending = null
  }
  return {
    bind(chatroomId, rtcRoomId, again = false) {
      stop()
      once(chatroomId, rtcRoomId)
      if (!again) return
      pending = clock.schedule(() => {
        pending = null
        once(chatroomId, rtcRoomId)
      }, REBIND_AFTER_MS)
    },
    stop,
  }
}
