/**
 * Who I am on this phone: the nickname and avatar the person chose, remembered in wx storage, and a
 * stable random id for the demo network (RongCloud assigns its own id when it connects).
 *
 * An avatar here is always a URL our server (or the demo's) handed out for an uploaded picture,
 * https like every address a mini-program may load. Earlier versions stored chooseAvatar's
 * temporary path (wxfile://…, http://tmp/… in DevTools), which no other phone can load and our
 * server refuses at login: such a value is dropped on reading.
 */
import { cutName } from '../core/profile'
import type { Profile } from '../core/types'
import type { ProfileMemory } from '../stores/deps'

const STORAGE_KEY = 'live-rooms.profile.v1'

function randomId(): string {
  return `u${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`
}

function isProfile(value: unknown): value is Profile {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.id === 'string' && v.id.length > 0 && typeof v.name === 'string' && (v.avatar === undefined || typeof v.avatar === 'string')
}

function defaultName(id: string): string {
  return `访客${id.slice(-4).toUpperCase()}`
}

/** The stored profile; the first call creates one (random id, "访客XXXX") and stores it. */
export function loadProfile(): Profile {
  let stored: unknown
  try {
    stored = wx.getStorageSync(STORAGE_KEY)
  } catch {
    stored = null
  }
  if (isProfile(stored)) {
    const profile = stored.name.trim() ? stored : { ...stored, name: defaultName(stored.id) }
    if (profile.avatar === undefined || isAvatarUrl(profile.avatar)) return profile
    const withoutAvatar = { id: profile.id, name: profile.name }
    saveProfile(withoutAvatar)
    return withoutAvatar
  }
  const id = randomId()
  const fresh: Profile = { id, name: defaultName(id) }
  saveProfile(fresh)
  return fresh
}

/** Nicknames are cleaned and cut to 20 characters (core/profile.ts cutName); an empty one falls back to "访客XXXX". */
export function normaliseName(name: string, id: string): string {
  return cutName(name) || defaultName(id)
}

/** What a profile may carry as its avatar: an https URL (never a local file of this phone). */
export function isAvatarUrl(value: string): boolean {
  return /^https:\/\/[^\s/]+\/\S*$/.test(value)
}

export function saveProfile(profile: Profile): void {
  const clean: Profile = { id: profile.id, name: normaliseName(profile.name, profile.id) }
  if (profile.avatar && isAvatarUrl(profile.avatar)) clean.avatar = profile.avatar
  try {
    wx.setStorageSync(STORAGE_KEY, clean)
  } catch {
    // storage full or unavailable: the profile still works for this launch
  }
}

/** Updates name and/or avatar, keeping the id; returns the saved profile. */
export function updateProfile(change: { name?: string; avatar?: string }): Profile {
  const current = loadProfile()
  const next: Profile = {
    id: current.id,
    name: change.name === undefined ? current.name : normaliseName(change.name, current.id),
  }
  const avatar = change.avatar === undefined ? current.avatar : change.avatar
  if (avatar && isAvatarUrl(avatar)) next.avatar = avatar
  saveProfile(next)
  return next
}

/** The store remembers accepted changes here (stores/profile-editor.ts), so the next launch signs in with them. */
export const profileMemory: ProfileMemory = {
  remember: (change) => void updateProfile(change),
}
