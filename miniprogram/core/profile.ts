/**
 * How long a name may be. Two limits, both here because they are two rules, not one: what a
 * person may choose, and what the app accepts from anywhere.
 */

/** A nickname as a person chooses it, in characters as a person counts them (the lobby's nickname input has maxlength 20 as well). */
export const NICKNAME_MAX_CHARS = 20

/**
 * The longest name the app accepts anywhere, in UTF-16 units: signing in cuts a name to it, and the
 * wire decoder drops a profile with a longer one. Looser than NICKNAME_MAX_CHARS on purpose: a name
 * set elsewhere (RongCloud user info) is shown, not dropped.
 */
export const MAX_NAME_LENGTH = 64

/** Trimmed and cut to NICKNAME_MAX_CHARS characters; '' when nothing is left. */
export function cutNickname(name: string): string {
  return Array.from(name.trim()).slice(0, NICKNAME_MAX_CHARS).join('')
}

/** Trimmed and cut to MAX_NAME_LENGTH; '' when nothing is left. */
export function cutName(name: string): string {
  return name.trim().slice(0, MAX_NAME_LENGTH)
}
