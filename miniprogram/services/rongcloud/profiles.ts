/**
 * Profiles this client has learnt (presence signals, text messages, people it chatted with), so
 * lists can show names for ids the SDK hands over bare (conversation list, chatroom members).
 * Bounded: a busy lobby passes thousands of people through in a day; the ones heard of least
 * recently are forgotten first (they show under their id until heard of again).
 */
import type { Profile } from '../../core/types'

/** More than a lobby list (20), a conversation list (100) and a full room (16) together, many times over. */
export const PROFILE_BOOK_CAP = 1000

export interface ProfileBook {
  remember(profile: Profile): void
  get(id: string): Profile | undefined
  /** the known profile, or the id standing in as a name */
  resolve(id: string): Profile
  readonly size: number
}

export function createProfileBook(): ProfileBook {
  // a Map iterates in insertion order: re-inserting on every mention keeps the oldest first
  const byId = new Map<string, Profile>()
  return {
    remember(profile) {
      byId.delete(profile.id)
      byId.set(profile.id, profile)
      if (byId.size > PROFILE_BOOK_CAP) {
        const oldest = byId.keys().next()
        if (!oldest.done) byId.delete(oldest.value)
      }
    },
    get: (id) => byId.get(id),
    resolve: (id) => byId.get(id) ?? { id, name: id },
    get size() {
      return byId.size
    },
  }
}
