/**
 * The RongCloud media adapter. The composition calls createRongCloudRtc({ client }) once, with
 * the client from RongIMLib.installPlugin(installer, opts) after IMLib init.
 */
import type { RtcService } from '../../types'
import { RongCloudRtc, type RongCloudRtcOptions } from './rongcloud-rtc'
import { createUnavailableRtc } from './unavailable-rtc'

export type { RongCloudRtcOptions } from './rongcloud-rtc'
export type { Schedule } from '../../../core/timers'
export { MAX_RTC_MEMBERS } from './rongcloud-rtc'
export { RTC_ERROR_TABLE, rtcError } from './error-table'
export { qualityOf } from './network-quality'

/** Without a client every action rejects with SERVICE_NOT_ENABLED (never throws here). */
export function createRongCloudRtc(options: RongCloudRtcOptions): RtcService {
  const { client } = options
  if (!client) return createUnavailableRtc()
  return new RongCloudRtc({ ...options, client })
}
