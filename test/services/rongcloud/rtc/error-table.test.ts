import { RCRTCCode } from '@rongcloud/plugin-wechat-rtc'
import { AppError, ERROR_MESSAGES } from '../../../../miniprogram/core/errors'
import { createRongCloudRtc, RTC_ERROR_TABLE, rtcError } from '../../../../miniprogram/services/rongcloud/rtc'
import { asClient, FakeClient } from './fake-plugin'

const rows: [number, string][] = [
  [RCRTCCode.SIGNAL_DISCONNECTED, 'NOT_CONNECTED'],
  [RCRTCCode.SERVICE_INVALID, 'SERVICE_NOT_ENABLED'],
  [RCRTCCode.NOT_OPEN_VIDEO_AUDIO_SERVER, 'SERVICE_NOT_ENABLED'],
  // the same account in the room on another device, not a full room (see error-table.ts)
  [40032, 'NOT_ALLOWED'],
  [RCRTCCode.SIGNAL_JOIN_RTC_ROOM_REFUSED, 'NOT_ALLOWED'],
  [RCRTCCode.PERMISSION_DENIED, 'PERMISSION_DENIED'],
  [RCRTCCode.REQUEST_FAILED, 'NETWORK'],
  [RCRTCCode.RTC_TOKEN_INVALID, 'NETWORK'],
]

describe('RTC error table', () => {
  it('has the plugin values the table is written against', () => {
    expect([RCRTCCode.SUCCESS, RCRTCCode.SIGNAL_DISCONNECTED, RCRTCCode.SERVICE_INVALID]).toEqual([10000, 50000, 50004])
    expect([RCRTCCode.NOT_OPEN_VIDEO_AUDIO_SERVER, RCRTCCode.PERMISSION_DENIED, RCRTCCode.SIGNAL_JOIN_RTC_ROOM_REFUSED]).toEqual([53009, 53012, 53029])
  })

  it.each(rows)('a join failing with %i rejects with %s', async (code, expected) => {
    const client = new FakeClient()
    client.answers.push({ code })
    const rtc = createRongCloudRtc({ client: asClient(client) })
    const err = await rtc.join('123456').then(
      () => null,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe(expected)
  })

  it('covers every row of the table in the cases above', () => {
    const tested = new Set(rows.map(([code]) => code))
    for (const row of RTC_ERROR_TABLE) for (const code of row.codes) expect(tested.has(code)).toBe(true)
  })

  it('names the console service when RTC is not enabled', () => {
    expect(rtcError(50004, 'join').message).toContain('融云控制台')
    expect(rtcError(53009, 'join').message).toContain('音视频')
  })

  it('an unknown code is NETWORK with the code in a Chinese message, per action', () => {
    const join = rtcError(53004, 'join')
    expect(join.code).toBe('NETWORK')
    expect(join.message).toContain('53004')
    expect(join.message).not.toBe(rtcError(53004, 'publish').message)
    expect(rtcError(53012, 'publish').message).toBe(ERROR_MESSAGES.PERMISSION_DENIED)
  })
})
