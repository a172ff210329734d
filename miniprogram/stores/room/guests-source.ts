/**
 * Where a room's guest list (连麦) comes from, and how the host changes it. Two sources, the same
 * shape (docs/ARCHITECTURE.md "Co-guests"):
 *
 * - HostGuestList (no backend): the host's own room attribute `guests` (core/wire.ts ROOM_KEYS),
 *   which the host holds from the room's start (core/room-protocol.ts hostOpeningEntries) so nobody
 *   else can write it, and a `guests` signal as the fast path, which counts only from the recorded
 *   host (core/room-protocol.ts acceptSignal). Late joiners read the attribute. Like the mute list,
 *   it is as strong as chatroom KV: a modified client could force-write it (the known weakness).
 * - SignedGuestList (backend): only the server's signed `guests` document counts, the room's KV
 *   entry `sig-guests`, verified with core/signed-docs.ts DocumentVerifier.guestList against the
 *   accepted host claim and never older (`at`) than the one held. A missing entry at the start
 *   is an empty list; a deleted or forged one later changes nothing (the server never deletes it).
 *   The host's accept / remove and a guest's stepping down go through BackendService.
 *
 * Every method answers the list now in force, or null for "nothing changes".
 */
import { AppError } from '../../core/errors'
import { guestListEntry, guestsIn } from '../../core/room-protocol'
import { SIGNED_ROOM_KEYS, type DocSource, type DocumentVerifier, type GuestListDoc, type HostClaimDoc } from '../../core/signed-docs'
import type { Profile } from '../../core/types'
import { decodeGuestList, ROOM_KEYS, type Signal } from '../../core/wire'
import type { BackendService, RtsService } from '../../services/types'

export interface GuestListSource {
  /** true when only signed documents count */
  readonly signed: boolean
  /** the list in a room snapshot (entering, or back in after a reconnect) */
  fromSnapshot(entries: Readonly<Record<string, string>>): Profile[] | null
  fromEntry(key: string, value: string | null): Profile[] | null
  /** the recorded host's `guests` signal */
  fromSignal(guests: Profile[]): Profile[] | null
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

export class SignedGuestList implements GuestListSource {
  readonly signed = true
  private current: GuestListDoc | null = null

  constructor(
    private readonly backend: Pick<BackendService, 'addGuest' | 'removeGuest'>,
    private readonly documents: DocumentVerifier,
    /** the accepted host claim the lists must belong to (same room, same `since`) */
    private readonly claim: HostClaimDoc,
  ) {}

  fromSnapshot(entries: Readonly<Record<string, string>>): Profile[] | null {
    const token = entries[SIGNED_ROOM_KEYS.guestList]
    if (token === undefined) return this.current ? null : []
    return this.open(token, 'kv')
  }

  fromEntry(key: string, value: string | null): Profile[] | null {
    if (key !== SIGNED_ROOM_KEYS.guestList || value === null) return null
    return this.open(value, 'kv')
  }

  fromSignal(): null {
    return null
  }

  async change(_next: Profile[], changed: { add?: Profile; remove?: string }): Promise<Profile[]> {
    const { roomId } = this.claim
    const answer = changed.add ? await this.backend.addGuest(roomId, changed.add.id) : await this.backend.removeGuest(roomId, changed.remove ?? '')
    return this.fromServer(answer.guestList)
  }

  async stepDown(userId: string): Promise<Profile[]> {
    const answer = await this.backend.removeGuest(this.claim.roomId, userId)
    return this.fromServer(answer.guestList)
  }

  private fromServer(token: string): Profile[] {
    const opened = this.documents.guestList(token, { claim: this.claim, current: this.current }, 'server')
    if (opened.ok) this.current = opened.doc
    // older than the one held (the KV entry of a later change overtook this answer): that one stands
    else if (opened.reason !== 'STALE') throw new AppError('NETWORK', '连麦名单校验失败，请稍后再试')
    return (this.current as GuestListDoc).guests.slice()
  }

  private open(token: string, source: DocSource): Profile[] | null {
    const opened = this.documents.guestList(token, { claim: this.claim, current: this.current }, source)
    if (!opened.ok) return null
    this.current = opened.doc
    return opened.doc.guests.slice()
  }
}

export interface GuestSourceDeps {
  rts: Pick<RtsService, 'setRoomEntry' | 'sendRoomSignal'>
  backend?: Pick<BackendService, 'addGuest' | 'removeGuest'>
  documents?: DocumentVerifier
}

/**
 * SEAM (trust): "the accepted host claim". Until the store itself trusts only the signed claim
 * (the trust work: stores/room/authority*.ts, rooms created through the backend), it is the room's
 * `sig-host` entry when a backend and a verifier are configured, it verifies for this room and it
 * names the room's recorded host. Once that work is in, pass its accepted claim here instead: a
 * backend configured then always means the signed source, never the host's attribute.
 */
export function acceptedHostClaim(
  deps: GuestSourceDeps,
  roomId: string,
  hostId: string,
  entries: Readonly<Record<string, string>>,
): HostClaimDoc | null {
  const token = entries[SIGNED_ROOM_KEYS.hostClaim]
  if (!deps.backend || !deps.documents || token === undefined) return null
  const opened = deps.documents.hostClaim(token, { roomId })
  return opened.ok && opened.doc.host.id === hostId ? opened.doc : null
}

/** The source for a room: signed when there is an accepted host claim, the host's attribute otherwise. */
export function guestSourceFor(deps: GuestSourceDeps, claim: HostClaimDoc | null): GuestListSource {
  if (claim && deps.backend && deps.documents) return new SignedGuestList(deps.backend, deps.documents, claim)
  return new HostGuestList(deps.rts)
}

/**
 * The source in force for one room visit: chosen on entering, and moved to the signed one (never
 * back) when the room turns out to carry an accepted host claim only later (a slow first KV pull,
 * a rejoin); a `sig-guests` seen before that is checked then.
 */
export class GuestListFeed {
  private current: GuestListSource
  private unverifiedSignedList: string | undefined = undefined

  constructor(private readonly deps: GuestSourceDeps) {
    this.current = guestSourceFor(deps, null)
  }

  get source(): GuestListSource {
    return this.current
  }

  begin(roomId: string, hostId: string, entries: Readonly<Record<string, string>>): void {
    this.current = guestSourceFor(this.deps, acceptedHostClaim(this.deps, roomId, hostId, entries))
    this.unverifiedSignedList = undefined
  }

  reset(): void {
    this.current = guestSourceFor(this.deps, null)
    this.unverifiedSignedList = undefined
  }

  /** `room`: the number and its recorded host, for a claim that shows up late. */
  snapshot(room: { id: string | null; hostId: string | null }, entries: Readonly<Record<string, string>>): Profile[] | null {
    this.upgrade(room, entries)
    return this.current.fromSnapshot(entries)
  }

  entry(room: { id: string | null; hostId: string | null }, key: string, value: string | null): Profile[] | null {
    if (this.current.signed || value === null) return this.current.fromEntry(key, value)
    if (key === SIGNED_ROOM_KEYS.guestList) this.unverifiedSignedList = value
    if (key !== SIGNED_ROOM_KEYS.hostClaim) return this.current.fromEntry(key, value)
    const list = this.unverifiedSignedList
    if (!this.upgrade(room, { [key]: value })) return null
    return this.current.fromSnapshot(list === undefined ? {} : { [SIGNED_ROOM_KEYS.guestList]: list })
  }

  private upgrade(room: { id: string | null; hostId: string | null }, entries: Readonly<Record<string, string>>): boolean {
    if (this.current.signed || !room.id || !room.hostId) return false
    const claim = acceptedHostClaim(this.deps, room.id, room.hostId, entries)
    if (claim) this.current = guestSourceFor(this.deps, claim)
    return !!claim
  }
}
