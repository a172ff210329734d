/** Reading request input: wrong shapes and types become 400s with a code, never 500s. */
import { ApiError } from '../errors'
import type { ErrorCode } from '../errors'
import { MAX_TITLE_CHARS } from '../documents'
import { ROOM_NUMBER } from '../kv-keys'
import { USER_ID_PATTERN } from '../crypto/user-id'
import { characterCount, cleanAvatar, cleanName, stripInvisible } from '../profile'

export type Fields = Record<string, unknown>

/** The JSON body as an object; an absent body counts as {} where the route allows it. */
export function objectBody(body: unknown, allowEmpty = false): Fields {
  if (body === undefined && allowEmpty) return {}
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ApiError('BAD_REQUEST', '请求内容应为 JSON 对象')
  return body as Fields
}

/** An optional string field; null counts as absent. */
export function optionalString(fields: Fields, key: string, code: ErrorCode = 'BAD_REQUEST'): string | undefined {
  const v = fields[key]
  if (v === undefined || v === null) return undefined
  if (typeof v !== 'string') throw new ApiError(code, code === 'BAD_REQUEST' ? `${key} 应为字符串` : undefined)
  return v
}

export function roomNumber(value: unknown): string {
  if (typeof value !== 'string' || !ROOM_NUMBER.test(value)) throw new ApiError('INVALID_ROOM_NUMBER')
  return value
}

export function userIdParam(value: unknown): string {
  if (typeof value !== 'string' || !USER_ID_PATTERN.test(value)) throw new ApiError('BAD_REQUEST', '用户 ID 不正确')
  return value
}

/** Trimmed, invisible characters removed; empty means no title; over 30 characters: INVALID_TITLE. */
export function roomTitle(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string' || value.length > 1000) throw new ApiError('INVALID_TITLE')
  const title = stripInvisible(value).trim()
  if (!title) return undefined
  if (characterCount(title) > MAX_TITLE_CHARS) throw new ApiError('INVALID_TITLE')
  return title
}

/**
 * A profile from a client. With avatar uploads enabled (PUBLIC_URL), an avatar must be one of
 * this server's avatar URLs: only those passed WeChat's image check (or are pending and not
 * served until they do). Without it, any https URL is taken (development).
 */
export function profileInput(value: unknown, avatars?: { isOurs(url: string): boolean } | null): { name: string; avatar?: string } {
  const fields = objectBody(value)
  const name = cleanName(fields.name)
  if (name === null) throw new ApiError('BAD_REQUEST', '昵称应为 1–20 个字')
  if (fields.avatar === undefined || fields.avatar === null || fields.avatar === '') return { name }
  if (avatars) {
    // PUBLIC_URL is the operator's: its URLs are taken as they are (https in production)
    if (typeof fields.avatar !== 'string' || !avatars.isOurs(fields.avatar)) throw new ApiError('BAD_REQUEST', '头像请先上传到服务器')
    return { name, avatar: fields.avatar }
  }
  const avatar = cleanAvatar(fields.avatar)
  if (avatar === null) throw new ApiError('BAD_REQUEST', '头像应为 https 地址')
  return { name, avatar }
}

/** A signed document a client presents (the server verifies it later); too long or not a string: 400. */
export function presentedDocument(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value !== 'string' || value.length > 4096) throw new ApiError('BAD_REQUEST', `${name} 格式不正确`)
  return value
}
