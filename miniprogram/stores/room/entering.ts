/**
 * Entering and leaving a room. A host claims a random number (drawing another while it is taken)
 * and publishes once the number is theirs; an audience member joins by number. Each is one step of
 * the chatroom switch (stores/chatroom-switch.ts), so it never overlaps another chatroom change
 * and a newer intent (leaving, another room) makes it stop and undo what it did. Inside a step the
 * chatroom and RTC joins run side by side (each costs round trips), and any that fails undoes the
 * others. Results are also guarded by the room's generation (core/generation.ts): leaving or the
 * room ending meanwhile makes them stale. Room and RTC events that arrive while joining are held
 * and replayed once in.
 */
import { runInAction } from 'mobx-miniprogram'
import { AppError, toAppError } from '../../core/errors'
import type { Generation } from '../../core/generation'
import { assertCan, type Role } from '../../core/roles'
import { generateRoomNumber, parseRoomNumber } from '../../core/room-number'
import { validateTitle } from '../../core/room-title'
import { memberEntry, resolveHost, type RoomEntry } from '../../core/room-protocol'
import type { Profile } from '../../core/types'
import type { RoomEvent, RoomSnapshot, RtcService, RtsService } from '../../services/types'
import type { ChatroomSwitch } from '../chatroom-switch'
import type { MediaPermissions, Schedule } from '../deps'
import type { RoomStatus } from '../types'
import type { RoomAuthority, RoomDocuments } from './authority'
import { claimSigned, claimUnsigned, type ClaimSteps } from './entering-claims'
import type { MediaController } from './media-controller'
import { HostEntryWait } from './host-entry-wait'

/** Random numbers tried before giving up when every one is taken. */
const CLAIM_ATTEMPTS = 5
/** More than a full room says in the time an RTC join takes. */
const HELD_EVENTS_CAP = 200

export interface EnteringDeps {
  rts: Pick<RtsService, 'createRoom' | 'joinRoom' | 'setRoomEntry'>
  rtc: Pick<RtcService, 'join' | 'leave' | 'publish'>
  /** the one place that changes chatrooms */
  chatrooms: Pick<ChatroomSwitch, 'go' | 'toLobby' | 'leaveRoom' | 'undoRejoin'>
  permissions: MediaPermissions
  /** [0, 1) like Math.random: room numbers */
  random(): number
  now(): number
  schedule: Schedule
  requireConnected(): void
  requireMe(): Profile
}

/** The room's side of entering and leaving: RoomStore's actions. */
export interface RoomStage {
  readonly id: string | null
  readonly status: RoomStatus
  readonly role: Role
  /** every field back to idle, then `roomId` and `status` */
  reset(roomId: string | null, status: 'idle' | 'joining'): void
  /**
   * in the room: role, host, and what the snapshot holds (with our server, what its verified
   * `documents` say); live, or reconnecting when the connection dropped meanwhile
   */
  enter(roomId: string, role: 'host' | 'audience', host: Profile, me: Profile, snapshot: RoomSnapshot, documents: RoomDocuments | null): void
}

type MediaSteps = Pick<MediaController, 'startPushing' | 'startWatching' | 'stop' | 'offer'>

const quiet = (): undefined => undefined
const cancelled = (what: string) => new AppError('NOT_ALLOWED', what)

export class RoomEntering {
  /** room and RTC events that arrived while joining, replayed once the room is entered */
  private held: (() => void)[] = []
  /** the host's claim that a join's snapshot lacked, awaited among the held events */
  private readonly hostWait: HostEntryWait

  /**
   * `generation`: the room's stale-result guard, shared with the media (a late subscribe result is
   * dropped too); `authority`: the signed documents, when our server is configured (authority.ts)
   */
  constructor(
    private readonly deps: EnteringDeps,
    private readonly stage: RoomStage,
    private readonly media: MediaSteps,
    private readonly generation: Generation,
    private readonly authority: RoomAuthority | null,
  ) {
    this.hostWait = new HostEntryWait(deps.schedule)
  }

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
    return deps.chatrooms.go('room', async (turn) => {
      const stale = () => turn.superseded || !this.generation.isCurrent(gen)
      const steps: ClaimSteps = {
        ...deps,
        stale,
        enter: (roomId, host, snapshot, pushUrl, writes, documents) => this.enter(roomId, 'host', host, me, snapshot, pushUrl, writes, documents),
        undo: (inChatroom) => this.undoEnter(inChatroom),
      }
      try {
        for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
          if (stale()) throw cancelled('已取消开播')
          const roomId = generateRoomNumber(deps.random)
          const entered = this.authority ? await claimSigned(steps, this.authority, roomId, me, title) : await claimUnsigned(steps, roomId, me, title)
          if (entered) return roomId
          // someone holds this number: draw another
        }
        throw new AppError('NETWORK', '暂时无法分配房间号，请稍后再试')
      } catch (e) {
        this.abandon(gen)
        throw toAppError(e)
      }
    })
  }

  async join(roomNumber: string): Promise<void> {
    const { deps } = this
    assertCan(this.stage.role, 'joinRoom')
    const roomId = parseRoomNumber(roomNumber)
    this.assertNotBusy()
    deps.requireConnected()
    const me = deps.requireMe()
    const gen = this.begin(roomId)
    return deps.chatrooms.go('room', async (turn) => {
      const stale = () => turn.superseded || !this.generation.isCurrent(gen)
      try {
        if (stale()) throw cancelled('已取消进入房间')
        const [chat, rtc] = await Promise.allSettled([deps.rts.joinRoom(roomId), deps.rtc.join(roomId)])
        const found = chat.status === 'fulfilled' ? await this.findHost(roomId, chat.value, stale) : null
        const host = found?.host ?? null
        if (found && host && host.id !== me.id && rtc.status === 'fulfilled' && !stale()) {
          this.enter(roomId, 'audience', host, me, found.snapshot, null, [memberEntry(me)], found.documents)
          // the host's and the guests' streams (the guest list came with the snapshot); nobody else's
          await this.media.offer(rtc.value.streams)
          return
        }
        await this.undoEnter(chat.status === 'fulfilled')
        if (stale()) throw cancelled('已取消进入房间')
        if (chat.status === 'rejected') throw toAppError(chat.reason)
        if (found?.error) throw toAppError(found.error)
        if (!host || host.id === me.id) throw new AppError('ROOM_NOT_FOUND')
        throw toAppError(rtc.status === 'rejected' ? rtc.reason : undefined)
      } catch (e) {
        this.abandon(gen)
        throw toAppError(e)
      }
    })
  }

  /**
   * Leaves the room (as host, `endsRoom`, ending it for everyone) and goes `to` the lobby, or to
   * no chatroom when signing out. The room is idle at once; the chatroom steps follow in order.
   */
  leave(endsRoom: boolean, to: 'lobby' | 'none'): Promise<void> {
    const { chatrooms } = this.deps
    if (this.stage.status === 'idle') return to === 'lobby' ? Promise.resolve() : chatrooms.go('none', () => Promise.resolve())
    const { id: roomId, status } = this.stage
    // a join or create on its way undoes what it entered once it sees it is stale; an ended room
    // was left when it ended (leaveAfterEnd)
    const inRoom = status === 'live' || status === 'reconnecting'
    const { authority } = this
    // with our server a host's room is over once the server ends it; everyone is told first, and
    // the lobby does not wait for the server's answer (best effort: the claim expires anyway)
    const ending = () => void (endsRoom && authority && roomId ? authority.endRoom(roomId) : undefined)
    const leaving = inRoom ? () => chatrooms.leaveRoom(roomId, endsRoom).then(ending) : undefined
    this.resetToIdle()
    if (to === 'lobby') return chatrooms.toLobby(leaving)
    return chatrooms.go('none', async () => {
      if (leaving) await leaving()
    })
  }

  /** The room ended under me: whatever this visit still awaits is stale; out of it, into the lobby. */
  leaveAfterEnd(): void {
    this.generation.next()
    this.hostWait.cancel()
    this.authority?.reset(null)
    void this.deps.chatrooms.toLobby(() => this.deps.chatrooms.leaveRoom(null, false))
  }

  /** Keeps an event that arrived while joining; true when it was held (the caller does nothing more now). */
  holdWhileJoining(replay: () => void, event?: RoomEvent): boolean {
    if (this.stage.status !== 'joining') return false
    // the chatroom is entered before the RTC step finishes: keep what arrives meanwhile
    if (this.held.length < HELD_EVENTS_CAP) this.held.push(replay)
    if (event?.type === 'entry') this.hostWait.entry(event.key, event.value)
    return true
  }

  /**
   * An event while in no room (idle, or the room ended): nothing to show; true when so. The one
   * thing to do: 'rejoined' means the service went back into a room I left while offline (the leave
   * never reached the server), and the chatroom switch takes me out again.
   */
  outsideRoom(event: RoomEvent): boolean {
    if (this.stage.status !== 'idle' && this.stage.status !== 'ended') return false
    if (event.type === 'rejoined') void this.deps.chatrooms.undoRejoin(event.snapshot.roomId)
    return true
  }

  /** Back to idle at once: later results of this visit are stale. */
  resetToIdle(): void {
    this.generation.next()
    this.held = []
    this.hostWait.cancel()
    this.authority?.reset(null)
    this.media.stop()
    this.stage.reset(null, 'idle')
  }

  /**
   * Who hosts the room: with our server its signed claim, from the entries or the server's answer
   * (authority.ts); without, its `host` entry (awaited when the entries were not read yet).
   */
  private async findHost(roomId: string, snapshot: RoomSnapshot, stale: () => boolean): Promise<{ snapshot: RoomSnapshot; host: Profile | null; documents: RoomDocuments | null; error?: unknown }> {
    if (this.authority) {
      try {
        const documents = await this.authority.open(roomId, snapshot.entries)
        return { snapshot, host: documents.host, documents }
      } catch (error) {
        return { snapshot, host: null, documents: null, error }
      }
    }
    const full = await this.withHost(snapshot, stale)
    if (!full) return { snapshot, host: null, documents: null, error: new AppError('NETWORK', '房间信息加载失败，请检查网络后重试') }
    return { snapshot: full, host: resolveHost(full.entries), documents: null }
  }

  /**
   * The snapshot with the host's claim: as the service handed it back, or, when the service had
   * not read the entries yet (`entriesPending`, a slow first pull), once the claim arrives among the
   * held 'entry' events. Null when it does not arrive in time: the network is the cause.
   */
  private async withHost(snapshot: RoomSnapshot, stale: () => boolean): Promise<RoomSnapshot | null> {
    if (!snapshot.entriesPending || resolveHost(snapshot.entries)) return snapshot
    const entries = await this.hostWait.wait(snapshot.entries, stale)
    return entries ? { ...snapshot, entries, entriesPending: false } : stale() ? snapshot : null
  }

  private enter(roomId: string, role: 'host' | 'audience', host: Profile, me: Profile, snapshot: RoomSnapshot, pushUrl: string | null, writes: RoomEntry[], documents: RoomDocuments | null): void {
    runInAction(() => {
      this.stage.enter(roomId, role, host, me, snapshot, documents)
      this.authority?.start(role === 'host')
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
    this.hostWait.cancel()
    this.stage.reset(roomId, 'joining')
    return this.generation.next()
  }

  /** The visit failed: back to idle, and the intent becomes the lobby again. */
  private abandon(gen: number): void {
    if (!this.generation.isCurrent(gen)) return
    this.resetToIdle()
    void this.deps.chatrooms.toLobby()
  }

  /** Out of what a failed or stale attempt entered: the chatroom with the RTC room, or the RTC room alone. */
  private async undoEnter(inChatroom: boolean): Promise<void> {
    if (inChatroom) await this.deps.chatrooms.leaveRoom(null, false)
    else await this.deps.rtc.leave().catch(quiet)
  }

  private assertNotBusy(): void {
    if (this.stage.status === 'joining') throw new AppError('NOT_ALLOWED', '正在进入房间，请稍候')
  }
}
