import { AppError } from './errors'

export const MAX_MESSAGE_LENGTH = 500

/** Characters as a person counts them (code points, so an emoji is one). */
export function characterCount(text: string): number {
  let count = 0
  for (const _ of text) count++
  return count
}

/** Trims; empty → EMPTY_MESSAGE; over 500 characters → MESSAGE_TOO_LONG. Returns the trimmed text. */
export function validateMessageText(input: unknown): string {
  if (typeof input !== 'string') throw new AppError('EMPTY_MESSAGE')
  const text = input.trim()
  if (!text) throw new AppError('EMPTY_MESSAGE')
  if (characterCount(text) > MAX_MESSAGE_LENGTH) throw new AppError('MESSAGE_TOO_LONG')
  return text
}
