/**
 * Profiles this client has learnt (presence signals, text messages, people it chatted with), so
 * lists can show names for ids the SDK hands over bare (conversation list, chatroom members).
 */
import type { Profile } from '../../core/types'

export interface ProfileBook {
  remember(profile: Profile): void
  get(id: string): Profile | undefined
  /** the known profile, or the id standing in as a name */
  resolve(id: string): Profile
}

export function createProfileBook(): ProfileBook {
  const byId = new Map<string, Profile>()
  return {
    remember(profile) {
      byId.set(profile.id, profile)
    },
    get: (id) => byId.get(id),
    resolve: (id) => byId.get(id) ?? { id, name: id },
  }
}
