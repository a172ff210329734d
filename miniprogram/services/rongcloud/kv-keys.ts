/**
 * Chatroom KV keys and values as RongCloud takes them. The SDK checks them before sending and
 * rejects a key outside [A-Za-z0-9_=+-] or longer than 128 characters (34260) and a value that is
 * empty or longer than 4096 characters (34262) (engine index.cjs.js, the Qt / Xt checks of
 * setChatroomEntry). Our keys embed user ids (core/wire memberKey), which the SDK only checks for
 * length, so a key built from an id can be invalid as it stands.
 *
 * Such a key travels as '=' + base64url(UTF-8 of the key), unpadded ('=' is not in the base64url
 * alphabet, so it marks the encoded form); a key that is valid and does not start with '=' travels
 * unchanged. The mapping is one-to-one and every client decodes what it reads.
 */
import { AppError } from '../../core/errors'

export const KV_KEY_MAX = 128
export const KV_VALUE_MAX = 4096

const VALID_KEY = /^[A-Za-z0-9_=+-]+$/
const MARK = '='
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

export const KEY_INVALID_MESSAGE = '房间属性名不合规：编码后只能包含字母、数字和 _ = + -，且不超过 128 个字符'
export const VALUE_INVALID_MESSAGE = `房间属性内容不合规：长度须在 1 到 ${KV_VALUE_MAX} 个字符之间`

function utf8(text: string): number[] {
  // encodeURIComponent throws on a lone surrogate: such a key cannot be stored
  const escaped = encodeURIComponent(text)
  const bytes: number[] = []
  for (let i = 0; i < escaped.length; i++) {
    if (escaped[i] === '%') {
      bytes.push(parseInt(escaped.slice(i + 1, i + 3), 16))
      i += 2
    } else {
      bytes.push(escaped.charCodeAt(i))
    }
  }
  return bytes
}

function base64url(bytes: number[]): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2
    for (let c = 0; c < chars; c++) out += ALPHABET[(n >> (18 - 6 * c)) & 63]
  }
  return out
}

function fromBase64url(text: string): number[] | null {
  if (text.length % 4 === 1) return null
  const bytes: number[] = []
  let bits = 0
  let value = 0
  for (let i = 0; i < text.length; i++) {
    const digit = ALPHABET.indexOf(text[i])
    if (digit < 0) return null
    value = (value << 6) | digit
    bits += 6
    if (bits >= 8) {
      bits -= 8
      bytes.push((value >> bits) & 255)
    }
  }
  // the bits left over must be zero, or two spellings would decode to one key
  return (value & ((1 << bits) - 1)) === 0 ? bytes : null
}

/** The key as stored in RongCloud; NOT_ALLOWED when even the encoded form is too long. */
export function toKvKey(key: string): string {
  if (key.length <= KV_KEY_MAX && VALID_KEY.test(key) && !key.startsWith(MARK)) return key
  let encoded: string
  try {
    encoded = MARK + base64url(utf8(key))
  } catch {
    throw new AppError('NOT_ALLOWED', KEY_INVALID_MESSAGE)
  }
  if (encoded.length > KV_KEY_MAX) throw new AppError('NOT_ALLOWED', KEY_INVALID_MESSAGE)
  return encoded
}

/** The app's key for a stored key; null for a stored key no client of ours could have written. */
export function fromKvKey(kvKey: string): string | null {
  if (!kvKey.startsWith(MARK)) return kvKey
  const bytes = fromBase64url(kvKey.slice(MARK.length))
  if (!bytes) return null
  try {
    const key = decodeURIComponent(bytes.map((b) => `%${(b < 16 ? '0' : '') + b.toString(16)}`).join(''))
    return toKvKey(key) === kvKey ? key : null
  } catch {
    return null
  }
}

/** Rejects a value RongCloud would refuse (34262) before anything is sent. */
export function checkKvValue(value: string): void {
  if (value.length < 1 || value.length > KV_VALUE_MAX) throw new AppError('NOT_ALLOWED', VALUE_INVALID_MESSAGE)
}
