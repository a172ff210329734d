import type { Profile } from '../../core/types'
import type { RtcService, RtsService } from '../../services/types'
import type { ChatroomSwitch } from '../chatroom-switch'
import type { MediaPermissions, Schedule, ScreenControl } from '../deps'
import type { Trust } from './authority'

/** What the room needs from the rest of the app. */
export interface RoomDeps {
  rts: RtsService
  rtc: RtcService
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
  /** our server and its documents' verifier; null without one (dev tokens: the unsigned path); the room and its guest list trust it */
  trust: Trust | null
  /** the one place that changes chatrooms (entering, leaving, the lobby) */
  chatrooms: Pick<ChatroomSwitch, 'go' | 'toLobby' | 'leaveRoom' | 'undoRejoin'>
}
