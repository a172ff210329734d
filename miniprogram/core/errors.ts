export type ErrorCode =
  | 'NOT_ALLOWED'
  | 'MUTED'
  | 'INVALID_ROOM_NUMBER'
  | 'ROOM_NOT_FOUND'
  | 'ROOM_FULL'
  | 'EMPTY_MESSAGE'
  | 'MESSAGE_TOO_LONG'
  | 'RATE_LIMITED'
  | 'NOT_CONNECTED'
  | 'PERMISSION_DENIED'
  | 'SERVICE_NOT_ENABLED'
  | 'KICKED'
  | 'TOKEN_INVALID'
  | 'NETWORK'
  | 'ROOM_TAKEN'
  | 'CONTENT_REJECTED'
  | 'INVALID_TITLE'

/** What a person reads for each code when no more specific message is given. */
export const ERROR_MESSAGES: Readonly<Record<ErrorCode, string>> = {
  NOT_ALLOWED: '当前身份不能进行这个操作',
  MUTED: '你已被主播禁言，暂时不能发言',
  INVALID_ROOM_NUMBER: '房间号是 6 位数字，且不能以 0 开头',
  ROOM_NOT_FOUND: '房间不存在或已结束',
  ROOM_FULL: '房间已满（最多 16 人）',
  EMPTY_MESSAGE: '不能发送空消息',
  MESSAGE_TOO_LONG: '消息太长了，最多 500 个字',
  RATE_LIMITED: '发送太快了，请稍后再试',
  NOT_CONNECTED: '网络未连接，请稍后再试',
  PERMISSION_DENIED: '需要摄像头和麦克风权限才能开播',
  SERVICE_NOT_ENABLED: '服务未开通，请联系管理员在融云控制台开通相应服务',
  KICKED: '你的账号已在其他设备登录',
  TOKEN_INVALID: '登录凭证无效，请重新进入小程序',
  NETWORK: '网络异常，请检查网络后重试',
  ROOM_TAKEN: '这个房间号正在直播，请换一个',
  CONTENT_REJECTED: '内容未通过安全检查，请修改后再试',
  INVALID_TITLE: '直播标题最多 30 个字',
}

export const ERROR_CODES = Object.keys(ERROR_MESSAGES) as ErrorCode[]

/** Every error the app shows: a stable `code` for programs, a Chinese `message` for people. */
export class AppError extends Error {
  readonly code: ErrorCode

  constructor(code: ErrorCode, message: string = ERROR_MESSAGES[code]) {
    super(message)
    // the mini-program build compiles classes to ES5, where extending Error loses the prototype
    Object.setPrototypeOf(this, AppError.prototype)
    this.name = 'AppError'
    this.code = code
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError
}

/** Anything thrown, as an AppError: AppErrors pass through, the rest become `fallback`. */
export function toAppError(value: unknown, fallback: ErrorCode = 'NETWORK'): AppError {
  return isAppError(value) ? value : new AppError(fallback)
}
