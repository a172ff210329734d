/**
 * One app instance on the demo network: its connection state and the listener lists its RtsService
 * and RtcService expose. The hub pushes into these; the services only read and subscribe.
 */
import type { AppError } from '../../core/errors'
import type { Profile } from '../../core/types'
import type { BlockedMessage, ConnectionChange, ConnectionState, LobbySnapshot, PrivateMessageEvent, RoomEvent, RoomListing, RtcEvent } from '../types'
import { Emitter, type ListenerCounter } from './emitter'

export class DemoClient {
  state: ConnectionState = 'idle'
  /** The chatroom the client's SDK believes it is in, kept across a drop so restore can re-enter it. */
  rememberedChatroom: string | null = null
  /**
   * The room chatroom this client's SDK is in, as the client knows it: set when a create or join
   * resolves, cleared when it asks to leave, enters the lobby or is told the room is gone. Room
   * calls name it, as RongCloud's quitChatRoom / sendMessage / setChatRoomEntry name their chatroom.
   */
  roomChatroom: string | null = null
  /** The SDK's local copy of that chatroom's entries (filled by pulls; see entry-sync.ts). */
  entryCache = new Map<string, string>()
  /**
   * The RTC plugin's own idea of its room (its `_crtRoom`): set when a join starts, before it
   * resolves; any join meanwhile is answered 50002 (see rtc-client.ts).
   */
  rtcJoin: 'none' | 'joining' | 'joined' = 'none'
  readonly connection: Emitter<ConnectionChange>
  readonly lobby: Emitter<LobbySnapshot>
  readonly rooms: Emitter<RoomListing[]>
  /** the lobby chatroom's entries, all of them, after each change (RtsService.onLobbyEntries) */
  readonly lobbyEntries: Emitter<Record<string, string>>
  readonly room: Emitter<RoomEvent>
  readonly privateMessages: Emitter<PrivateMessageEvent>
  readonly rtc: Emitter<RtcEvent>
  /** my sent messages that content safety refused (Server.refuses) */
  readonly blocked: Emitter<BlockedMessage>

  /** `account` is what the token stands for: RongCloud takes the user id from the token, not from the app. */
  constructor(
    readonly account: Profile,
    counter: ListenerCounter,
  ) {
    this.connection = new Emitter(counter)
    this.lobby = new Emitter(counter)
    this.rooms = new Emitter(counter)
    this.lobbyEntries = new Emitter(counter)
    this.room = new Emitter(counter)
    this.privateMessages = new Emitter(counter)
    this.rtc = new Emitter(counter)
    this.blocked = new Emitter(counter)
  }

  get userId(): string {
    return this.account.id
  }

  setState(state: ConnectionState, error?: AppError): void {
    this.state = state
    this.connection.emit(error ? { state, error } : { state })
  }
}
