/**
 * What arrives from the network is checked with the rules the sender's store keeps (a modified
 * client keeps none): chat text as core/text.ts validateMessageText says (nothing visible, or over
 * 500 characters: dropped), names as core/profile.ts cleanName says. Nothing here throws.
 */
import { cleanName, isUserId, MAX_AVATAR_CHARS } from './profile'
import { validateMessageText } from './text'
import type { ChatMessage, Profile } from './types'

/** Longer than any message id RongCloud or the demo network gives (ours: `local-<userId>-<ms>-<n>`). */
const MAX_MESSAGE_ID = 200

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * A person as they arrived: null without a valid user id. A name that breaks the rule is not a
 * reason to lose the person: they show under their id, as when no name is known.
 */
export function incomingProfile(raw: unknown): Profile | null {
  if (!isRecord(raw) || !isUserId(raw.id)) return null
  const name = cleanName(raw.name) ?? raw.id
  const avatar = raw.avatar
  return typeof avatar === 'string' && avatar && avatar.length <= MAX_AVATAR_CHARS ? { id: raw.id, name, avatar } : { id: raw.id, name }
}

/** A chat message as it arrived, with its text trimmed and its sender cleaned; null when it breaks a rule. */
export function incomingMessage(raw: unknown): ChatMessage | null {
  if (!isRecord(raw)) return null
  const { id, sentAt, kind } = raw
  if (typeof id !== 'string' || !id || id.length > MAX_MESSAGE_ID) return null
  if (typeof sentAt !== 'number' || !Number.isFinite(sentAt)) return null
  if (kind !== 'text' && kind !== 'system') return null
  const from = incomingProfile(raw.from)
  if (!from) return null
  let text: string
  try {
    text = validateMessageText(raw.text)
  } catch {
    return null
  }
  return { id, from, text, sentAt, kind }
}

/** The messages that pass incomingMessage, in their order. */
export function incomingMessages(raw: readonly unknown[]): ChatMessage[] {
  const kept: ChatMessage[] = []
  for (const m of raw) {
    const message = incomingMessage(m)
    if (message) kept.push(message)
  }
  return kept
}
