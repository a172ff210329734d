/**
 * The room I am in, as the pages see it (stores/types.ts RoomState): its people, its public chat,
 * its media, and the role rules for all of it. A facade over the room's parts: entering and
 * leaving (entering.ts), incoming events (room-events.ts, a pure reducer), with our server the
 * signed documents (authority.ts), the public chat list (public-chat.ts), the mute list
 * (moderation.ts), the media (media-controller.ts), the likes (likes.ts) and co-guests (co-guests.ts).
 */
import { makeAutoObservable, observable } from 'mobx-miniprogram'
import { AppError } from '../../core/errors'
import { Generation } from '../../core/generation'
import type { NativeMediaEvent } from '../../core/native-media-event'
import { assertCan, roomPermissions, type Role } from '../../core/roles'
import { titleIn } from '../../core/room-protocol'
import { validateMessageText } from '../../core/text'
import type { ChatMessage, Profile } from '../../core/types'
import type { ConnectionChange, RoomEvent, RoomSnapshot, RtcEvent } from '../../services/types'
import type { MediaState, RoomPermissions, RoomState, RoomStatus } from '../types'
import { RoomAuthority, trustMode, type RoomDocuments, type TrustMode } from './authority'
import { RoomEntering, type RoomStage } from './entering'
import { RoomLikes } from './likes'
import { canSendIn, sendHintFor } from './chat-rules'
import { CoGuests, type MicRequestState } from './co-guests'
import { MediaController, idleMedia } from './media-controller'
import { changeMute } from './moderation'
import { PublicChat } from './public-chat'
import { END_REASONS, reduceConnection, reduceRoomEvent, snapshotChange, type RoomChange } from './room-events'
import type { RoomDeps } from './room-deps'

export { END_REASONS } from './room-events'
export type { RoomDeps } from './room-deps'

export class RoomStore implements RoomState, RoomStage {
  id: string | null = null
  role: Role = 'user'
  host: Profile | null = null
  status: RoomStatus = 'idle'
  endReason?: string = undefined
  memberCount = 0
  messages: ChatMessage[] = []
  muted: string[] = []
  title?: string = undefined
  media: MediaState = idleMedia()
  /** extra: whether the ended room was mine (the ended screen words it differently) */
  wasHost = false
  private memberMap: Record<string, Profile> = {}
  private readonly chat: PublicChat
  private readonly entering: RoomEntering
  private readonly mediaController: MediaController
  /** this visit of a room: a result that arrives after leaving it is stale (entering.ts moves it on) */
  private readonly visit = new Generation()
  private readonly likeTally: RoomLikes
  private readonly coGuests: CoGuests
  /** with our server: the room's signed documents (who hosts it, who is muted; the guest list's claim) */
  private readonly authority: RoomAuthority | null

  constructor(private readonly deps: RoomDeps) {
    const reasons = { expired: END_REASONS.hostLeft, notRenewed: END_REASONS.notRenewed }
    this.authority = deps.trust && new RoomAuthority({ trust: deps.trust, schedule: deps.schedule, apply: (change) => this.apply(change), reasons })
    this.mediaController = new MediaController({
      ...deps,
      generation: this.visit,
      media: () => this.media,
      role: () => this.role,
      // the host's and the accepted guests' streams, never my own, nobody else's
      mayPlay: ({ userId }) => this.role !== 'user' && userId !== deps.me()?.id && (userId === this.host?.id || this.guests.some((g) => g.id === userId)),
    })
    this.entering = new RoomEntering(deps, this, this.mediaController, this.visit, this.authority)
    this.chat = new PublicChat({ rts: deps.rts, generation: this.visit }, this)
    this.likeTally = new RoomLikes({ ...deps, role: () => this.role, status: () => this.status })
    this.coGuests = new CoGuests({ ...deps, authority: this.authority, generation: this.visit, assertLive: () => this.assertLive(), media: this.mediaController }, this)
    // messages, muted and members are replaced, never changed in place: observing the reference
    // is enough, and a 500-message list is not made deeply observable again for each new message
    const parts = { deps: false, chat: false, entering: false, mediaController: false, visit: false, likeTally: false, coGuests: false, authority: false } as const
    const lists = { messages: observable.ref, muted: observable.ref, memberMap: observable.ref }
    makeAutoObservable<this, keyof typeof parts | 'memberMap'>(this, { ...parts, ...lists }, { autoBind: true })
  }

  get members(): Profile[] {
    const hostId = this.host?.id
    const others = Object.values(this.memberMap).filter((p) => p.id !== hostId)
    return this.host ? [this.host, ...others] : others
  }

  get likes(): number {
    return this.likeTally.total
  }

  // co-guests (co-guests.ts): the list everyone sees, the requests the host answers, mine
  get guests(): Profile[] { return this.coGuests.guests }
  get micRequests(): Profile[] { return this.coGuests.micRequests }
  get myMicRequest(): MicRequestState { return this.coGuests.myMicRequest }

  get can(): RoomPermissions {
    return roomPermissions(this.role)
  }

  /** extra: 'unsigned' without our server (dev tokens): the room's host and mutes rest on entries anyone can force-write */
  get trust(): TrustMode { return trustMode(this.deps.trust) }

  private get iAmMuted(): boolean {
    const me = this.deps.me()
    return !!me && !this.can.mute && this.muted.includes(me.id)
  }

  get canSend(): boolean {
    return canSendIn(this.status, this.can.publicChat, this.iAmMuted)
  }

  get sendHint(): string {
    return sendHintFor(this.status, this.can.publicChat, this.iAmMuted)
  }

  // ---- actions ------------------------------------------------------------------------------

  create(options?: { title?: string }): Promise<string> {
    return this.entering.create(options?.title)
  }

  join(roomNumber: string): Promise<void> {
    return this.entering.join(roomNumber)
  }

  /** Leaves the room, back to the lobby; as host this ends it for everyone. Never leaves a half state behind. */
  leave(): Promise<void> {
    this.coGuests.leavingRoom()
    return this.entering.leave(this.can.endRoom, 'lobby')
  }

  /** extra, for signing out: as leave(), into no chatroom */
  leaveForSignOut(): Promise<void> {
    this.coGuests.leavingRoom()
    return this.entering.leave(this.can.endRoom, 'none')
  }

  async send(text: string): Promise<void> {
    assertCan(this.role, 'publicChat')
    if (this.iAmMuted) throw new AppError('MUTED')
    const body = validateMessageText(text)
    this.assertLive()
    await this.chat.send(body)
  }

  like(): void {
    this.likeTally.like()
  }

  // co-guests (co-guests.ts): audience, host, guest
  requestMic = (): Promise<void> => this.coGuests.requestMic()
  cancelMicRequest = (): Promise<void> => this.coGuests.cancelMicRequest()
  acceptGuest = (userId: string): Promise<void> => this.coGuests.acceptGuest(userId)
  rejectGuest = (userId: string): Promise<void> => this.coGuests.rejectGuest(userId)
  removeGuest = (userId: string): Promise<void> => this.coGuests.removeGuest(userId)
  leaveMic = (): Promise<void> => this.coGuests.leaveMic()

  /** extra: content safety refused my message `messageId` (it reached nobody): it shows 「内容违规，未发送」, now or once the send resolves. */
  markBlocked = (messageId: string): void => this.chat.block(messageId)

  mute(userId: string): Promise<void> {
    return this.changeMute(userId, true)
  }

  unmute(userId: string): Promise<void> {
    return this.changeMute(userId, false)
  }

  switchCamera = (): Promise<void> => this.controlMedia(() => this.mediaController.switchCamera())
  setMic = (on: boolean): Promise<void> => this.controlMedia(() => this.mediaController.setMic(on === true))
  setCamera = (on: boolean): Promise<void> => this.controlMedia(() => this.mediaController.setCamera(on === true))

  handleNativeEvent(event: NativeMediaEvent): void {
    if (this.status !== 'idle') this.mediaController.handleNativeEvent(event)
  }

  async retryMedia(): Promise<void> {
    if (this.status !== 'live') throw new AppError('NOT_ALLOWED', '当前不在直播中')
    await this.mediaController.retry()
  }

  /** extra, for RootStore.dispose: the room's own timers (heartbeat, the claim's expiry) stop for good */
  dispose(): void { this.authority?.reset(null) }

  setAppVisible(visible: boolean): void {
    if (this.status !== 'idle' && this.status !== 'ended') this.mediaController.setAppVisible(visible)
  }

  // ---- incoming -----------------------------------------------------------------------------

  onRoomEvent(event: RoomEvent): void {
    if (this.entering.holdWhileJoining(() => this.onRoomEvent(event), event)) return
    if (this.entering.outsideRoom(event)) return
    const facts = { roomId: this.id, hostId: this.host?.id ?? null, muted: this.muted, members: this.memberMap, guestIds: this.guests.map((g) => g.id), signed: !!this.authority }
    this.apply(reduceRoomEvent(facts, event))
    this.authority?.onRoomEvent(event)
  }

  onRtcEvent(event: RtcEvent): void {
    // e.g. the host's stream published while our join is on its way
    if (this.entering.holdWhileJoining(() => this.onRtcEvent(event))) return
    if (this.status === 'idle' || this.status === 'ended') return
    this.mediaController.onRtcEvent(event)
  }

  onConnection(change: ConnectionChange): void {
    this.apply(reduceConnection(this.status, change))
  }

  // ---- RoomStage: what entering and leaving change -------------------------------------------

  reset(roomId: string | null, status: 'idle' | 'joining'): void {
    this.id = roomId
    this.role = 'user'
    this.host = null
    this.status = status
    this.endReason = undefined
    this.memberCount = 0
    this.chat.reset()
    this.muted = []
    this.title = undefined
    this.likeTally.reset()
    this.memberMap = {}
    this.wasHost = false
    this.media = idleMedia()
    this.coGuests.reset()
  }

  /** co-guests: the accepted become guests, those who step down the audience again */
  setRole(role: 'audience' | 'guest'): void { this.role = role }

  enter(roomId: string, role: 'host' | 'audience', host: Profile, me: Profile, snapshot: RoomSnapshot, documents: RoomDocuments | null): void {
    this.id = roomId
    this.role = role
    this.host = host
    this.title = documents ? documents.title : titleIn(snapshot.entries)
    this.coGuests.begin(documents?.guestList)
    this.apply(snapshotChange(snapshot, host.id, documents?.muted))
    this.memberMap = { ...this.memberMap, [me.id]: me }
    // the connection may have dropped while the join was on its way: the service re-enters the
    // room by itself ('rejoined'), until then nothing can be sent (issue 10 C13)
    this.status = this.deps.connected() ? 'live' : 'reconnecting'
  }

  // ---- internals ----------------------------------------------------------------------------

  private apply(change: RoomChange): void {
    if (change.end !== undefined) {
      this.end(change.end)
      return
    }
    if (change.memberCount !== undefined) this.memberCount = change.memberCount
    if (change.muted) this.muted = change.muted
    if (change.members) this.memberMap = this.coGuests.members(this.memberMap, change.members)
    if (change.coGuest) this.coGuests.handle(change.coGuest)
    if (change.messages) this.chat.add(change.messages)
    if (change.hostPaused !== undefined) this.mediaController.setHostPaused(change.hostPaused)
    if (change.likes) this.likeTally.apply(change.likes)
    if (change.reconnecting) this.status = 'reconnecting'
    if (change.live) {
      const wasReconnecting = this.status === 'reconnecting'
      this.status = 'live'
      if (wasReconnecting) this.mediaController.resume()
    }
  }

  /** Room ends under me: the ended screen shows `reason`; its chatroom is left and the lobby entered in the background. */
  private end(reason: string): void {
    if (this.status === 'idle' || this.status === 'ended') return
    this.wasHost = this.can.endRoom
    this.status = 'ended'
    this.endReason = reason
    this.role = 'user'
    this.mediaController.stop()
    this.media = idleMedia()
    this.coGuests.reset()
    this.entering.leaveAfterEnd()
  }

  private changeMute(userId: string, muted: boolean): Promise<void> {
    const { rts, requireMe } = this.deps
    const moderation = { rts, requireMe, role: () => this.role, assertLive: () => this.assertLive(), muted: () => this.muted }
    const members = { isMember: (id: string) => !!this.memberMap[id], setMuted: (list: string[]) => this.setMuted(list), signed: this.authority ?? undefined }
    return changeMute({ ...moderation, ...members }, userId, muted)
  }

  private setMuted(list: string[]): void {
    this.muted = list
  }

  private async controlMedia(change: () => Promise<void>): Promise<void> {
    assertCan(this.role, 'controlMedia')
    this.assertLive()
    await change()
  }

  private assertLive(): void {
    if (this.status === 'reconnecting') throw new AppError('NOT_CONNECTED')
    if (this.status !== 'live') throw new AppError('NOT_ALLOWED', '当前不在直播中')
  }
}
