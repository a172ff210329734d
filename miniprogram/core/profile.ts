/**
 * What a person's id and name may be: one rule for what a person types, what the store accepts and
 * what arrives from the network, and the same rule as the backend's (server/src/profile.ts), so a
 * name the server accepts shows the same everywhere.
 */
import { characterCount, stripInvisible } from './text'

/**
 * A name is 1–20 characters (code points, so an emoji is one) after trimming and removing bidi,
 * zero-width and control characters (core/text.ts stripInvisible). The backend's MAX_NAME_CHARS.
 */
export const MAX_NAME_CHARS = 20

/**
 * A user id: 1–64 printable ASCII characters, no whitespace. RongCloud's user id is at most 64
 * bytes (server API /user/getToken.json "userId … 最大长度 64 字节"), so ASCII keeps characters and
 * bytes equal; its SDK lets ids carry `|` and `:` (they are why member keys are encoded,
 * services/rongcloud/kv-keys.ts), so the alphabet is wider than the backend's [A-Za-z0-9_-], whose
 * ids all pass. Dev tokens made in the console may use any id RongCloud allows.
 */
export const MAX_USER_ID_LENGTH = 64
const USER_ID = /^[\x21-\x7E]{1,64}$/

export function isUserId(value: unknown): value is string {
  return typeof value === 'string' && USER_ID.test(value)
}

/** An avatar URL longer than this is not ours (the backend's MAX_AVATAR_CHARS). */
export const MAX_AVATAR_CHARS = 512

/** Past this a string is not a name, whatever it strips down to (the backend's bound as well). */
const MAX_RAW_NAME = 200

/** The clean name, or null when nothing visible is left or more than 20 characters are. */
export function cleanName(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > MAX_RAW_NAME) return null
  const name = stripInvisible(input).trim()
  const count = characterCount(name)
  return count >= 1 && count <= MAX_NAME_CHARS ? name : null
}

/**
 * What a person typed as a name (the lobby's nickname field has maxlength 20 as well), cleaned and
 * cut to 20 characters; '' when nothing is left. Whatever it returns, cleanName accepts unchanged.
 */
export function cutName(input: string): string {
  const name = stripInvisible(input.slice(0, 4 * MAX_RAW_NAME)).trim()
  // cutting may end the name on a joiner that now leads nowhere: strip again
  return stripInvisible(Array.from(name).slice(0, MAX_NAME_CHARS).join('')).trim()
}
