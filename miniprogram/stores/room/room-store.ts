/**
 * The room I am in, as the pages see it (stores/types.ts RoomState): its people, its public chat,
 * its media, and the role rules for all of it. A facade over the room's parts: entering and
 * leaving (entering.ts), incoming events (room-events.ts, a pure reducer), with our server the
 * signed documents (authority.ts), the mute list (moderation.ts), the media (media-controller.ts)
 * and the likes (likes.ts).
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
import { MessageList } from '../message-list'
import type { MediaState, RoomPermissions, RoomState, RoomStatus } from '../types'
import { RoomAuthority, trustMode, type RoomDocuments, type TrustMode } from './authority'
import { RoomEntering, type RoomStage } from './entering'
import { RoomLikes } from './likes'
import { MediaController, idleMedia } from './media-controller'
import { changeMute } from './moderation'
import { allowedMessages, END_REASONS, reduceConnection, reduceRoomEvent, snapshotChange, type RoomChange } from './room-events'
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
  private list = new MessageList()
  private readonly entering: RoomEntering
  private readonly mediaController: MediaController
  /** this visit of a room: a result that arrives after leaving it is stale (entering.ts moves it on) */
  private readonly visit = new Generation()
  private readonly likeTally: RoomLikes
  /** with our server: the room's signed documents (who hosts it, who is muted) */
  private readonly authority: RoomAuthority | null

  constructor(private readonly deps: RoomDeps) {
    const reasons = { expired: END_REASONS.hostLeft, notRenewed: END_REASONS.notRenewed }
    this.authority = deps.trust && new RoomAuthority({ trust: deps.trust, schedule: deps.schedule, apply: (change) => this.apply(change), reasons })
    this.mediaController = new MediaController({
      ...deps,
      generation: this.visit,
      media: () => this.media,
      role: () => this.role,
      // the recorded host's stream is the only one the audience plays
      isHostStream: (stream) => !!this.host && stream.userId === this.host.id && this.can.subscribe,
    })
    this.entering = new RoomEntering(deps, this, this.mediaController, this.visit, this.authority)
    this.likeTally = new RoomLikes({ ...deps, role: () => this.role, status: () => this.status })
    // messages, muted and members are replaced, never changed in place: observing the reference
    // is enough, and a 500-message list is not made deeply observable again for each new message
    const parts = { deps: false, list: false, entering: false, mediaController: false, visit: false, likeTally: false, authority: false } as const
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

  get can(): RoomPermissions {
    return roomPermissions(this.role)
  }

  /** extra: 'unsigned' without our server (dev tokens): the room's host and mutes rest on entries anyone can force-write */
  get trust(): TrustMode {
    return trustMode(this.deps.trust)
  }

  private get iAmMuted(): boolean {
    const me = this.deps.me()
    return !!me && !this.can.mute && this.muted.includes(me.id)
  }

  get canSend(): boolean {
    return this.status === 'live' && this.can.publicChat && !this.iAmMuted
  }

  get sendHint(): string {
    if (this.canSend) return ''
    if (this.status === 'reconnecting') return '网络重连中…'
    if (this.status !== 'live') return ''
    if (this.iAmMuted) return '你已被主播禁言'
    return this.can.publicChat ? '' : '当前身份不能发言'
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
    return this.entering.leave(this.can.endRoom, 'lobby')
  }

  /** extra, for signing out: as leave(), into no chatroom */
  leaveForSignOut(): Promise<void> {
    return this.entering.leave(this.can.endRoom, 'none')
  }

  async send(text: string): Promise<void> {
    assertCan(this.role, 'publicChat')
    if (this.iAmMuted) throw new AppError('MUTED')
    const body = validateMessageText(text)
    this.assertLive()
    const visit = this.visit.current
    const message = await this.deps.rts.sendRoomMessage(body)
    // sent into the room I was in; after leaving it, it is not shown in the next one (issue 10 C17)
    if (this.visit.isCurrent(visit)) this.addMessages(allowedMessages([message], this.host?.id ?? null, this.muted))
  }

  like(): void {
    this.likeTally.like()
  }

  mute(userId: string): Promise<void> {
    return this.changeMute(userId, true)
  }

  unmute(userId: string): Promise<void> {
    return this.changeMute(userId, false)
  }

  switchCamera(): Promise<void> {
    return this.controlMedia(() => this.mediaController.switchCamera())
  }

  setMic(on: boolean): Promise<void> {
    return this.controlMedia(() => this.mediaController.setMic(on === true))
  }

  setCamera(on: boolean): Promise<void> {
    return this.controlMedia(() => this.mediaController.setCamera(on === true))
  }

  handleNativeEvent(event: NativeMediaEvent): void {
    if (this.status !== 'idle') this.mediaController.handleNativeEvent(event)
  }

  async retryMedia(): Promise<void> {
    if (this.status !== 'live') throw new AppError('NOT_ALLOWED', '当前不在直播中')
    await this.mediaController.retry()
  }

  /** extra, for RootStore.dispose: the room's own timers (heartbeat, the claim's expiry) stop for good */
  dispose(): void {
    this.authority?.reset(null)
  }

  setAppVisible(visible: boolean): void {
    if (this.status !== 'idle' && this.status !== 'ended') this.mediaController.setAppVisible(visible)
  }

  // ---- incoming -----------------------------------------------------------------------------

  onRoomEvent(event: RoomEvent): void {
    if (this.entering.holdWhileJoining(() => this.onRoomEvent(event), event)) return
    if (this.entering.outsideRoom(event)) return
    const facts = { roomId: this.id, hostId: this.host?.id ?? null, muted: this.muted, members: this.memberMap, signed: !!this.authority }
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
    this.messages = []
    this.muted = []
    this.title = undefined
    this.likeTally.reset()
    this.memberMap = {}
    this.wasHost = false
    this.list = new MessageList()
    this.media = idleMedia()
  }

  enter(roomId: string, role: 'host' | 'audience', host: Profile, me: Profile, snapshot: RoomSnapshot, documents: RoomDocuments | null): void {
    this.id = roomId
    this.role = role
    this.host = host
    this.title = documents ? documents.title : titleIn(snapshot.entries)
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
    if (change.members) this.memberMap = change.members
    if (change.messages) this.addMessages(change.messages)
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
    this.entering.leaveAfterEnd()
  }

  private addMessages(incoming: readonly ChatMessage[]): void {
    const next = this.list.merge(this.messages, incoming)
    if (next) this.messages = next
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
