/**
 * Small pieces of talking to @rongcloud/plugin-wechat-rtc: the adapter's options, calling the
 * plugin with every failure turned into an AppError, entering its room, the people-facing messages.
 */
import { RCRTCCode, type RCRTCClient, type RCRTCRoom, type RCRemoteStream } from '@rongcloud/plugin-wechat-rtc'
import { AppError } from '../../../core/errors'
import type { Schedule } from '../../../core/timers'
import type { RemoteStream } from '../../types'
import { rtcError, type RtcAction } from './error-table'

/** The vendor's figure for a mini-program RTC room. */
export const MAX_RTC_MEMBERS = 16

/** The plugin's own default tag; letters, digits, '-' and '=' only (the msid joins user and tag with '_'). */
export const DEFAULT_PUBLISH_TAG = 'RongCloudRTC'
export const DEFAULT_REJOIN_DELAY_MS = 1000

export interface RongCloudRtcOptions {
  /** from RongIMLib.installPlugin(installer, opts), after IMLib init */
  client: RCRTCClient | null | undefined
  /** delay before the single rejoin after the server dropped us (onKickOff) */
  rejoinDelayMs?: number
  /** timers (core/timers.ts), injectable for tests; default systemSchedule */
  schedule?: Schedule
  publishTag?: string
}

export const toRemote = (s: RCRemoteStream): RemoteStream => ({ id: s.getMsid(), userId: s.getUserId() })

export const MESSAGES = {
  notInRoom: '尚未进入音视频房间',
  noPushUrl: '没有拿到推流地址，请检查网络后重试',
  noPlayUrl: '没有拿到主播画面的地址，请稍后重试',
  // a guest's stream as well as the host's
  streamGone: '这路画面已不在房间里',
  rejoinFailed: '与音视频服务器的连接已断开，请重新进入房间',
} as const

/** Plugin calls resolve with a code; some throw on a broken socket. Both end as AppError. */
export async function call(action: RtcAction, run: () => Promise<{ code: RCRTCCode }>): Promise<void> {
  let code: RCRTCCode
  try {
    ;({ code } = await run())
  } catch {
    throw rtcError(-1, action)
  }
  if (code !== RCRTCCode.SUCCESS) throw rtcError(code, action)
}

/** Joins the plugin's room for `roomId`; ROOM_FULL past MAX_RTC_MEMBERS (the room is left again). */
export async function enterRtcRoom(client: RCRTCClient, roomId: string): Promise<RCRTCRoom> {
  let result: Awaited<ReturnType<RCRTCClient['joinRTCRoom']>>
  try {
    result = await client.joinRTCRoom(roomId, undefined)
  } catch {
    throw rtcError(-1, 'join')
  }
  const { code, data } = result
  if (code !== RCRTCCode.SUCCESS || !data) throw rtcError(code, 'join')
  // userIds are the others: with 16 already inside we would be the 17th
  if (data.userIds.length >= MAX_RTC_MEMBERS) {
    await client.leaveRoom(data.room).catch(() => undefined)
    throw new AppError('ROOM_FULL')
  }
  return data.room
}
