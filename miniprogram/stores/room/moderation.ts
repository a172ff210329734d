/**
 * The mute list, from the host's side: who may not chat. Without our server the list lives in a
 * room attribute, so late joiners read it; a signal is the fast path for those already in; every
 * receiver drops a muted member's public messages (room-events.ts), since nothing else can. With
 * our server (`signed`) a mute is a RongCloud chat ban the server applies and a signed list it
 * writes (authority.ts): nothing is written to KV and no signal is sent.
 */
import { AppError } from '../../core/errors'
import { isUserId } from '../../core/profile'
import { assertCan, type Role } from '../../core/roles'
import type { Profile } from '../../core/types'
import { encodeMuteList, MAX_WIRE_CHARS, ROOM_KEYS } from '../../core/wire'
import type { RtsService } from '../../services/types'

/** What changing the mute list reads and writes. */
export interface ModerationDeps {
  rts: Pick<RtsService, 'setRoomEntry' | 'sendRoomSignal'>
  role(): Role
  requireMe(): Profile
  /** NOT_CONNECTED while reconnecting, NOT_ALLOWED unless live */
  assertLive(): void
  muted(): readonly string[]
  /** whether `userId` is in the room (their profile is known) */
  isMember(userId: string): boolean
  /** the new list, once the room attribute holds it */
  setMuted(list: string[]): void
  /** with our server: mutes through it, resolving with the list it signed */
  signed?: { setMuted(userId: string, muted: boolean): Promise<string[]> }
}

/** Mutes or unmutes `userId`; only the host may, never themselves. */
export async function changeMute(deps: ModerationDeps, userId: string, muted: boolean): Promise<void> {
  assertCan(deps.role(), 'mute')
  const me = deps.requireMe()
  // a malformed id never reaches the stored list (every reader drops it: core/wire.ts decodeMuteList)
  if (!isUserId(userId)) throw new AppError('NOT_ALLOWED', '找不到这个人')
  if (userId === me.id) throw new AppError('NOT_ALLOWED', '不能对自己禁言')
  deps.assertLive()
  const current = deps.muted()
  if (current.includes(userId) === muted) return
  if (deps.signed) {
    deps.setMuted(await deps.signed.setMuted(userId, muted))
    return
  }
  const next = muted ? muteListWith(current, userId, deps.isMember) : current.filter((id) => id !== userId)
  // the list in the room attributes is what late joiners read; the signal is the fast path
  await deps.rts.setRoomEntry(ROOM_KEYS.muted, encodeMuteList(next))
  deps.setMuted(next)
  deps.rts.sendRoomSignal({ type: muted ? 'mute' : 'unmute', userId }).catch(() => {
    /* receivers also see the attribute change */
  })
}

/** The list with `userId` added; people who have left drop off first when it grows too long. */
export function muteListWith(current: readonly string[], userId: string, isMember: (id: string) => boolean): string[] {
  let next = [...current, userId]
  if (encodeMuteList(next).length > MAX_WIRE_CHARS) next = next.filter((id) => id === userId || isMember(id))
  if (encodeMuteList(next).length > MAX_WIRE_CHARS) throw new AppError('NOT_ALLOWED', '禁言名单已满')
  return next
}
