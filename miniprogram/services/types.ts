/**
 * The two services the store drives, in the app's own words. Actions return promises and reject
 * with AppError; notifications are subscriptions that return their own unsubscribe. No SDK type
 * appears here: adapters (services/rongcloud, services/demo) translate.
 */
import type { AppError } from '../core/errors'
import type { Unsubscribe } from '../core/listeners'
import type { NativeMediaEvent } from '../core/native-media-event'
import type { ChatMessage, Conversation, Profile, RoomListing } from '../core/types'
import type { Signal } from '../core/wire'

export type { Conversation, NativeMediaEvent, RoomListing, Unsubscribe }

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'kicked' | 'failed'

export interface ConnectionChange {
  state: ConnectionState
  /** why, for 'kicked' (KICKED) and 'failed' (TOKEN_INVALID, SERVICE_NOT_ENABLED, NETWORK, ...) */
  error?: AppError
}

export interface LobbySnapshot {
  /** everyone in the lobby, me included */
  onlineCount: number
  /** the others in the lobby whose profile is known, most recent first */
  users: Profile[]
  /**
   * Set when the service is no longer in the lobby and did not get back in (its chatroom was
   * destroyed after an idle hour): the list is empty, and only enterLobby() brings it back.
   */
  lost?: AppError
  /**
   * The lobby chatroom's KV entries (our server's signed listings, `sig-room-<id>`), read as the
   * lobby is entered: only in enterLobby()'s answer. Later changes come through onLobbyEntries.
   */
  entries?: Record<string, string>
}

/** A room's chatroom as seen on entering it. */
export interface RoomSnapshot {
  /** the 6-digit room number */
  roomId: string
  /** room attributes (chatroom KV); keys in core/wire ROOM_KEYS */
  entries: Record<string, string>
  /**
   * true when the service could not read the entries yet (a slow first KV pull): `entries` is
   * empty or partial, and the rest follow as 'entry' events. The RongCloud service reads them from
   * the server before joining, so only the demo network's slow-pull model sets it.
   */
  entriesPending?: boolean
  memberCount: number
  /** recent public messages, oldest first (RongCloud's join history) */
  history: ChatMessage[]
}

export type RoomEvent =
  | { type: 'message'; message: ChatMessage }
  /** one of our signals, undecoded: the store decodes it (core/wire decodeSignal) and checks the sender */
  | { type: 'signal'; senderId: string; payload: unknown }
  /** a room attribute was set (value) or removed (null: deleted, or its writer left) */
  | { type: 'entry'; key: string; value: string | null }
  | { type: 'members'; count: number }
  /**
   * after a reconnect the service re-entered the room by itself; messages in the snapshot may
   * repeat. Also for a room left while offline (the leave never reached the server): leaveRoom()
   * then leaves it.
   */
  | { type: 'rejoined'; snapshot: RoomSnapshot }
  /** the service is no longer in the room and could not get back in (room gone, removed) */
  | { type: 'lost'; error: AppError }

export interface PrivateHistoryPage {
  /** oldest first */
  messages: ChatMessage[]
  hasMore: boolean
}

export interface PrivateMessageEvent {
  peer: Profile
  message: ChatMessage
}

/**
 * Content safety refused one of MY messages after the network took it: the send resolved (with
 * this id), but nobody received it. RongCloud tells the sender later, and only when 消息拦截回调给发送方
 * is open for the App Key (server/README.md "What the sender's phone sees"); it may arrive before
 * the send resolves. `messageId` is the id the send resolved with (RongCloud's messageUId).
 */
export interface BlockedMessage {
  messageId: string
  /** the room's public chat, or the private conversation with `peerId` */
  where: 'room' | 'private'
  peerId?: string
}

/** Signalling: connection, lobby, room chatroom, private chat (RongCloud IM, or the demo hub). */
export interface RtsService {
  /** Resolves with the profile as the network knows it (RongCloud assigns the id from the token). */
  connect(profile: Profile): Promise<Profile>
  /**
   * While connected: my name and avatar as others see them from now on (lobby, messages I send);
   * the id stays the network's. Resolves with the profile as the network knows it.
   */
  updateProfile(profile: Profile): Promise<Profile>
  disconnect(): Promise<void>
  onConnection(listener: (change: ConnectionChange) => void): Unsubscribe

  /**
   * Enters the lobby (one chatroom at a time: leaves any room chatroom). The store never overlaps
   * chatroom calls (enterLobby, leaveLobby, createRoom, joinRoom, leaveRoom: stores/chatroom-switch.ts);
   * the RongCloud service also carries out overlapping ones in the order they were made.
   */
  enterLobby(): Promise<LobbySnapshot>
  leaveLobby(): Promise<void>
  onLobby(listener: (snapshot: LobbySnapshot) => void): Unsubscribe
  /**
   * The rooms live now, newest first, as far as this service can know them: the demo network
   * lists every room with a host claim; RongCloud without a server of ours has no such list (empty).
   */
  listRooms(): Promise<RoomListing[]>
  /** The list changed (pushed to clients in the lobby). */
  onRooms(listener: (rooms: RoomListing[]) => void): Unsubscribe
  /**
   * The lobby chatroom's KV entries changed (a listing written, renewed, removed, or forced by
   * anyone: nothing here is verified): all of them as this client knows them now.
   */
  onLobbyEntries(listener: (entries: Record<string, string>) => void): Unsubscribe

  /**
   * Enters room `roomId` (creating it) and writes `claim` unless that key is already set by someone
   * else. Resolves null when it is: the number is taken, and the service has left the room again.
   */
  createRoom(roomId: string, claim: { key: string; value: string }): Promise<RoomSnapshot | null>
  /** Enters an existing room: ROOM_NOT_FOUND, ROOM_FULL. */
  joinRoom(roomId: string): Promise<RoomSnapshot>
  leaveRoom(): Promise<void>
  /** Writes a room attribute owned by me (only its writer may overwrite it; removed when I leave). */
  setRoomEntry(key: string, value: string): Promise<void>
  removeRoomEntry(key: string): Promise<void>
  /** Public chat: MUTED, RATE_LIMITED, NOT_CONNECTED. Resolves with the message as sent. */
  sendRoomMessage(text: string): Promise<ChatMessage>
  sendRoomSignal(signal: Signal): Promise<void>
  onRoom(listener: (event: RoomEvent) => void): Unsubscribe

  sendPrivate(peer: Profile, text: string): Promise<ChatMessage>
  getConversations(): Promise<Conversation[]>
  getPrivateHistory(peerId: string, options: { before?: number; count: number }): Promise<PrivateHistoryPage>
  clearUnread(peerId: string): Promise<void>
  onPrivate(listener: (event: PrivateMessageEvent) => void): Unsubscribe
  /** One of my sent messages (room or private) was blocked by content safety and reached nobody. */
  onBlocked(listener: (blocked: BlockedMessage) => void): Unsubscribe
}

/** A stream someone publishes in the RTC room; `id` is the plugin's msid ("<userId>_<tag>"). */
export interface RemoteStream {
  id: string
  userId: string
}

export type NetworkQuality = 'good' | 'fair' | 'poor' | 'unknown'

export type RtcEvent =
  /** the URL live-pusher must push to; '' when not publishing */
  | { type: 'push-url'; url: string }
  | { type: 'stream-added'; stream: RemoteStream }
  | { type: 'stream-removed'; streamId: string }
  /** the URL a live-player plays for a subscribed stream; '' when unsubscribed */
  | { type: 'player-url'; streamId: string; url: string }
  | { type: 'network-quality'; quality: NetworkQuality }
  /** removed from the RTC room by the server; the service has already tried to get back in */
  | { type: 'kicked'; error: AppError }

/** Media: the RTC room with the room's number (RongCloud RTC plugin, or the demo hub). */
export interface RtcService {
  /** ROOM_FULL past 16 people; resolves with the streams already published. */
  join(roomId: string): Promise<{ streams: RemoteStream[] }>
  leave(): Promise<void>
  /** Publishes the camera; resolves with the push URL (also sent as a push-url event). */
  publish(): Promise<string>
  unpublish(): Promise<void>
  /** Resolves with the play URL (also sent as a player-url event). */
  subscribe(streamId: string): Promise<string>
  unsubscribe(streamId: string): Promise<void>
  switchCamera(): Promise<void>
  setMic(on: boolean): Promise<void>
  setCamera(on: boolean): Promise<void>
  /** Native live-pusher / live-player events (core/native-media-event.ts), for the SDK's reports (network quality, volume). */
  handleNativeEvent(event: NativeMediaEvent): void
  onEvent(listener: (event: RtcEvent) => void): Unsubscribe
}

export interface Services {
  rts: RtsService
  rtc: RtcService
  /** our server, when one is configured (and always on the demo network) */
  backend?: BackendService
}

/** Name and avatar as a person chose them; the server assigns the id. */
export interface ProfileInput {
  name: string
  avatar?: string
}

/** Signed in with our server. */
export interface BackendLogin {
  /** stable for one WeChat user, opaque; also the RongCloud user id */
  userId: string
  /** the RongCloud token for this user */
  token: string
  /** the bearer credential for our server (expires; the service renews it by itself) */
  session: string
  /** the profile as the server accepted it (name cleaned) */
  profile: Profile
}

/** The signed documents of one room as the server knows them now (strings: core/signed-docs.ts opens them). */
export interface BackendRoom {
  roomId: string
  /** null while the server cannot tell who hosts it (its documents were deleted; the host's next heartbeat restores them) */
  hostClaim: string | null
  muteList: string
  guestList: string | null
}

/** An avatar image the server took (POST /v1/avatar). */
export interface AvatarUpload {
  /** the URL a profile may carry: this server's /v1/avatars/<file> */
  avatar: string
  /**
   * 'approved': the URL serves the image; 'pending': WeChat's media check has not answered yet and
   * the URL answers 404 (others would see nothing) until it passes
   */
  status: 'approved' | 'pending'
}

/**
 * Our own server (services/rongcloud/backend, wx.request; the demo network's in-memory one): login and
 * room authority. Documents travel as signed strings; nothing here trusts them, the caller verifies
 * them (core/signed-docs.ts). Errors are AppError: the server's code when it is one of the app's
 * (ROOM_TAKEN, NOT_ALLOWED, ROOM_NOT_FOUND, ROOM_FULL, RATE_LIMITED, TOKEN_INVALID, INVALID_TITLE,
 * CONTENT_REJECTED, INVALID_ROOM_NUMBER, ...), NETWORK for transport failures and anything else.
 */
export interface BackendService {
  /**
   * Signs in (a fresh wx.login code each time; a stored session of the same person and profile is
   * reused until it expires unless `fresh`). `fresh`: the RongCloud token was refused, get new ones.
   */
  login(profile: ProfileInput, options?: { fresh?: boolean }): Promise<BackendLogin>
  updateProfile(profile: ProfileInput): Promise<Profile>
  /** ROOM_TAKEN when the proposed number is live; without `roomId` the server picks one. */
  createRoom(options?: { roomId?: string; title?: string }): Promise<{ roomId: string; hostClaim: string }>
  /** Host only, every 30 s with the last claim (and guest list) held; ROOM_NOT_FOUND: the room is over. */
  heartbeat(roomId: string, documents: { hostClaim: string; guestList?: string }): Promise<{ hostClaim: string }>
  /** Host only; a room that is already over resolves too. */
  endRoom(roomId: string): Promise<void>
  /** Signed listings of the rooms live now, newest first. */
  listRooms(): Promise<string[]>
  getRoom(roomId: string): Promise<BackendRoom>
  /** Host only. */
  mute(roomId: string, userId: string): Promise<{ muteList: string }>
  unmute(roomId: string, userId: string): Promise<{ muteList: string }>
  /** Host only; ROOM_FULL past 3 guests. */
  addGuest(roomId: string, userId: string): Promise<{ guestList: string }>
  /** The host, or that guest stepping down. */
  removeGuest(roomId: string, userId: string): Promise<{ guestList: string }>
  /** The server's clock as this phone estimates it (ms since epoch): what documents' `exp` is compared with. */
  now(): number
  /**
   * Uploads an avatar: a local image file (jpeg or png, at most 1 MB; wx.uploadFile), `onProgress`
   * 0-100. CONTENT_REJECTED: this very image was refused by WeChat's check before; NOT_ALLOWED: the
   * server refused the file (type, size, sides), with its words. Never retried by itself.
   */
  uploadAvatar(filePath: string, onProgress?: (percent: number) => void): Promise<AvatarUpload>
  /** Whether an uploaded avatar passed WeChat's check (its URL serves the image): false while pending or refused. */
  avatarReady(avatar: string): Promise<boolean>
  /**
   * The room's mini-program code (scene `r=<roomId>`, opening pages/room/room) as a local image file
   * of this run (wx.downloadFile with the session). ROOM_NOT_FOUND unless the room is live;
   * SERVICE_NOT_ENABLED where there is no code to have (the demo network).
   */
  roomQrCode(roomId: string): Promise<string>
}
