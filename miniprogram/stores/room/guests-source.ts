/**
 * Where a room's guest list (连麦) comes from, and how the host changes it. Two sources, the same
 * shape (docs/ARCHITECTURE.md "Co-guests"):
 *
 * - HostGuestList (no backend): the host's own room attribute `guests` (core/wire.ts ROOM_KEYS),
 *   which the host holds from the room's start (core/room-protocol.ts hostOpeningEntries) so nobody
 *   else can write it, and a `guests` signal as the fast path, which counts only from the recorded
 *   host (core/room-protocol.ts acceptSignal). Late joiners read the attribute. Like the mute list,
 *   it is as strong as chatroom KV: a modified client could force-write it (a room without our
 *   server is unsigned: docs/ARCHITECTURE.md "Trust").
 * - SignedGuestList (our server configured: always, whatever the room's entries say): only the
 *   server's signed `guests` document counts, the room's KV entry `sig-guests` or the server's
 *   own answer, verified with core/signed-docs.ts DocumentVerifier.guestList against the host
 *   claim the room holds (authority.ts RoomAuthority.hostClaim) and never older (`at`) than the
 *   one held (authority-docs.ts SignedList). A missing entry at the start is an empty list; a
 *   deleted or forged one later changes nothing (the server never deletes it). Where this phone
 *   cannot verify (mode 'server') only the server's answers count: RoomAuthority asks for the
 *   room when `sig-guests` changes and hands its answer on. The host's accept / remove and a
 *   guest's stepping down go through BackendService; the host's heartbeat carries the list held
 *   (RoomAuthority.presentWithHeartbeat), so the server can write it back if someone deleted it.
 *
 * Every method answers the list now in force, or null for "nothing changes".
 */
import { AppError } from '../../core/errors'
import { guestListEntry, guestsIn, SIGNED_KEYS } from '../../core/room-protocol'
import type { DocSource, GuestListDoc, HostClaimDoc } from '../../core/signed-docs'
import type { Profile } from '../../core/types'
import { decodeGuestList, ROOM_KEYS, type Signal } from '../../core/wire'
import type { RtsService } from '../../services/types'
import type { RoomAuthority, Trust } from './authority'
import { SignedList } from './authority-docs'

export interface GuestListSource {
  /** true when only signed documents count */
  readonly signed: boolean
  /** the list in a room snapshot (entering, or back in after a reconnect) */
  fromSnapshot(entries: Readonly<Record<string, string>>): Profile[] | null
  fromEntry(key: string, value: string | null): Profile[] | null
  /** the recorded host's `guests` signal */
  fromSignal(guests: Profile[]): Profile[] | null
  /** our server's signed list in its answer about the room (GET /v1/rooms/:id) */
  fromAnswer(token: string): Profile[] | null
  /**
   * host: makes `next` the room's list instead of `current` (`changed`: the guest added or
   * removed); resolves with the list in force
   */
  change(next: Profile[], changed: { add?: Profile; remove?: string }, current: Profile[]): Promise<Profile[]>
  /** a guest steps down: resolves with the list in force, or null when the host will answer (no backend) */
  stepDown(userId: string): Promise<Profile[] | null>
}

const quiet = (): undefined => undefined

export class HostGuestList implements GuestListSource {
  readonly signed = false

  constructor(private readonly rts: Pick<RtsService, 'setRoomEntry' | 'sendRoomSignal'>) {}

  fromSnapshot(entries: Readonly<Record<string, string>>): Profile[] | null {
    return guestsIn(entries)
  }

  fromEntry(key: string, value: string | null): Profile[] | null {
    if (key !== ROOM_KEYS.guests) return null
    // gone: the host left, and the room ends with it
    return value === null ? [] : decodeGuestList(value)
  }

  fromSignal(guests: Profile[]): Profile[] | null {
    return guests
  }

  fromAnswer(): null {
    return null
  }

  /**
   * The attribute is what late joiners read; the signal is the fast path for those already in. Both
   * go out together, so an accepted guest starts publishing one round trip sooner; should the
   * attribute fail to take the list (the connection dropped), the signal is taken back.
   */
  async change(next: Profile[], _changed: unknown, current: Profile[]): Promise<Profile[]> {
    const entry = guestListEntry(next)
    this.rts.sendRoomSignal(listSignal(next)).catch(quiet)
    try {
      await this.rts.setRoomEntry(entry.key, entry.value)
    } catch (e) {
      this.rts.sendRoomSignal(listSignal(current)).catch(quiet)
      throw e
    }
    return next
  }

  async stepDown(): Promise<null> {
    await this.rts.sendRoomSignal({ type: 'mic-leave' })
    return null
  }
}

/** The `guests` signal: three profiles at their longest (64 + 20 + 512 characters) fit core/wire.ts MAX_WIRE_CHARS. */
export function listSignal(guests: readonly Profile[]): Signal {
  return { type: 'guests', guests: guests.slice() }
}

/** The room's claim and our server, for the signed list. */
export type GuestAuthority = Pick<RoomAuthority, 'hostClaim' | 'presentWithHeartbeat'>

export class SignedGuestList implements GuestListSource {
  readonly signed = true
  private readonly list: SignedList<GuestListDoc>
  /** the visit's first snapshot answers the list held (the server's answer on the way in), or an empty one */
  private first = true

  constructor(
    private readonly trust: Trust,
    /** the host claim the room holds (authority.ts): lists must belong to it (same room, same `since`) */
    private readonly claim: () => HostClaimDoc | null,
  ) {
    this.list = new SignedList((token, expect, source) => trust.documents.guestList(token, expect, source))
  }

  /** the exact signed list held, for the host's heartbeat */
  get token(): string | null {
    return this.list.token
  }

  fromSnapshot(entries: Readonly<Record<string, string>>): Profile[] | null {
    const changed = this.offer(entries[SIGNED_KEYS.guestList], 'kv')
    const first = this.first
    this.first = false
    if (changed || !first) return changed
    return this.list.doc?.guests.slice() ?? []
  }

  fromEntry(key: string, value: string | null): Profile[] | null {
    return key === SIGNED_KEYS.guestList ? this.offer(value, 'kv') : null
  }

  fromSignal(): null {
    return null
  }

  fromAnswer(token: string): Profile[] | null {
    return this.offer(token, 'server')
  }

  async change(_next: Profile[], changed: { add?: Profile; remove?: string }): Promise<Profile[]> {
    const roomId = this.requireClaim().roomId
    const { backend } = this.trust
    const answer = changed.add ? await backend.addGuest(roomId, changed.add.id) : await backend.removeGuest(roomId, changed.remove ?? '')
    return this.fromServer(answer.guestList)
  }

  async stepDown(userId: string): Promise<Profile[]> {
    const answer = await this.trust.backend.removeGuest(this.requireClaim().roomId, userId)
    return this.fromServer(answer.guestList)
  }

  private requireClaim(): HostClaimDoc {
    const claim = this.claim()
    if (!claim) throw new AppError('NOT_ALLOWED', '当前不在直播中')
    return claim
  }

  private fromServer(token: string): Profile[] {
    const claim = this.requireClaim()
    if (!this.offer(token, 'server')) {
      const opened = this.trust.documents.guestList(token, { claim, current: this.list.doc }, 'server')
      // older than the one held (the KV entry of a later change overtook this answer): that one stands
      if (!opened.ok && opened.reason !== 'STALE') throw new AppError('NETWORK', '连麦名单校验失败，请稍后再试')
    }
    return (this.list.doc as GuestListDoc).guests.slice()
  }

  private offer(token: string | null | undefined, source: DocSource): Profile[] | null {
    const claim = this.claim()
    const doc = claim ? this.list.offer(token, claim, source) : null
    return doc ? doc.guests.slice() : null
  }
}

export interface GuestSourceDeps {
  rts: Pick<RtsService, 'setRoomEntry' | 'sendRoomSignal'>
  /** our server and its documents' verifier; null without one (dev tokens: the host's attribute) */
  trust: Trust | null
  /** the room's signed documents, with our server (authority.ts) */
  authority: GuestAuthority | null
}

/**
 * The source in force for one room visit: with our server always the signed list, checked against
 * the room's claim (the authority holds it from before the room is entered); without, the host's
 * attribute. The host's heartbeat presents the signed list held.
 */
export class GuestListFeed {
  private current: GuestListSource

  constructor(private readonly deps: GuestSourceDeps) {
    this.current = this.fresh()
    deps.authority?.presentWithHeartbeat(() => {
      const token = this.current instanceof SignedGuestList ? this.current.token : null
      return token ? { guestList: token } : {}
    })
  }

  get source(): GuestListSource {
    return this.current
  }

  /** Entering a room; `answer`: the server's signed list, when it was asked on the way in. */
  begin(answer?: string | null): void {
    this.current = this.fresh()
    if (answer) this.current.fromAnswer(answer)
  }

  reset(): void {
    this.current = this.fresh()
  }

  private fresh(): GuestListSource {
    const { trust, authority } = this.deps
    if (trust && authority) return new SignedGuestList(trust, () => authority.hostClaim)
    return new HostGuestList(this.deps.rts)
  }
}
