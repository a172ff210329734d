/**
 * Entering and leaving a room. A host claims a random number (drawing another while it is taken)
 * and publishes; an audience member joins by number. The chatroom and RTC steps run side by side
 * (each costs round trips), and any step that fails undoes the others. Everything a join awaits
 * is guarded by the room's generation (core/generation.ts): leaving or ending meanwhile makes the
 * result stale. Room and RTC events that arrive while joining are held and replayed once in.
 */
import { runInAction } from 'mobx-miniprogram'
import { AppError, toAppError } from '../../core/errors'
import type { Generation } from '../../core/generation'
import { assertCan, type Role } from '../../core/roles'
import { generateRoomNumber, parseRoomNumber } from '../../core/room-number'
import { validateTitle } from '../../core/room-title'
import { hostClaimEntry, hostOpeningEntries, memberEntry, resolveHost, type RoomEntry } from '../../core/room-protocol'
import type { Profile } from '../../core/types'
import type { RoomSnapshot, RtcService, RtsService } from '../../services/types'
import type { MediaPermissions } from '../deps'
import type { RoomStatus } from '../types'
import type { MediaController } from './media-controller'

/** Random numbers tried before giving up when every one is taken. */
const CLAIM_ATTEMPTS = 5
/** More than a full room says in the time an RTC join takes. */
const HELD_EVENTS_CAP = 200

export interface EnteringDeps {
  rts: Pick<RtsService, 'createRoom' | 'joinRoom' | 'leaveRoom' | 'setRoomEntry' | 'sendRoomSignal'>
  rtc: Pick<RtcService, 'join' | 'leave' | 'publish'>
  permissions: MediaPermissions
  /** [0, 1) like Math.random: room numbers */
  random(): number
  now(): number
  requireConnected(): void
  requireMe(): Profile
  /** back into the lobby; never rejects (a failure shows in the connection banner) */
  enterLobby(): Promise<void>
}

/** The room's side of entering and leaving: RoomStore's actions. */
export interface RoomStage {
  readonly status: RoomStatus
  readonly role: Role
  /** every field back to idle, then `roomId` and `status` */
  reset(roomId: string | null, status: 'idle' | 'joining'): void
  /** in the room: role, host, and what the snapshot holds; status live */
  enter(roomId: string, role: 'host' | 'audience', host: Profile, me: Profile, snapshot: RoomSnapshot): void
}

type MediaSteps = Pick<MediaController, 'startPushing' | 'startWatching' | 'stop' | 'play'>

const quiet = (): undefined => undefined

export class RoomEntering {
  /** room and RTC events that arrived while joining, replayed once the room is entered */
  private held: (() => void)[] = []

  /** `generation`: the room's stale-result guard, shared with the media (a late subscribe result is dropped too) */
  constructor(
    private readonly deps: EnteringDeps,
    private readonly stage: RoomStage,
    private readonly media: MediaSteps,
    private readonly generation: Generation,
  ) {}

  async create(rawTitle?: string): Promise<string> {
    const { deps } = this
    assertCan(this.stage.role, 'createRoom')
    const title = validateTitle(rawTitle)
    this.assertNotBusy()
    deps.requireConnected()
    await deps.permissions.ensureCameraAndMic().catch((e: unknown) => {
      throw toAppError(e, 'PERMISSION_DENIED')
    })
    this.assertNotBusy() // the permission dialog took a while; nothing else may have started
    const me = deps.requireMe()
    const gen = this.begin(null)
    try {
      for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
        const roomId = generateRoomNumber(deps.random)
        // chatroom and RTC steps side by side: the claim and the publish each cost two round trips
        const [chat, media] = await Promise.allSettled([
          deps.rts.createRoom(roomId, hostClaimEntry(me, deps.now(), title)),
          deps.rtc.join(roomId).then(() => deps.rtc.publish()),
        ])
        if (chat.status === 'fulfilled' && chat.value && media.status === 'fulfilled' && this.generation.isCurrent(gen)) {
          // hold the mute-list key from the start, so nobody else can own it
          this.enter(roomId, 'host', me, me, chat.value, media.value, hostOpeningEntries(me))
          return roomId
        }
        await this.undoEnter(chat.status === 'fulfilled' && chat.value !== null)
        if (!this.generation.isCurrent(gen)) throw new AppError('NOT_ALLOWED', '已取消开播')
        if (chat.status === 'rejected') throw toAppError(chat.reason)
        if (media.status === 'rejected') throw toAppError(media.reason)
        // chat.value === null: someone holds this number, draw another
      }
      throw new AppError('NETWORK', '暂时无法分配房间号，请稍后再试')
    } catch (e) {
      this.abandon(gen)
      throw toAppError(e)
    }
  }

  async join(roomNumber: string): Promise<void> {
    const { deps } = this
    assertCan(this.stage.role, 'joinRoom')
    const roomId = parseRoomNumber(roomNumber)
    this.assertNotBusy()
    deps.requireConnected()
    const me = deps.requireMe()
    const gen = this.begin(roomId)
    try {
      const [chat, media] = await Promise.allSettled([deps.rts.joinRoom(roomId), deps.rtc.join(roomId)])
      const host = chat.status === 'fulfilled' ? resolveHost(chat.value.entries) : null
      if (chat.status === 'fulfilled' && host && host.id !== me.id && media.status === 'fulfilled' && this.generation.isCurrent(gen)) {
        this.enter(roomId, 'audience', host, me, chat.value, null, [memberEntry(me)])
        const hostStream = media.value.streams.find((s) => s.userId === host.id)
        if (hostStream) await this.media.play(hostStream)
        return
      }
      await this.undoEnter(chat.status === 'fulfilled')
      if (!this.generation.isCurrent(gen)) throw new AppError('NOT_ALLOWED', '已取消进入房间')
      if (chat.status === 'rejected') throw toAppError(chat.reason)
      if (!host || host.id === me.id) throw new AppError('ROOM_NOT_FOUND')
      throw toAppError(media.status === 'rejected' ? media.reason : undefined)
    } catch (e) {
      this.abandon(gen)
      throw toAppError(e)
    }
  }

  /** Leaves the room; as host (`endsRoom`) this ends it for everyone. Never leaves a half state behind. */
  async leave(endsRoom: boolean): Promise<void> {
    const { deps } = this
    if (this.stage.status === 'idle') return
    const wasLive = this.stage.status !== 'ended'
    this.resetToIdle()
    if (wasLive) {
      const chat = endsRoom
        ? deps.rts
            .sendRoomSignal({ type: 'room-ended' })
            .catch(quiet) // the host entry vanishing tells everyone too
            .then(() => deps.rts.leaveRoom())
        : deps.rts.leaveRoom()
      await Promise.allSettled([chat, deps.rtc.leave()])
    }
    await deps.enterLobby()
  }

  /** The room ended under me: whatever this visit still awaits is stale; the services are left in the background. */
  leaveAfterEnd(): void {
    this.generation.next()
    this.deps.rts.leaveRoom().catch(quiet)
    this.deps.rtc.leave().catch(quiet)
  }

  /** Keeps an event that arrived while joining; true when it was held (the caller does nothing more now). */
  holdWhileJoining(replay: () => void): boolean {
    if (this.stage.status !== 'joining') return false
    // the chatroom is entered before the RTC step finishes: keep what arrives meanwhile
    if (this.held.length < HELD_EVENTS_CAP) this.held.push(replay)
    return true
  }

  /** Back to idle at once: later results of this visit are stale. */
  resetToIdle(): void {
    this.generation.next()
    this.held = []
    this.media.stop()
    this.stage.reset(null, 'idle')
  }

  private enter(roomId: string, role: 'host' | 'audience', host: Profile, me: Profile, snapshot: RoomSnapshot, pushUrl: string | null, writes: RoomEntry[]): void {
    runInAction(() => {
      this.stage.enter(roomId, role, host, me, snapshot)
      const held = this.held
      this.held = []
      for (const replay of held) replay()
      if (pushUrl === null) this.media.startWatching()
      else this.media.startPushing(pushUrl)
    })
    for (const entry of writes) this.deps.rts.setRoomEntry(entry.key, entry.value).catch(quiet)
  }

  private begin(roomId: string | null): number {
    this.held = []
    this.stage.reset(roomId, 'joining')
    return this.generation.next()
  }

  private abandon(gen: number): void {
    if (!this.generation.isCurrent(gen)) return
    this.resetToIdle()
    void this.deps.enterLobby()
  }

  private async undoEnter(inChatroom: boolean): Promise<void> {
    await Promise.allSettled([inChatroom ? this.deps.rts.leaveRoom() : Promise.resolve(), this.deps.rtc.leave()])
  }

  private assertNotBusy(): void {
    if (this.stage.status === 'joining') throw new AppError('NOT_ALLOWED', '正在进入房间，请稍候')
  }
}
