/**
 * How RTC plugin result codes become AppErrors. Kept as data so every row is tested and a new
 * code is one line. Success is RCRTCCode.SUCCESS (10000), never 0.
 */
import { AppError, type ErrorCode } from '../../../core/errors'

export interface RtcErrorRow {
  /** plugin RCRTCCode values, or raw signalling codes the plugin passes through */
  codes: readonly number[]
  error: ErrorCode
  /** Chinese, for people; the ErrorCode's default message when absent */
  message?: string
}

export const RTC_ERROR_TABLE: readonly RtcErrorRow[] = [
  // SIGNAL_DISCONNECTED: the IM connection the plugin signals over is down
  { codes: [50000], error: 'NOT_CONNECTED' },
  // SERVICE_INVALID, NOT_OPEN_VIDEO_AUDIO_SERVER: RTC is not enabled on the AppKey
  {
    codes: [50004, 53009],
    error: 'SERVICE_NOT_ENABLED',
    message: '音视频服务未开通，请联系管理员在融云控制台开通「音视频通话」服务',
  },
  // SIGNAL_JOIN_RTC_ROOM_REFUSED (the plugin turns signalling's JOIN_REFUSED 40032 into it):
  // "joinType 1 and another device of yours is in the room" (plugin d.ts), not a full room
  {
    codes: [40032, 53029],
    error: 'NOT_ALLOWED',
    message: '你已在其他设备上进入该房间，请先在那台设备上退出后再试',
  },
  // PERMISSION_DENIED: camera / microphone refused
  { codes: [53012], error: 'PERMISSION_DENIED' },
]

/** Messages for failures without a row, by the action that failed. */
export const RTC_ACTION_MESSAGES = {
  join: '进入音视频房间失败，请检查网络后重试',
  publish: '开播失败，请检查网络后重试',
  subscribe: '拉取主播画面失败，请检查网络后重试',
  device: '切换摄像头或麦克风失败，请重试',
} as const

export type RtcAction = keyof typeof RTC_ACTION_MESSAGES

export function rtcError(code: number, action: RtcAction): AppError {
  const row = RTC_ERROR_TABLE.find((r) => r.codes.includes(code))
  if (row) return new AppError(row.error, row.message)
  return new AppError('NETWORK', `${RTC_ACTION_MESSAGES[action]}（错误码 ${code}）`)
}
