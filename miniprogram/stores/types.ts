/**
 * The store contract pages bind to (docs/ARCHITECTURE.md "Store contract"; tests outside this
 * repository use these names). Fields beyond the contract are marked "extra".
 */
import type { AppError } from '../core/errors'
import type { NativeMediaEvent } from '../core/native-media-event'
import type { Role } from '../core/roles'
import type { ChatMessage, Conversation, Profile, RoomListing } from '../core/types'
import type { HostPauseReason } from '../core/wire'
import type { ConnectionState, NetworkQuality } from '../services/types'

export type { Conversation, NativeMediaEvent, RoomListing }

export interface SessionState {
  me: Profile | null
  connection: ConnectionState
  /** extra: why the connection is 'kicked' or 'failed' */
  connectionError: AppError | null
  signIn(profile: Profile): Promise<void>
  signOut(): Promise<void>
  /** extra: signs in as `profile()` unless signed in or on the way; never rejects */
  startSignIn(profile: () => Profile): Promise<void>
  /** extra: resolves once connected; rejects with the reason when kicked or failed */
  whenConnected(): Promise<void>
}

export interface LobbyState {
  onlineCount: number
  /** others, not me */
  users: Profile[]
  conversations: Conversation[]
  unreadTotal: number
  /** rooms live now, newest first (empty on RongCloud without a server of ours) */
  rooms: RoomListing[]
  /** extra: reads the live rooms again (pull to refresh); keeps the list on failure and rejects */
  refreshRooms(): Promise<void>
}

export type RoomStatus = 'idle' | 'joining' | 'live' | 'reconnecting' | 'ended'

export interface PlayerState {
  id: string
  userId: string
  url: string
  /** extra: changes when this live-player must be rebuilt, e.g. after -2301 */
  key: number
}

export interface MediaState {
  pushUrl: string
  players: PlayerState[]
  camera: 'front' | 'back'
  micOn: boolean
  cameraOn: boolean
  /** extra: changes when live-pusher must be rebuilt (wx:key), e.g. after -1307 */
  pusherKey: number
  /** extra */
  networkQuality: NetworkQuality
  /** extra: the host's app is hidden or in a call (audience side) */
  hostPaused: HostPauseReason | null
  /** extra: guests whose app is hidden or in a call, by user id (their tiles say so) */
  pausedGuests: Record<string, HostPauseReason>
  /** extra: a media failure to show with a retry button */
  error: AppError | null
}

export interface RoomPermissions {
  publicChat: boolean
  mute: boolean
  controlMedia: boolean
  endRoom: boolean
  leaveRoom: boolean
  subscribe: boolean
  /** tap the heart */
  like: boolean
  /** ask to go on camera with the host, and take it back (audience) */
  requestMic: boolean
  /** accept / reject requests, remove guests (host) */
  manageGuests: boolean
  /** step down from camera (guest) */
  leaveMic: boolean
}

export interface RoomState {
  id: string | null
  role: Role
  host: Profile | null
  status: RoomStatus
  /** why the room ended, in Chinese, for the ended screen */
  endReason?: string
  memberCount: number
  /** extra: members whose profile is known (room attributes), host first */
  members: Profile[]
  /** newest last, capped at 500 */
  messages: ChatMessage[]
  muted: string[]
  canSend: boolean
  /** extra: why canSend is false, in Chinese ('' when it is true) */
  sendHint: string
  /** extra: what my role allows right now (core/roles), so views need no rules of their own */
  can: RoomPermissions
  /**
   * extra: what the room's host and mute list rest on: documents our server signed ('signed'), its
   * answers alone where this phone cannot verify ('server'), or, without a server (dev tokens),
   * entries any client can force-write ('unsigned', and the room page says so)
   */
  trust: 'signed' | 'server' | 'unsigned'
  media: MediaState
  /** the host's title for the room (from the host's claim, so late joiners see it too) */
  title?: string
  /** the room's likes since it went live, the same on every phone within a few seconds */
  likes: number
  /** co-guests (连麦) on camera now, the host not included, at most 3; the same list on every phone */
  guests: Profile[]
  /** requests waiting for the host's answer, oldest first (the host sees them) */
  micRequests: Profile[]
  /** my own request: 'pending' once sent, 'rejected' after the host said no, until I ask again */
  myMicRequest: 'none' | 'pending' | 'rejected'
  /** the room number; role becomes host. title: trimmed, empty = none, ≤ 30 characters (INVALID_TITLE) */
  create(options?: { title?: string }): Promise<string>
  /** a tap on the heart (audience, guests): taps go out batched, at most one signal a second */
  like(): void
  /** audience: ask the host to go on camera (allowed while the guests are full) / take it back */
  requestMic(): Promise<void>
  cancelMicRequest(): Promise<void>
  /** host: only a userId in micRequests (else NOT_ALLOWED); ROOM_FULL with 3 guests, the request stays */
  acceptGuest(userId: string): Promise<void>
  rejectGuest(userId: string): Promise<void>
  /** host: only a userId in guests (else NOT_ALLOWED) */
  removeGuest(userId: string): Promise<void>
  /** guest: off camera, back to the audience */
  leaveMic(): Promise<void>
  join(roomNumber: string): Promise<void>
  leave(): Promise<void>
  send(text: string): Promise<void>
  mute(userId: string): Promise<void>
  unmute(userId: string): Promise<void>
  switchCamera(): Promise<void>
  setMic(on: boolean): Promise<void>
  setCamera(on: boolean): Promise<void>
  /** extra: native live-pusher / live-player events from the media components */
  handleNativeEvent(event: NativeMediaEvent): void
  /** extra: the retry button of a visible media error */
  retryMedia(): Promise<void>
  /** extra: the app went to the background / came back (page onHide / onShow while in a room) */
  setAppVisible(visible: boolean): void
}

export interface ChatState {
  peer: Profile | null
  /** oldest first */
  messages: ChatMessage[]
  /** extra: older history exists on the server */
  hasMore: boolean
  open(peerId: string): Promise<void>
  send(text: string): Promise<void>
  close(): void
  /** extra: loads the page of history before the oldest message shown */
  loadOlder(): Promise<void>
}

export type AvatarStage = 'idle' | 'preparing' | 'uploading' | 'checking' | 'failed'

/** extra: an avatar on its way (stores/profile-editor.ts) */
export interface AvatarState {
  /** preparing: compressing / checking the file; uploading; checking: uploaded, WeChat's check pending; failed */
  stage: AvatarStage
  /** 0-100 while uploading */
  progress: number
  /** the picked picture on this phone: only my own phone can show it, never sent to anyone */
  localPath: string
  /** why it failed, in Chinese ('' otherwise) */
  error: string
  /** a retry may help (network, timeout); false when another picture is needed */
  canRetry: boolean
}

/** extra: changing my nickname and avatar through the backend (stores/profile-editor.ts) */
export interface ProfileState {
  avatar: AvatarState
  /** my avatar as my own phone shows it (the local picture while it is checked), '' for the letter */
  myAvatar: string
  /** NOT_ALLOWED (empty), CONTENT_REJECTED (refused by the server's check), NOT_CONNECTED; nothing changes on failure */
  changeName(name: string): Promise<void>
  /** uploads the picture chooseAvatar gave; resolves once it is uploaded (its check may go on) */
  changeAvatar(localPath: string): Promise<void>
  retryAvatar(): Promise<void>
}

/** extra: inviting people to the room I am in (stores/invite.ts) */
export interface InviteState {
  /**
   * The room's mini-program code as a local image file. NOT_ALLOWED outside a live room;
   * SERVICE_NOT_ENABLED where there is none (the demo network, no server), with the reason.
   */
  code(): Promise<string>
}

export interface Store {
  session: SessionState
  lobby: LobbyState
  room: RoomState
  chat: ChatState
  /** extra */
  profile: ProfileState
  /** extra */
  invite: InviteState
}
