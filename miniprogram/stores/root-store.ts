import { AppError } from '../core/errors'
import type { Unsubscribe } from '../core/listeners'
import type { Profile } from '../core/types'
import type { RtcService, RtsService } from '../services/types'
import { ChatStore } from './chat-store'
import { ChatroomSwitch } from './chatroom-switch'
import { defaultSchedule, grantedPermissions, noScreen, type MediaPermissions, type Schedule, type ScreenControl, type StoreDeps } from './deps'
import { InviteCodes } from './invite'
import { LobbyStore } from './lobby-store'
import { ProfileEditor } from './profile-editor'
import { trustOf, type Trust } from './room/authority'
import { RoomStore } from './room/room-store'
import { SessionStore } from './session-store'
import type { Store } from './types'

/**
 * Holds the four parts of the store, gives each only what it needs (its own Deps interface), and
 * routes the services' events to them. The parts know nothing of each other or of this class.
 */
export class RootStore implements Store {
  readonly rts: RtsService
  readonly rtc: RtcService
  readonly permissions: MediaPermissions
  readonly screen: ScreenControl
  readonly random: () => number
  readonly now: () => number
  readonly schedule: Schedule
  /** our server and its documents' verifier (docs/ARCHITECTURE.md "Trust"); null without one */
  readonly trust: Trust | null

  readonly session: SessionStore
  readonly lobby: LobbyStore
  readonly room: RoomStore
  readonly chat: ChatStore
  /** extra: my nickname and avatar through the backend */
  readonly profile: ProfileEditor
  /** extra: the room's mini-program code */
  readonly invite: InviteCodes
  /** the one place that changes chatrooms: the lobby, a room, none */
  readonly chatrooms: ChatroomSwitch

  private readonly subscriptions: Unsubscribe[]

  constructor(deps: StoreDeps) {
    const rts = (this.rts = deps.rts)
    const rtc = (this.rtc = deps.rtc)
    this.permissions = deps.permissions ?? grantedPermissions
    this.screen = deps.screen ?? noScreen
    this.random = deps.random ?? Math.random
    this.now = deps.now ?? Date.now
    this.schedule = deps.schedule ?? defaultSchedule
    const trust = (this.trust = trustOf(deps.backend, deps.documents))

    const me = (): Profile | null => this.session.me
    this.session = new SessionStore({
      rts,
      signedIn: () => this.afterSignIn(),
      signingOut: async () => {
        this.profile.stop()
        await this.room.leaveForSignOut()
        this.chat.close()
      },
      signedOut: () => this.lobby.reset(),
    })
    this.profile = new ProfileEditor({
      backend: deps.backend,
      images: deps.avatarImages,
      memory: deps.profileMemory,
      me,
      requireConnected: () => this.requireConnected(),
      publish: (next) => this.session.publish(next),
      schedule: this.schedule,
      now: this.now,
    })
    const inLobby = () => this.chatrooms.wanted === 'lobby' && this.session.connection === 'connected'
    this.lobby = new LobbyStore({ rts, myId: () => me()?.id, trust, schedule: this.schedule, inLobby })
    this.chatrooms = new ChatroomSwitch({
      rts,
      rtc,
      connected: () => this.session.connection === 'connected',
      enterLobby: () => this.lobby.enter(),
      schedule: this.schedule,
    })
    this.room = new RoomStore({
      rts,
      rtc,
      permissions: this.permissions,
      screen: this.screen,
      random: this.random,
      now: this.now,
      schedule: this.schedule,
      me,
      requireMe: () => this.requireMe(),
      requireConnected: () => this.requireConnected(),
      connected: () => this.session.connection === 'connected',
      chatrooms: this.chatrooms,
      trust,
    })
    this.invite = new InviteCodes({ backend: deps.backend, room: () => ({ id: this.room.id, status: this.room.status }) })
    this.chat = new ChatStore({
      rts,
      me,
      role: () => this.room.role,
      requireConnected: () => this.requireConnected(),
      conversations: this.lobby,
    })

    this.subscriptions = [
      rts.onConnection((change) => {
        // verifying's one-time cost is paid while the connection is being made, not by the first lobby
        if (change.state === 'connecting' && trust) this.schedule(() => trust.documents.warmUp(), 0)
        const wasReconnecting = this.session.connection === 'reconnecting'
        this.session.setConnection(change)
        this.room.onConnection(change)
        if (change.state === 'kicked') this.lobby.reset()
        if (change.state === 'connected' && wasReconnecting) this.afterReconnect()
      }),
      rts.onLobby((snapshot) => {
        this.lobby.apply(snapshot)
        // the service is out of the lobby chatroom (destroyed after an idle hour) and gave up on it
        if (snapshot.lost) void this.chatrooms.restore()
      }),
      rts.onRooms((rooms) => this.lobby.setRooms(rooms)),
      rts.onLobbyEntries((entries) => this.lobby.setLobbyEntries(entries)),
      rts.onRoom((event) => this.room.onRoomEvent(event)),
      rts.onPrivate((event) => {
        const shown = this.chat.receive(event)
        this.lobby.record(event, shown)
      }),
      rts.onBlocked((blocked) => {
        if (blocked.where === 'room') this.room.markBlocked(blocked.messageId)
        else if (blocked.peerId) {
          this.chat.markBlocked(blocked.peerId, blocked.messageId)
          this.lobby.markBlocked(blocked.peerId, blocked.messageId)
        }
      }),
      rtc.onEvent((event) => this.room.onRtcEvent(event)),
    ]
  }

  requireConnected(): void {
    if (this.session.connection !== 'connected') {
      throw new AppError(this.session.connection === 'kicked' ? 'KICKED' : 'NOT_CONNECTED')
    }
  }

  requireMe(): Profile {
    const me = this.session.me
    if (!me) throw new AppError('NOT_CONNECTED')
    return me
  }

  /** Releases the subscriptions to the services and stops the store's timers (tests; the app keeps one store for its life). */
  dispose(): void {
    for (const unsubscribe of this.subscriptions.splice(0)) unsubscribe()
    this.chatrooms.dispose()
    this.room.dispose()
    this.lobby.dispose()
  }

  /** After the first connect: into the lobby (a failure shows as an empty list and is retried), and the conversation list. */
  private afterSignIn(): void {
    void this.chatrooms.toLobby()
    this.lobby.loadConversations().catch(() => undefined)
  }

  private afterReconnect(): void {
    // the service re-enters a room by itself and says so with 'rejoined'; the lobby we re-read
    void this.chatrooms.restore()
    this.lobby.loadConversations().catch(() => undefined)
  }
}
