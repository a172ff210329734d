import type { Profile } from '../core/types'
import { decodeHostClaim, ROOM_KEYS } from '../core/wire'

/**
 * Who this room's host is, from the room's attributes. The one place that decides it: a later
 * server will sign host claims, and the signature check belongs here (DESIGN.md "Known weakness").
 */
export function resolveHost(entries: Readonly<Record<string, string>>): Profile | null {
  const claim = decodeHostClaim(entries[ROOM_KEYS.host])
  return claim ? claim.host : null
}
