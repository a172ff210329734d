/** What a failed upstream call becomes for the client. */
import { ApiError } from '../errors'
import { UpstreamUnreachable } from '../upstream/http'
import { RC, RongCloudError } from '../upstream/rongcloud'

export function upstreamError(e: unknown): ApiError {
  if (e instanceof ApiError) return e
  if (e instanceof RongCloudError && (e.rcCode === RC.RATE_LIMIT || e.httpStatus === 429)) {
    return new ApiError('RATE_LIMITED', '服务繁忙，请稍后再试', 1)
  }
  if (e instanceof RongCloudError || e instanceof UpstreamUnreachable) return new ApiError('NETWORK')
  throw e
}
