/**
 * The RtcService when there is no RTC client (installPlugin returned null, or none was passed):
 * chat keeps working, and every media action rejects with a configuration error a person can act
 * on, instead of the app failing at start.
 */
import { AppError } from '../../../core/errors'
import type { RtcService } from '../../types'

export const NO_CLIENT_MESSAGE = '音视频插件未能初始化，请检查融云配置并确认已开通「音视频通话」服务'

export function createUnavailableRtc(message: string = NO_CLIENT_MESSAGE): RtcService {
  const fail = (): Promise<never> => Promise.reject(new AppError('SERVICE_NOT_ENABLED', message))
  return {
    join: fail,
    leave: () => Promise.resolve(),
    publish: fail,
    unpublish: () => Promise.resolve(),
    subscribe: fail,
    unsubscribe: () => Promise.resolve(),
    switchCamera: fail,
    setMic: fail,
    setCamera: fail,
    handleNativeEvent: () => undefined,
    onEvent: () => () => undefined,
  }
}
