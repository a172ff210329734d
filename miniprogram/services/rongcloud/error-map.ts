/**
 * RongCloud SDK error codes → the app's AppError codes, as data. Every row says what a person (or
 * the developer configuring the RongCloud console) has to do, in Chinese. Codes not listed are
 * treated as transient network trouble (NETWORK).
 *
 * `name` is the SDK's own ErrorCode member, so a test can check each number against the real enum.
 */
import { AppError, ERROR_MESSAGES } from '../../core/errors'
import type { ErrorCode } from '../../core/errors'
import { KEY_INVALID_MESSAGE, VALUE_INVALID_MESSAGE } from './kv-keys'

export interface SdkErrorRow {
  code: number
  name: string
  appCode: ErrorCode
  message: string
}

const CONSOLE = '请在融云开发者后台'

export const SDK_ERROR_TABLE: readonly SdkErrorRow[] = [
  { code: 23408, name: 'FORBIDDEN_IN_CHATROOM', appCode: 'MUTED', message: ERROR_MESSAGES.MUTED },
  { code: 23406, name: 'NOT_IN_CHATROOM', appCode: 'NOT_CONNECTED', message: '已断开与房间的连接，请退出后重新进入' },
  { code: 30002, name: 'RC_NET_UNAVAILABLE', appCode: 'NOT_CONNECTED', message: ERROR_MESSAGES.NOT_CONNECTED },
  {
    code: 23426,
    name: 'CHATROOM_KV_STORE_NOT_OPEN',
    appCode: 'SERVICE_NOT_ENABLED',
    message: `房间属性服务未开通：${CONSOLE}开通「聊天室属性自定义设置」`,
  },
  {
    code: 31003,
    name: 'RC_CONN_SERVER_UNAVAILABLE',
    appCode: 'SERVICE_NOT_ENABLED',
    message: `小程序服务未开通：${CONSOLE}为该 AppKey 开通「小程序服务」`,
  },
  {
    code: 23414,
    name: 'CHATROOM_NOT_OPEN_HISTORYMSG_STORE',
    appCode: 'SERVICE_NOT_ENABLED',
    message: `聊天室历史消息服务未开通：${CONSOLE}开通「聊天室消息云端存储」`,
  },
  {
    code: 33007,
    name: 'MSG_ROAMING_SERVICE_UNAVAILABLE',
    appCode: 'SERVICE_NOT_ENABLED',
    message: `私聊记录服务未开通：${CONSOLE}开通「单群聊消息云端存储」`,
  },
  {
    code: 31022,
    name: 'RC_CONN_HOSTNAME_ERROR',
    appCode: 'SERVICE_NOT_ENABLED',
    message: `小程序域名未授权：${CONSOLE}的「小程序服务」中添加安全域名`,
  },
  { code: 20604, name: 'SEND_FREQUENCY_TOO_FAST', appCode: 'RATE_LIMITED', message: ERROR_MESSAGES.RATE_LIMITED },
  { code: 23410, name: 'RC_CHATROOM_NOT_EXIST', appCode: 'ROOM_NOT_FOUND', message: ERROR_MESSAGES.ROOM_NOT_FOUND },
  { code: 23411, name: 'RC_CHATROOM_IS_FULL', appCode: 'ROOM_FULL', message: '房间人数已满，请稍后再试或进入其他房间' },
  { code: 31010, name: 'RC_DISCONN_KICK', appCode: 'KICKED', message: ERROR_MESSAGES.KICKED },
  {
    code: 31023,
    name: 'RC_DISCONN_SAME_CLIENT_ON_LINE',
    appCode: 'KICKED',
    message: '你的账号已在另一台设备上登录，请先在那台设备退出',
  },
  { code: 31004, name: 'RC_CONN_TOKEN_INCORRECT', appCode: 'TOKEN_INVALID', message: '登录凭证无效，请重新进入小程序；如仍失败请联系管理员检查 AppKey 与 Token' },
  { code: 31020, name: 'RC_CONN_TOKEN_EXPIRED', appCode: 'TOKEN_INVALID', message: '登录凭证已过期，请重新进入小程序' },
  { code: 23409, name: 'RC_CHATROOM_USER_KICKED', appCode: 'NOT_ALLOWED', message: '你已被移出这个房间，暂时不能再进入' },
  { code: 23424, name: 'CHATROOM_KV_OVERWRITE_INVALID', appCode: 'NOT_ALLOWED', message: '这项房间设置由其他人创建，你不能修改' },
  // checked by the SDK before sending (kv-keys.ts encodes keys and checks values first)
  { code: 34260, name: 'INVALID_PARAMETER_KEY', appCode: 'NOT_ALLOWED', message: KEY_INVALID_MESSAGE },
  { code: 34262, name: 'INVALID_PARAMETER_VALUE', appCode: 'NOT_ALLOWED', message: VALUE_INVALID_MESSAGE },
  { code: 405, name: 'REJECTED_BY_BLACKLIST', appCode: 'NOT_ALLOWED', message: '对方已拒收你的消息' },
  { code: 20106, name: 'FORBIDDEN_IN_PRIVATE', appCode: 'NOT_ALLOWED', message: '你已被禁止发送私聊消息' },
  { code: 31009, name: 'RC_CONN_USER_BLOCKED', appCode: 'NOT_ALLOWED', message: '你的账号已被封禁，请联系管理员' },
  { code: 31011, name: 'RC_DISCONN_EXCEPTION', appCode: 'NOT_ALLOWED', message: '你的账号已被封禁，连接已断开，请联系管理员' },
]

const BY_CODE: ReadonlyMap<number, SdkErrorRow> = new Map(SDK_ERROR_TABLE.map((row) => [row.code, row]))

/** The AppError for an SDK error code; unknown codes are network trouble. */
export function sdkError(code: number): AppError {
  const row = BY_CODE.get(code)
  return row ? new AppError(row.appCode, row.message) : new AppError('NETWORK', `${ERROR_MESSAGES.NETWORK}（错误码 ${code}）`)
}

/** The app code alone, for decisions (retry or give up) without building an error. */
export function appCodeOf(code: number): ErrorCode {
  return BY_CODE.get(code)?.appCode ?? 'NETWORK'
}

/** Rejects with the mapped AppError unless the SDK result is ok. */
export function unwrap<T>(result: { isOk: boolean; code: number; data?: T }): T | undefined {
  if (!result.isOk) throw sdkError(result.code)
  return result.data
}
