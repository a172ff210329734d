import { AppError } from './errors'

export type Role = 'user' | 'host' | 'audience'

/**
 * What a person may do, by role (docs/ARCHITECTURE.md "Roles"). `publicChat` for the audience is
 * further limited by the mute list, which the store checks after this table.
 */
export const PERMISSIONS = {
  privateChat: ['user'],
  createRoom: ['user'],
  joinRoom: ['user'],
  publish: ['host'],
  subscribe: ['audience'],
  publicChat: ['host', 'audience'],
  mute: ['host'],
  controlMedia: ['host'],
  endRoom: ['host'],
  leaveRoom: ['host', 'audience'],
  /** tap the heart (a guest will too, once co-guests exist) */
  like: ['audience'],
} as const satisfies Record<string, readonly Role[]>

export type Action = keyof typeof PERMISSIONS

export const ACTIONS = Object.keys(PERMISSIONS) as Action[]

export function can(role: Role, action: Action): boolean {
  return (PERMISSIONS[action] as readonly Role[]).includes(role)
}

/** What a person in a room may do right now, for views that need no rules of their own. */
export function roomPermissions(role: Role) {
  return {
    publicChat: can(role, 'publicChat'),
    mute: can(role, 'mute'),
    controlMedia: can(role, 'controlMedia'),
    endRoom: can(role, 'endRoom'),
    leaveRoom: can(role, 'leaveRoom'),
    subscribe: can(role, 'subscribe'),
    like: can(role, 'like'),
  }
}

/** Throws NOT_ALLOWED unless `role` may do `action`. */
export function assertCan(role: Role, action: Action): void {
  if (!can(role, action)) throw new AppError('NOT_ALLOWED')
}
