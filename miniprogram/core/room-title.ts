/** A live room's title: what the host types on the preview screen, carried in the host's claim. */
import { AppError } from './errors'
import { characterCount } from './text'

/** In characters as a person counts them (an emoji is one). */
export const MAX_TITLE_LENGTH = 30

/** Trimmed; empty means no title (undefined); over 30 characters → INVALID_TITLE. */
export function validateTitle(input: unknown): string | undefined {
  if (input === undefined || input === null) return undefined
  if (typeof input !== 'string') throw new AppError('INVALID_TITLE', '直播标题需要是文字')
  const title = input.trim()
  if (!title) return undefined
  if (characterCount(title) > MAX_TITLE_LENGTH) throw new AppError('INVALID_TITLE')
  return title
}

/** A title from the wire: a valid one, or undefined (a bad title never costs the room its claim). */
export function titleOrNone(raw: unknown): string | undefined {
  try {
    return validateTitle(raw)
  } catch {
    return undefined
  }
}
