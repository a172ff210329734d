/**
 * People as others see them. A name is trimmed and counted in code points after invisible
 * characters are removed: bidi controls (they flip the text around it), zero-width characters
 * (they make two names that look alike differ) and other control characters. A zero-width
 * joiner stays only inside an emoji sequence (👨‍👩‍👧). 1–20 characters remain; the mini-program's
 * core uses the same rule and the same constant (MAX_NAME_CHARS = 20).
 */
import { USER_ID_PATTERN } from './crypto/user-id'

export interface Profile {
  id: string
  name: string
  avatar?: string
}

export const MAX_NAME_CHARS = 20
/** kept short so three guests' profiles fit in one 4096-character KV value */
export const MAX_AVATAR_CHARS = 512

const BIDI_AND_ZERO_WIDTH = /[\u061C\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/gu
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/gu
const ZWJ = '\u200D'
const EMOJI = /\p{Extended_Pictographic}/u

/** an emoji, its variation selector or a skin-tone modifier: what a joiner may follow */
function emojiTail(c: string): boolean {
  const cp = c.codePointAt(0) ?? 0
  return EMOJI.test(c) || cp === 0xfe0f || (cp >= 0x1f3fb && cp <= 0x1f3ff)
}

export function stripInvisible(text: string): string {
  const chars = Array.from(text.replace(BIDI_AND_ZERO_WIDTH, '').replace(CONTROL, ''))
  return chars
    .filter((c, i) => c !== ZWJ || (i > 0 && emojiTail(chars[i - 1]) && i + 1 < chars.length && EMOJI.test(chars[i + 1])))
    .join('')
}

export function characterCount(text: string): number {
  let n = 0
  for (const _ of text) n++
  return n
}

/** A clean name, or null when none is left or it is too long. */
export function cleanName(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > 200) return null
  const name = stripInvisible(input).trim()
  const n = characterCount(name)
  return n >= 1 && n <= MAX_NAME_CHARS ? name : null
}

/** An https URL (no credentials, no whitespace), or null. */
export function cleanAvatar(input: unknown): string | null {
  if (typeof input !== 'string' || input.length === 0 || input.length > MAX_AVATAR_CHARS) return null
  // eslint-disable-next-line no-control-regex -- an URL with control characters is refused
  if (/[\s\u0000-\u001F\u007F]/.test(input)) return null
  try {
    const url = new URL(input)
    if (url.protocol !== 'https:' || !url.hostname || url.username || url.password) return null
    return input
  } catch {
    return null
  }
}

export function makeProfile(id: string, name: string, avatar?: string | null): Profile {
  return avatar ? { id, name, avatar } : { id, name }
}

/** A profile read back from a signed document or RongCloud: strict, same rules as input. */
export function readProfile(value: unknown): Profile | null {
  if (!value || typeof value !== 'object') return null
  const v = value as Record<string, unknown>
  if (typeof v.id !== 'string' || !USER_ID_PATTERN.test(v.id)) return null
  const name = cleanName(v.name)
  if (name === null || name !== v.name) return null
  if (v.avatar === undefined) return makeProfile(v.id, name)
  const avatar = cleanAvatar(v.avatar)
  return avatar ? makeProfile(v.id, name, avatar) : null
}
