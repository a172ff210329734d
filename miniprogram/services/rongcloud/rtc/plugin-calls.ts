/** Calls into @rongcloud/plugin-wechat-rtc, with every failure turned into an AppError. */
import { RCRTCCode, type RCRTCClient, type RCRTCRoom, type RCRemoteStream } from '@rongcloud/plugin-wechat-rtc'
import { AppError } from '../../../core/errors'
import type { RemoteStream } from '../../types'
import { rtcError, type RtcAction } from './error-table'

/** The vendor's figure for a mini-program RTC room. */
export const MAX_RTC_MEMBERS = 16

export const toRemote = (s: RCRemoteStream): RemoteStream => ({ id: s.getMsid(), userId: s.getUserId() })

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

/** Joins the meeting room; ROOM_FULL (and out again) when it already holds MAX_RTC_MEMBERS. */
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
