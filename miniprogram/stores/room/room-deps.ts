import type { DocumentVerifier } from '../../core/signed-docs'
import type { Profile } from '../../core/types'
import type { BackendService, RtcService, RtsService } from '../../services/types'
import type { ChatroomSwitch } from '../chatroom-switch'
import type { MediaPermissions, Schedule, ScreenControl } from '../deps'

/** What the room needs from the rest of the app. */
export interface RoomDeps {
  rts: RtsService
  rtc: RtcService
  /** our server and its documents' verifier, when configured (the guest list: stores/room/guests-source.ts) */
  backend?: BackendService
  documents?: DocumentVerifier
  permissions: MediaPermissions
  screen: ScreenControl
  random(): number
  now(): number
  schedule: Schedule
  /** who I am now (observable: read in computed fields), null when signed out */
  me(): Profile | null
  /** my profile; NOT_CONNECTED when signed out */
  requireMe(): Profile
  /** NOT_CONNECTED / KICKED unless connected */
  requireConnected(): void
  /** whether the signalling connection is up now */
  connected(): boolean
  /** the one place that changes chatrooms (entering, leaving, the lobby) */
  chatrooms: Pick<ChatroomSwitch, 'go' | 'toLobby' | 'leaveRoom' | 'undoRejoin'>
}
