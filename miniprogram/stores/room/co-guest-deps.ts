/** What co-guests (co-guests.ts) read and are told: the room, the app, the room's events. */
import type { Generation } from '../../core/generation'
import type { Role } from '../../core/roles'
import type { Profile } from '../../core/types'
import type { HostPauseReason } from '../../core/wire'
import type { RtsService } from '../../services/types'
import type { RoomStatus } from '../types'
import type { GuestSourceDeps } from './guests-source'

export type MicRequestState = 'none' | 'pending' | 'rejected'

/** What the room's events say about co-guests (room-events.ts hands them over). */
export type CoGuestChange =
  | { kind: 'snapshot'; entries: Readonly<Record<string, string>> }
  | { kind: 'entry'; key: string; value: string | null }
  | { kind: 'list'; guests: Profile[] }
  /** our server's signed list in its answer about the room (authority.ts asked it) */
  | { kind: 'answer'; guestList: string }
  | { kind: 'request'; profile: Profile }
  | { kind: 'cancel'; userId: string }
  | { kind: 'rejected'; userId: string }
  | { kind: 'left'; userId: string }
  | { kind: 'paused'; userId: string; reason: HostPauseReason | null }

/** The room as co-guests see it: RoomStore. */
export interface CoGuestRoom {
  readonly id: string | null
  readonly host: Profile | null
  readonly role: Role
  readonly status: RoomStatus
  setRole(role: 'audience' | 'guest'): void
}

export interface CoGuestDeps extends GuestSourceDeps {
  rts: Pick<RtsService, 'setRoomEntry' | 'sendRoomSignal'>
  me(): Profile | null
  requireMe(): Profile
  /** NOT_CONNECTED while reconnecting, NOT_ALLOWED unless live */
  assertLive(): void
  /** the room visit's stale-result guard */
  generation: Generation
  /** my camera on / off as a guest, and the players after a list change (media-controller.ts) */
  media: { startPublishing(): Promise<void>; stopPublishing(): Promise<void>; reconcile(): void; setGuestPaused(userId: string, reason: HostPauseReason | null): void }
}
