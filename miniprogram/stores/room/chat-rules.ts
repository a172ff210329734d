/** Whether I may write in the room's public chat now, and why not (the hint under the input). */
import type { RoomStatus } from '../types'

/** `canChat`: my role may chat (core/roles.ts); `muted`: I am on the mute list and not the host. */
export function canSendIn(status: RoomStatus, canChat: boolean, muted: boolean): boolean {
  return status === 'live' && canChat && !muted
}

export function sendHintFor(status: RoomStatus, canChat: boolean, muted: boolean): string {
  if (canSendIn(status, canChat, muted)) return ''
  if (status === 'reconnecting') return '网络重连中…'
  if (status !== 'live') return ''
  if (muted) return '你已被主播禁言'
  return canChat ? '' : '当前身份不能发言'
}
