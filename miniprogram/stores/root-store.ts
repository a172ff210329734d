import { AppError } from '../core/errors'
import type { Profile } from '../core/types'
import type { RtcService, RtsService, Unsubscribe } from '../services/types'
import { ChatStore } from './chat-store'
import { grantedPermissions, noScreen, timeoutSchedule, type MediaPermissions, type Schedule, type ScreenControl, type StoreDeps } from './deps'
import { LobbyStore } from './lobby-store'
import { RoomStore } from './room-store'
import { SessionStore } from './session-store'
import type { Store } from './types'

/** Holds the four parts of the store and routes the services' events to them. */
export class RootStore implements Store {
  readonly rts: RtsService
  readonly rtc: RtcService
  readonly permissions: MediaPermissions
  readonly screen: ScreenControl
  readonly random: () => number
  readonly now: () => number
  readonly schedule: Schedule

  readonly session: SessionStore
  readonly lobby: LobbyStore
  readonly room: RoomStore
  readonly chat: ChatStore

  private readonly subscriptions: Unsubscribe[]

  constructor(deps: StoreDeps) {
    this.rts = deps.rts
    this.rtc = deps.rtc
    this.permissions = deps.permissions ?? grantedPermissions
    this.screen = deps.screen ?? noScreen
    this.random = deps.random ?? Math.random
    this.now = deps.now ?? Date.now
    this.schedule = deps.schedule ?? timeoutSchedule

    this.session = new SessionStore(this)
    this.lobby = new LobbyStore(this)
    this.room = new RoomStore(this)
    this.chat = new ChatStore(this)

    this.subscriptions = [
      this.rts.onConnection((change) => {
        const wasReconnecting = this.session.connection === 'reconnecting'
        this.session.setConnection(change)
        this.room.onConnection(change)
        if (change.state === 'kicked') this.lobby.reset()
        if (change.state === 'connected' && wasReconnecting) this.afterReconnect()
      }),
      this.rts.onLobby((snapshot) => this.lobby.apply(snapshot)),
      this.rts.onRooms((rooms) => this.lobby.setRooms(rooms)),
      this.rts.onRoom((event) => this.room.onRoomEvent(event)),
      this.rts.onPrivate((event) => {
        const shown = this.chat.receive(event)
        this.lobby.record(event, shown)
      }),
      this.rtc.onEvent((event) => this.room.onRtcEvent(event)),
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

  /** After the first connect: into the lobby, and the conversation list. */
  afterSignIn(): void {
    this.enterLobbyQuietly()
    this.lobby.loadConversations().catch(() => undefined)
  }

  /** Back in the lobby; a failure leaves the lobby list empty, the banner shows the connection. */
  enterLobbyQuietly(): Promise<void> {
    if (this.room.status !== 'idle' || this.session.connection !== 'connected') return Promise.resolve()
    return this.lobby.enter().catch(() => undefined)
  }

  /** Releases the subscriptions to the services (tests; the app keeps one store for its life). */
  dispose(): void {
    for (const unsubscribe of this.subscriptions.splice(0)) unsubscribe()
  }

  private afterReconnect(): void {
    // the service re-enters a room by itself and says so with 'rejoined'; the lobby we re-read
    this.enterLobbyQuietly()
    this.lobby.loadConversations().catch(() => undefined)
  }
}
