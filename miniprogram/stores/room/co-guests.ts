/**
 * Co-guests (连麦), the rules of docs/ARCHITECTURE.md "Co-guests":
 *
 * - An audience member asks (a `mic-request` signal to the host, carrying their own profile) and
 *   may take it back (`mic-cancel`); `myMicRequest` is 'pending' once the request went out, 'none'
 *   after cancelling, being accepted, leaving or the room ending, 'rejected' after the host's
 *   `mic-rejected` until they ask again.
 * - The host sees the requests (`micRequests`, in the order they came) and accepts (only someone
 *   who asked; ROOM_FULL at three guests, and the request stays), rejects, or removes a guest.
 * - The guest list is the same on every phone: it comes from one source (guests-source.ts: the
 *   host's attribute and signal without a backend, the signed document with one), and every
 *   phone takes its role from it: listed → 'guest' (publishing the camera), no longer listed →
 *   'audience' again. Someone listed who did not ask (or took it back meanwhile) steps down at
 *   once: nobody's camera goes out because a host said so.
 * - A guest or requester who leaves the room (their member entry goes, which is also how a drop
 *   past the reconnect window shows) leaves the list / the requests; the host takes them off.
 */
import { action, makeObservable, observable } from 'mobx-miniprogram'
import { AppError } from '../../core/errors'
import { assertCan } from '../../core/roles'
import { Serial } from '../../core/serial'
import type { Profile } from '../../core/types'
import { MAX_GUESTS } from '../../core/wire'
import type { CoGuestChange, CoGuestDeps, CoGuestRoom, MicRequestState } from './co-guest-deps'
import { GuestListFeed, type GuestListSource } from './guests-source'

export type { CoGuestChange, CoGuestDeps, CoGuestRoom, MicRequestState } from './co-guest-deps'

/** More requests than a host can answer are not kept (a flood costs memory, not the host's screen). */
export const MAX_MIC_REQUESTS = 50

const quiet = (): undefined => undefined
const notLive = () => new AppError('NOT_ALLOWED', '当前不在直播中')

export class CoGuests {
  guests: Profile[] = []
  micRequests: Profile[] = []
  myMicRequest: MicRequestState = 'none'
  /** where the guest list comes from (guests-source.ts) */
  private readonly feed: GuestListFeed
  /** host: list changes one at a time, each from the list the one before left */
  private changes = new Serial()
  /** my own camera: started and stopped one at a time */
  private readonly mic = new Serial()
  private publishing = false
  /** I stepped down and the host has not answered yet: a list still naming me does not put me back on */
  private steppedDown = false

  constructor(
    private readonly deps: CoGuestDeps,
    private readonly room: CoGuestRoom,
  ) {
    this.feed = new GuestListFeed(deps)
    makeObservable<this, 'applyList' | 'setMine' | 'dropRequests'>(this, {
      guests: observable.ref,
      micRequests: observable.ref,
      myMicRequest: observable,
      handle: action,
      members: action,
      reset: action,
      applyList: action,
      setMine: action,
      dropRequests: action,
    })
  }

  /** Entering a room: its guest list's source (signed with our server); `answer`: the server's list, when it was asked. */
  begin(answer?: string | null): void {
    this.feed.begin(answer)
  }

  private get source(): GuestListSource {
    return this.feed.source
  }

  /** A new visit (or none): nothing of the last one counts. */
  reset(): void {
    this.guests = []
    this.micRequests = []
    this.myMicRequest = 'none'
    this.feed.reset()
    this.changes = new Serial()
    this.publishing = false
    this.steppedDown = false
  }

  handle(change: CoGuestChange): void {
    const role = this.room.role
    const me = this.deps.me()
    switch (change.kind) {
      case 'snapshot':
        return this.applyList(this.source.fromSnapshot(change.entries))
      case 'entry':
        return this.applyList(this.source.fromEntry(change.key, change.value))
      case 'list':
        return this.applyList(this.source.fromSignal(change.guests))
      case 'answer':
        return this.applyList(this.source.fromAnswer(change.guestList))
      case 'request':
        if (role !== 'host' || this.guests.some((g) => g.id === change.profile.id)) return
        if (this.micRequests.some((r) => r.id === change.profile.id)) {
          this.micRequests = this.micRequests.map((r) => (r.id === change.profile.id ? change.profile : r))
        } else if (this.micRequests.length < MAX_MIC_REQUESTS) {
          this.micRequests = [...this.micRequests, change.profile]
        }
        return
      case 'cancel':
        this.dropRequests([change.userId])
        return
      case 'rejected':
        if (me && change.userId === me.id && this.myMicRequest === 'pending') this.setMine('rejected')
        return
      case 'left':
        // the host takes a guest who stepped down off the list (no backend: the guest cannot)
        if (role === 'host') this.removeLeft(change.userId)
        return
      case 'paused':
        this.deps.media.setGuestPaused(change.userId, change.reason)
        return
    }
  }

  /** The members changed: whoever's member entry went left the room, or dropped past the reconnect window. */
  members<T extends Readonly<Record<string, Profile>>>(before: T, after: T): T {
    const gone = Object.keys(before).filter((id) => !after[id])
    if (gone.length) this.membersLeft(gone)
    return after
  }

  private membersLeft(userIds: readonly string[]): void {
    this.dropRequests(userIds)
    if (this.room.role !== 'host') return
    for (const id of userIds) this.removeLeft(id)
  }

  // ---- audience --------------------------------------------------------------------------------

  async requestMic(): Promise<void> {
    assertCan(this.room.role, 'requestMic')
    this.deps.assertLive()
    const me = this.deps.requireMe()
    const visit = this.deps.generation.current
    await this.deps.rts.sendRoomSignal({ type: 'mic-request', profile: me })
    if (this.deps.generation.isCurrent(visit) && this.room.role === 'audience') this.setMine('pending')
  }

  async cancelMicRequest(): Promise<void> {
    assertCan(this.room.role, 'requestMic')
    this.deps.assertLive()
    if (this.myMicRequest !== 'pending') return this.setMine('none')
    const visit = this.deps.generation.current
    await this.deps.rts.sendRoomSignal({ type: 'mic-cancel' })
    if (this.deps.generation.isCurrent(visit)) this.setMine('none')
  }

  // ---- host ------------------------------------------------------------------------------------

  acceptGuest(userId: string): Promise<void> {
    return this.change((guests) => {
      const request = this.micRequests.find((r) => r.id === userId)
      if (!request) throw new AppError('NOT_ALLOWED', '这位观众没有在申请连麦')
      if (guests.length >= MAX_GUESTS) throw new AppError('ROOM_FULL', `连麦人数已满（最多 ${MAX_GUESTS} 人）`)
      return { next: [...guests, request], changed: { add: request } }
    })
  }

  async rejectGuest(userId: string): Promise<void> {
    this.assertHost(userId, this.micRequests, '这位观众没有在申请连麦')
    const visit = this.deps.generation.current
    await this.deps.rts.sendRoomSignal({ type: 'mic-rejected', userId })
    if (this.deps.generation.isCurrent(visit)) this.dropRequests([userId])
  }

  removeGuest(userId: string): Promise<void> {
    return this.change((guests) => {
      if (!guests.some((g) => g.id === userId)) throw new AppError('NOT_ALLOWED', '对方已不在连麦中')
      return { next: guests.filter((g) => g.id !== userId), changed: { remove: userId } }
    })
  }

  // ---- guest -----------------------------------------------------------------------------------

  /** Steps down: off the list (the backend, or the host told), the camera unpublished, audience again. */
  async leaveMic(): Promise<void> {
    assertCan(this.room.role, 'leaveMic')
    this.deps.assertLive()
    const me = this.deps.requireMe()
    const visit = this.deps.generation.current
    const list = await this.source.stepDown(me.id)
    if (!this.deps.generation.isCurrent(visit)) return
    this.steppedDown = true
    if (list) this.applyList(list)
    else if (this.room.role === 'guest') this.room.setRole('audience')
    await this.syncMine()
  }

  /** Leaving the room: a guest steps down and a request is taken back on the way out (the member entry going says it too). */
  leavingRoom(): void {
    const me = this.deps.me()
    if (me && this.room.role === 'guest') this.source.stepDown(me.id).catch(quiet)
    else if (this.myMicRequest === 'pending') this.deps.rts.sendRoomSignal({ type: 'mic-cancel' }).catch(quiet)
  }

  // ---- internals -------------------------------------------------------------------------------

  private applyList(list: Profile[] | null): void {
    if (!list) return
    const me = this.deps.me()
    this.guests = list
    const listed = new Set(list.map((g) => g.id))
    this.dropRequests([...listed])
    if (me) {
      const mine = listed.has(me.id)
      if (!mine) this.steppedDown = false
      if (mine && this.room.role === 'audience' && !this.steppedDown) {
        if (this.myMicRequest === 'pending') {
          this.room.setRole('guest')
          this.myMicRequest = 'none'
        } else {
          // on the list without asking (or after taking it back): off again, camera never on
          this.steppedDown = true
          this.source.stepDown(me.id).then((l) => this.applyList(l), quiet)
        }
      } else if (!mine && this.room.role === 'guest') {
        this.room.setRole('audience')
      }
    }
    void this.syncMine()
    this.deps.media.reconcile()
  }

  /** My camera follows my role: published as guest, unpublished otherwise. */
  private syncMine(): Promise<void> {
    const visit = this.deps.generation.current
    return this.mic.run(async () => {
      const want = this.room.role === 'guest'
      if (!this.deps.generation.isCurrent(visit) || want === this.publishing) return
      this.publishing = want
      if (want) await this.deps.media.startPublishing()
      else await this.deps.media.stopPublishing()
    })
  }

  /** A host's list change, checked now and again when its turn comes (`make` throws to refuse). */
  private async change(make: (guests: Profile[]) => { next: Profile[]; changed: { add?: Profile; remove?: string } }): Promise<void> {
    assertCan(this.room.role, 'manageGuests')
    this.deps.assertLive()
    make(this.guests)
    const visit = this.deps.generation.current
    return this.changes.run(async () => {
      if (!this.deps.generation.isCurrent(visit)) throw notLive()
      const { next, changed } = make(this.guests)
      const list = await this.source.change(next, changed, this.guests)
      if (this.deps.generation.isCurrent(visit)) this.applyList(list)
    })
  }

  private removeLeft(userId: string): void {
    if (this.guests.some((g) => g.id === userId)) this.removeGuest(userId).catch(quiet)
  }

  private assertHost(userId: string, list: readonly Profile[], missing: string): void {
    assertCan(this.room.role, 'manageGuests')
    if (!list.some((p) => p.id === userId)) throw new AppError('NOT_ALLOWED', missing)
    this.deps.assertLive()
  }

  private dropRequests(userIds: readonly string[]): void {
    if (this.micRequests.some((r) => userIds.includes(r.id))) this.micRequests = this.micRequests.filter((r) => !userIds.includes(r.id))
  }

  private setMine(state: MicRequestState): void {
    this.myMicRequest = state
  }
}
