import { AppError } from './errors'

export type Role = 'user' | 'host' | 'audience' | 'guest'

/**
 * What a person may do, by role (docs/ARCHITECTURE.md "Roles"). `publicChat` for the audience and
 * guests is further limited by the mute list, which the store checks after this table. A guest
 * (连麦嘉宾) is an audience member the host accepted on camera.
 */
export const PERMISSIONS = {
  privateChat: ['user'],
  createRoom: ['user'],
  joinRoom: ['user'],
  /** push my own camera */
  publish: ['host', 'guest'],
  /** pull the host's stream (the host plays the guests' streams too, but has no host stream to pull) */
  subscribe: ['audience', 'guest'],
  publicChat: ['host', 'audience', 'guest'],
  mute: ['host'],
  /** my own mic, camera and flip */
  controlMedia: ['host', 'guest'],
  endRoom: ['host'],
  leaveRoom: ['host', 'audience', 'guest'],
  /** tap the heart */
  like: ['audience', 'guest'],
  /** ask to join the host on camera, and take the request back */
  requestMic: ['audience'],
  /** accept or reject a request, remove a guest */
  manageGuests: ['host'],
  /** step down from camera, back to the audience */
  leaveMic: ['guest'],
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
    requestMic: can(role, 'requestMic'),
    manageGuests: can(role, 'manageGuests'),
    leaveMic: can(role, 'leaveMic'),
  }
}

/** Throws NOT_ALLOWED unless `role` may do `action`. */
export function assertCan(role: Role, action: Action): void {
  if (!can(role, action)) throw new AppError('NOT_ALLOWED')
}
