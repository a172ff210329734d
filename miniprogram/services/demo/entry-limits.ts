import { AppError } from '../../core/errors'

/**
 * Chatroom KV limits. Keys: "属性名称，支持英文字母、数字、+、=、-、_ 的组合方式，最大长度 128 字符"; values:
 * "最大长度 4096 字符" (@rongcloud/engine index.d.ts L7100-7108); the SDK refuses others locally
 * with 34260 / 34262 (index.d.ts L2488-2501; checks Qt / Xt in dist index.cjs.js pretty-printed
 * with `npx prettier@3.10.1`, pp L2564-2572, applied in setChatroomEntry pp L36699-36705): a key
 * of 1-128 of [A-Za-z0-9_=+-], a value of 1-4096 characters. At most 100 keys per chatroom
 * (23423 CHATROOM_KV_EXCEED "聊天室的 KV 属性个数超限", index.d.ts L1129-1133).
 */
export const MAX_ENTRIES = 100
export const MAX_ENTRY_VALUE = 4096
const ENTRY_KEY = /^[A-Za-z0-9_=+-]{1,128}$/

/** 34260 INVALID_PARAMETER_KEY: refused by the SDK before anything is sent (see MAX_ENTRIES). */
export function validateEntryKey(key: unknown): void {
  if (typeof key !== 'string' || !ENTRY_KEY.test(key)) {
    throw new AppError('NOT_ALLOWED', '房间属性名须为 1-128 个英文字母、数字或 _ = + -')
  }
}

/** 34262 INVALID_PARAMETER_VALUE: refused by the SDK before anything is sent. */
export function validateEntryValue(value: unknown): void {
  if (typeof value !== 'string' || value.length < 1 || value.length > MAX_ENTRY_VALUE) {
    throw new AppError('NOT_ALLOWED', `房间属性值须为 1-${MAX_ENTRY_VALUE} 个字符`)
  }
}
