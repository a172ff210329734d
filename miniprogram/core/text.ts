import { AppError } from './errors'

export const MAX_MESSAGE_LENGTH = 500

/** Characters as a person counts them (code points, so an emoji is one). */
export function characterCount(text: string): number {
  let count = 0
  for (const _ of text) count++
  return count
}

/**
 * Invisible characters that change how text around them looks or compares: bidi controls (they flip
 * the text around them), zero-width characters (two names that look alike differ) and the BOM. The
 * same set as the backend's server/src/profile.ts, so both sides read a name the same way.
 */
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

/**
 * `text` without bidi, zero-width and control characters. A zero-width joiner stays only inside an
 * emoji sequence (👨‍👩‍👧), where it is what makes the sequence one picture.
 */
export function stripInvisible(text: string): string {
  const chars = Array.from(text.replace(BIDI_AND_ZERO_WIDTH, '').replace(CONTROL, ''))
  return chars
    .filter((c, i) => c !== ZWJ || (i > 0 && emojiTail(chars[i - 1]) && i + 1 < chars.length && EMOJI.test(chars[i + 1])))
    .join('')
}

// eslint-disable-next-line no-control-regex -- control characters are invisible too
const VISIBLE = /[^\s\u0000-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/u

/** Nothing a person would see: whitespace and invisible characters only (a joiner alone included). */
export function isBlank(text: string): boolean {
  return !VISIBLE.test(text)
}

/**
 * Trims; empty, or nothing visible (only zero-width or bidi characters) → EMPTY_MESSAGE; over 500
 * characters → MESSAGE_TOO_LONG. Returns the trimmed text (what is visible stays as typed).
 */
export function validateMessageText(input: unknown): string {
  if (typeof input !== 'string') throw new AppError('EMPTY_MESSAGE')
  const text = input.trim()
  if (isBlank(text)) throw new AppError('EMPTY_MESSAGE')
  if (characterCount(text) > MAX_MESSAGE_LENGTH) throw new AppError('MESSAGE_TOO_LONG')
  return text
}
