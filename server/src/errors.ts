/**
 * Every error leaves the server as `{ code, message }`: a stable code for programs, a Chinese
 * message ready to show to a person. The status of each code is fixed here and nowhere else.
 */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'INVALID_ROOM_NUMBER'
  | 'INVALID_TITLE'
  | 'TOKEN_INVALID'
  | 'NOT_ALLOWED'
  | 'ROOM_NOT_FOUND'
  | 'NOT_FOUND'
  | 'ROOM_TAKEN'
  | 'ROOM_FULL'
  | 'TOO_LARGE'
  | 'CONTENT_REJECTED'
  | 'RATE_LIMITED'
  | 'NETWORK'
  | 'INVALID_IMAGE'
  | 'SERVICE_NOT_ENABLED'
  | 'INTERNAL'

export const STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  INVALID_ROOM_NUMBER: 400,
  INVALID_TITLE: 400,
  TOKEN_INVALID: 401,
  NOT_ALLOWED: 403,
  ROOM_NOT_FOUND: 404,
  NOT_FOUND: 404,
  ROOM_TAKEN: 409,
  ROOM_FULL: 409,
  TOO_LARGE: 413,
  CONTENT_REJECTED: 422,
  RATE_LIMITED: 429,
  NETWORK: 502,
  INVALID_IMAGE: 400,
  SERVICE_NOT_ENABLED: 503,
  INTERNAL: 500,
}

export const DEFAULT_MESSAGE: Record<ErrorCode, string> = {
  BAD_REQUEST: '请求格式不正确',
  INVALID_ROOM_NUMBER: '房间号应为 6 位数字，且首位不为 0',
  INVALID_TITLE: '标题最多 30 个字',
  TOKEN_INVALID: '登录已失效，请重新登录',
  NOT_ALLOWED: '你没有权限这样做',
  ROOM_NOT_FOUND: '房间不存在或已结束',
  NOT_FOUND: '接口不存在',
  ROOM_TAKEN: '房间号已被占用，请换一个',
  ROOM_FULL: '连麦人数已满（最多 3 人）',
  TOO_LARGE: '请求内容过大',
  CONTENT_REJECTED: '内容未通过安全检查',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  NETWORK: '服务暂时不可用，请稍后重试',
  INVALID_IMAGE: '头像只支持 JPEG 或 PNG 图片',
  SERVICE_NOT_ENABLED: '服务器未开启此功能',
  INTERNAL: '服务器出错了，请稍后重试',
}

export class ApiError extends Error {
  readonly status: number
  constructor(
    readonly code: ErrorCode,
    message: string = DEFAULT_MESSAGE[code],
    /** seconds, sent as Retry-After with 429 */
    readonly retryAfter?: number,
  ) {
    super(message)
    this.name = 'ApiError'
    this.status = STATUS[code]
  }

  toJSON(): { code: ErrorCode; message: string } {
    return { code: this.code, message: this.message }
  }
}
