import { makeAutoObservable, observable } from 'mobx-miniprogram'
import { AppError, toAppError } from '../core/errors'
import { assertCan, can, type Role } from '../core/roles'
import { generateRoomNumber, parseRoomNumber } from '../core/room-number'
import { validateMessageText } from '../core/text'
import type { ChatMessage, Profile } from '../core/types'
import {
  decodeMuteList,
  decodeProfile,
  decodeSignal,
  encodeHostClaim,
  encodeMuteList,
  encodeProfile,
  HOST_ONLY_SIGNALS,
  MAX_WIRE_CHARS,
  memberKey,
  ROOM_KEYS,
  type Signal,
} from '../core/wire'
import type { ConnectionChange, NativeMediaEvent, RemoteStream, RoomEvent, RoomSnapshot, RtcEvent } from '../services/types'
import { MediaController, idleMedia } from './media-controller'
import { MessageList } from './message-list'
import { resolveHost } from './room-host'
import type { RootStore } from './root-store'
import type { MediaState, RoomPermissions, RoomState, RoomStatus } from './types'

/** Random numbers tried before giving up when every one is taken. */
const CLAIM_ATTEMPTS = 5
/** More than a full room says in the time an RTC join takes. */
const HELD_EVENTS_CAP = 200

export const END_REASONS = {
  hostEnded: '主播已结束直播',
  hostLeft: '主播已离开，直播结束',
} as const

/** The room I am in: its people, its public chat, its media; the role rules for all of it. */
export class RoomStore implements RoomState {
  id: string | null = null
  role: Role = 'user'
  host: Profile | null = null
  status: RoomStatus = 'idle'
  endReason?: string = undefined
  memberCount = 0
  messages: ChatMessage[] = []
  muted: string[] = []
  media: MediaState = idleMedia()
  /** extra: whether the ended room was mine (the ended screen words it differently) */
  wasHost = false
  private memberMap: Record<string, Profile> = {}
  private list = new MessageList()
  /** bumps on every enter / leave, so results of an abandoned attempt are thrown away */
  private visit = 0
  /** room and RTC events that arrived while joining, replayed once the room is entered */
  private heldEvents: (() => void)[] = []
  private readonly mediaController: MediaController

  constructor(private readonly root: RootStore) {
    this.mediaController = new MediaController(root, this)
    // messages, muted and members are replaced, never changed in place: observing the reference
    // is enough, and a 500-message list is not made deeply observable again for each new message
    makeAutoObservable<this, 'root' | 'list' | 'visit' | 'heldEvents' | 'mediaController' | 'memberMap'>(
      this,
      {
        root: false,
        list: false,
        visit: false,
        heldEvents: false,
        mediaController: false,
        messages: observable.ref,
        muted: observable.ref,
        memberMap: observable.ref,
      },
      { autoBind: true },
    )
  }

  get members(): Profile[] {
    const hostId = this.host?.id
    const others = Object.values(this.memberMap).filter((p) => p.id !== hostId)
    return this.host ? [this.host, ...others] : others
  }

  get can(): RoomPermissions {
    const role = this.role
    return {
      publicChat: can(role, 'publicChat'),
      mute: can(role, 'mute'),
      controlMedia: can(role, 'controlMedia'),
      endRoom: can(role, 'endRoom'),
      leaveRoom: can(role, 'leaveRoom'),
      subscribe: can(role, 'subscribe'),
    }
  }

  private get iAmMuted(): boolean {
    const me = this.root.session.me
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

  async create(): Promise<string> {
    assertCan(this.role, 'createRoom')
    this.assertNotBusy()
    this.root.requireConnected()
    await this.root.permissions.ensureCameraAndMic().catch((e: unknown) => {
      throw toAppError(e, 'PERMISSION_DENIED')
    })
    this.assertNotBusy() // the permission dialog took a while; nothing else may have started
    const me = this.root.requireMe()
    const visit = this.begin(null)
    try {
      for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
        const roomId = generateRoomNumber(this.root.random)
        const claim = { key: ROOM_KEYS.host, value: encodeHostClaim({ host: me, since: this.root.now() }) }
        // chatroom and RTC steps side by side: the claim and the publish each cost two round trips
        const [chat, media] = await Promise.allSettled([
          this.root.rts.createRoom(roomId, claim),
          this.root.rtc.join(roomId).then(() => this.root.rtc.publish()),
        ])
        if (chat.status === 'fulfilled' && chat.value && media.status === 'fulfilled' && visit === this.visit) {
          this.enterAsHost(roomId, me, chat.value, media.value)
          return roomId
        }
        await this.undoEnter(chat.status === 'fulfilled' && chat.value !== null)
        if (visit !== this.visit) throw new AppError('NOT_ALLOWED', '已取消开播')
        if (chat.status === 'rejected') throw toAppError(chat.reason)
        if (media.status === 'rejected') throw toAppError(media.reason)
        // chat.value === null: someone holds this number, draw another
      }
      throw new AppError('NETWORK', '暂时无法分配房间号，请稍后再试')
    } catch (e) {
      this.abandon(visit)
      throw toAppError(e)
    }
  }

  async join(roomNumber: string): Promise<void> {
    assertCan(this.role, 'joinRoom')
    const roomId = parseRoomNumber(roomNumber)
    this.assertNotBusy()
    this.root.requireConnected()
    const me = this.root.requireMe()
    const visit = this.begin(roomId)
    try {
      const [chat, media] = await Promise.allSettled([this.root.rts.joinRoom(roomId), this.root.rtc.join(roomId)])
      const host = chat.status === 'fulfilled' ? resolveHost(chat.value.entries) : null
      if (chat.status === 'fulfilled' && host && host.id !== me.id && media.status === 'fulfilled' && visit === this.visit) {
        this.enterAsAudience(roomId, me, host, chat.value)
        const hostStream = media.value.streams.find((s) => s.userId === host.id)
        if (hostStream) await this.mediaController.play(hostStream)
        return
      }
      await this.undoEnter(chat.status === 'fulfilled')
      if (visit !== this.visit) throw new AppError('NOT_ALLOWED', '已取消进入房间')
      if (chat.status === 'rejected') throw toAppError(chat.reason)
      if (!host || host.id === me.id) throw new AppError('ROOM_NOT_FOUND')
      throw toAppError(media.status === 'rejected' ? media.reason : undefined)
    } catch (e) {
      this.abandon(visit)
      throw toAppError(e)
    }
  }

  /** Leaves the room; as host this ends it for everyone. Never leaves a half state behind. */
  async leave(): Promise<void> {
    if (this.status === 'idle') return
    const wasLive = this.status !== 'ended'
    const endsRoom = wasLive && this.can.endRoom
    this.resetToIdle()
    if (wasLive) {
      const chat = endsRoom
        ? this.root.rts
            .sendRoomSignal({ type: 'room-ended' })
            .catch(() => undefined) // the host entry vanishing tells everyone too
            .then(() => this.root.rts.leaveRoom())
        : this.root.rts.leaveRoom()
      await Promise.allSettled([chat, this.root.rtc.leave()])
    }
    await this.root.enterLobbyQuietly()
  }

  async send(text: string): Promise<void> {
    assertCan(this.role, 'publicChat')
    if (this.iAmMuted) throw new AppError('MUTED')
    const body = validateMessageText(text)
    this.assertLive()
    const message = await this.root.rts.sendRoomMessage(body)
    this.addMessages([message])
  }

  async mute(userId: string): Promise<void> {
    await this.setMuted(userId, true)
  }

  async unmute(userId: string): Promise<void> {
    await this.setMuted(userId, false)
  }

  async switchCamera(): Promise<void> {
    assertCan(this.role, 'controlMedia')
    this.assertLive()
    await this.mediaController.switchCamera()
  }

  async setMic(on: boolean): Promise<void> {
    assertCan(this.role, 'controlMedia')
    this.assertLive()
    await this.mediaController.setMic(on === true)
  }

  async setCamera(on: boolean): Promise<void> {
    assertCan(this.role, 'controlMedia')
    this.assertLive()
    await this.mediaController.setCamera(on === true)
  }

  handleMediaEvent(event: NativeMediaEvent): void {
    if (this.status === 'idle') return
    this.mediaController.handleNative(event)
  }

  async retryMedia(): Promise<void> {
    if (this.status !== 'live') throw new AppError('NOT_ALLOWED', '当前不在直播中')
    await this.mediaController.retry()
  }

  setAppVisible(visible: boolean): void {
    if (this.status === 'idle' || this.status === 'ended') return
    this.mediaController.setAppVisible(visible)
  }

  // ---- incoming -----------------------------------------------------------------------------

  onRoomEvent(event: RoomEvent): void {
    if (this.status === 'joining') {
      // the chatroom is entered before the RTC step finishes: keep what arrives meanwhile
      this.hold(() => this.onRoomEvent(event))
      return
    }
    if (this.status === 'idle' || this.status === 'ended') return
    switch (event.type) {
      case 'message':
        this.addMessages([event.message])
        return
      case 'signal':
        this.onSignal(event.senderId, decodeSignal(event.payload))
        return
      case 'entry':
        this.onEntry(event.key, event.value)
        return
      case 'members':
        if (Number.isInteger(event.count) && event.count >= 0) this.memberCount = event.count
        return
      case 'rejoined':
        this.onRejoined(event.snapshot)
        return
      case 'lost':
        this.end(event.error.message)
        return
    }
  }

  onRtcEvent(event: RtcEvent): void {
    if (this.status === 'joining') {
      // e.g. the host's stream published while our join is on its way
      this.hold(() => this.onRtcEvent(event))
      return
    }
    if (this.status === 'idle' || this.status === 'ended') return
    this.mediaController.onRtcEvent(event)
  }

  onConnection(change: ConnectionChange): void {
    if (change.state === 'kicked') {
      if (this.status !== 'idle') this.end((change.error ?? new AppError('KICKED')).message)
      return
    }
    if (change.state === 'reconnecting' && this.status === 'live') this.status = 'reconnecting'
    if (change.state === 'failed' && (this.status === 'live' || this.status === 'reconnecting')) {
      this.end((change.error ?? new AppError('NETWORK')).message)
    }
  }

  /** Whether `stream` is the recorded host's, which is the only one the audience plays. */
  isHostStream(stream: RemoteStream): boolean {
    return !!this.host && stream.userId === this.host.id && this.can.subscribe
  }

  // ---- internals ----------------------------------------------------------------------------

  private onSignal(senderId: string, signal: Signal | null): void {
    if (!signal) return
    // host-only signals count only from the recorded host
    if (HOST_ONLY_SIGNALS.has(signal.type) && (!this.host || senderId !== this.host.id)) return
    switch (signal.type) {
      case 'mute':
        if (!this.muted.includes(signal.userId)) this.muted = [...this.muted, signal.userId]
        return
      case 'unmute':
        if (this.muted.includes(signal.userId)) this.muted = this.muted.filter((id) => id !== signal.userId)
        return
      case 'room-ended':
        this.end(END_REASONS.hostEnded)
        return
      case 'host-paused':
        this.mediaController.setHostPaused(signal.paused ? (signal.reason ?? 'background') : null)
        return
      case 'media-state':
      case 'presence':
        return
    }
  }

  private onEntry(key: string, value: string | null): void {
    if (key === ROOM_KEYS.host) {
      if (value === null) this.end(END_REASONS.hostLeft)
      return
    }
    if (key === ROOM_KEYS.muted) {
      const list = value === null ? [] : decodeMuteList(value)
      if (list) this.muted = list
      return
    }
    if (key.startsWith(ROOM_KEYS.memberPrefix)) {
      const userId = key.slice(ROOM_KEYS.memberPrefix.length)
      const profile = value === null ? null : decodeProfile(value)
      if (value === null) {
        if (this.memberMap[userId]) {
          const next = { ...this.memberMap }
          delete next[userId]
          this.memberMap = next
        }
      } else if (profile && profile.id === userId) {
        this.memberMap = { ...this.memberMap, [userId]: profile }
      }
    }
  }

  private onRejoined(snapshot: RoomSnapshot): void {
    if (snapshot.roomId !== this.id) return
    const host = resolveHost(snapshot.entries)
    if (!host || !this.host || host.id !== this.host.id) {
      this.end(END_REASONS.hostLeft)
      return
    }
    this.applySnapshot(snapshot)
    this.status = 'live'
  }

  private applySnapshot(snapshot: RoomSnapshot): void {
    this.memberCount = snapshot.memberCount
    this.muted = decodeMuteList(snapshot.entries[ROOM_KEYS.muted]) ?? []
    const members: Record<string, Profile> = {}
    for (const [key, value] of Object.entries(snapshot.entries)) {
      if (!key.startsWith(ROOM_KEYS.memberPrefix)) continue
      const profile = decodeProfile(value)
      if (profile && key === memberKey(profile.id)) members[profile.id] = profile
    }
    this.memberMap = members
    this.addMessages(snapshot.history)
  }

  /** Public messages from muted members are dropped here, by every receiver. */
  private addMessages(incoming: readonly ChatMessage[]): void {
    const hostId = this.host?.id
    const allowed = incoming.filter((m) => m.from.id === hostId || !this.muted.includes(m.from.id))
    const next = this.list.merge(this.messages, allowed)
    if (next) this.messages = next
  }

  private async setMuted(userId: string, muted: boolean): Promise<void> {
    assertCan(this.role, 'mute')
    const me = this.root.requireMe()
    if (typeof userId !== 'string' || !userId || userId === me.id) throw new AppError('NOT_ALLOWED', '不能对自己禁言')
    this.assertLive()
    if (this.muted.includes(userId) === muted) return
    const next = muted ? this.muteListWith(userId) : this.muted.filter((id) => id !== userId)
    // the list in the room attributes is what late joiners read; the signal is the fast path
    await this.root.rts.setRoomEntry(ROOM_KEYS.muted, encodeMuteList(next))
    this.setMuteList(next)
    this.root.rts.sendRoomSignal({ type: muted ? 'mute' : 'unmute', userId }).catch(() => {
      /* receivers also see the attribute change */
    })
  }

  /** The list with `userId` added; people who have left drop off first when it grows too long. */
  private muteListWith(userId: string): string[] {
    let next = [...this.muted, userId]
    if (encodeMuteList(next).length > MAX_WIRE_CHARS) next = next.filter((id) => id === userId || this.memberMap[id])
    if (encodeMuteList(next).length > MAX_WIRE_CHARS) throw new AppError('NOT_ALLOWED', '禁言名单已满')
    return next
  }

  private setMuteList(list: string[]): void {
    this.muted = list
  }

  private enterAsHost(roomId: string, me: Profile, snapshot: RoomSnapshot, pushUrl: string): void {
    this.id = roomId
    this.role = 'host'
    this.host = me
    this.applySnapshot(snapshot)
    this.memberMap = { ...this.memberMap, [me.id]: me }
    this.status = 'live'
    this.replayHeldEvents()
    this.mediaController.startPushing(pushUrl)
    const rts = this.root.rts
    const quiet = () => undefined
    rts.setRoomEntry(memberKey(me.id), encodeProfile(me)).catch(quiet)
    // hold the mute-list key from the start, so nobody else can own it
    rts.setRoomEntry(ROOM_KEYS.muted, encodeMuteList([])).catch(quiet)
  }

  private enterAsAudience(roomId: string, me: Profile, host: Profile, snapshot: RoomSnapshot): void {
    this.id = roomId
    this.role = 'audience'
    this.host = host
    this.applySnapshot(snapshot)
    this.memberMap = { ...this.memberMap, [me.id]: me }
    this.status = 'live'
    this.replayHeldEvents()
    this.mediaController.startWatching()
    this.root.rts.setRoomEntry(memberKey(me.id), encodeProfile(me)).catch(() => undefined)
  }

  /** Room ends under me: the ended screen shows `reason`; the services are left in the background. */
  private end(reason: string): void {
    if (this.status === 'idle' || this.status === 'ended') return
    this.wasHost = this.can.endRoom
    this.status = 'ended'
    this.endReason = reason
    this.role = 'user'
    this.visit++
    this.mediaController.stop()
    this.media = idleMedia()
    const quiet = () => undefined
    this.root.rts.leaveRoom().catch(quiet)
    this.root.rtc.leave().catch(quiet)
  }

  private hold(replay: () => void): void {
    if (this.heldEvents.length < HELD_EVENTS_CAP) this.heldEvents.push(replay)
  }

  private replayHeldEvents(): void {
    const held = this.heldEvents
    this.heldEvents = []
    for (const replay of held) replay()
  }

  private begin(roomId: string | null): number {
    this.resetFields()
    this.id = roomId
    this.status = 'joining'
    return ++this.visit
  }

  private abandon(visit: number): void {
    if (visit !== this.visit) return
    this.resetToIdle()
    this.root.enterLobbyQuietly()
  }

  private async undoEnter(inChatroom: boolean): Promise<void> {
    await Promise.allSettled([inChatroom ? this.root.rts.leaveRoom() : Promise.resolve(), this.root.rtc.leave()])
  }

  private resetToIdle(): void {
    this.visit++
    this.mediaController.stop()
    this.resetFields()
  }

  private resetFields(): void {
    this.heldEvents = []
    this.id = null
    this.role = 'user'
    this.host = null
    this.status = 'idle'
    this.endReason = undefined
    this.memberCount = 0
    this.messages = []
    this.muted = []
    this.memberMap = {}
    this.wasHost = false
    this.list = new MessageList()
    this.media = idleMedia()
  }

  private assertNotBusy(): void {
    if (this.status === 'joining') throw new AppError('NOT_ALLOWED', '正在进入房间，请稍候')
  }

  private assertLive(): void {
    if (this.status === 'reconnecting') throw new AppError('NOT_CONNECTED')
    if (this.status !== 'live') throw new AppError('NOT_ALLOWED', '当前不在直播中')
  }
}
