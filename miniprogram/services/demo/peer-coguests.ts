/**
 * Co-guests (连麦) among the simulated people (peers.ts), the way the app does them
 * (stores/room/co-guests.ts, stores/room/guests-source.ts): requests and answers as signals; the
 * host's guest list through our server, which signs it into the room's `sig-guests` (a simulated
 * host's room is always the server's: peer-hosting.ts), or, in a room without our server, in the
 * host's `guests` attribute plus a `guests` signal.
 *
 * - A simulated host accepts a person's request after a short delay while fewer than three are on
 *   camera (and says no when full); a request taken back before then is not answered; a guest who
 *   steps down or leaves the room is taken off the list.
 * - A simulated visitor in a person's room may ask to go on camera after a while; once on the
 *   host's list it publishes its (fake) stream, and unpublishes when taken off.
 * Simulated people have no camera: their streams lead nowhere, and the app shows a placeholder.
 */
import { guestListEntry } from '../../core/room-protocol'
import type { Cancel } from '../../core/timers'
import type { Profile } from '../../core/types'
import { MAX_GUESTS, type Signal } from '../../core/wire'
import type { BackendService, RtcService, RtsService } from '../types'
import type { Range } from './peer-script'

/** How long a simulated host takes to answer a request. */
export const MIC_ANSWER_DELAY_MS: Range = [1200, 2500]
/** How long into a visit a simulated visitor may ask to go on camera. */
export const MIC_ASK_AFTER_MS: Range = [15000, 30000]
/** How likely a visitor is to ask at all. */
export const MIC_ASK_CHANCE = 0.5

const ignore = (): undefined => undefined

export interface PeerMicIo {
  rts: Pick<RtsService, 'setRoomEntry' | 'sendRoomSignal'>
  /** runs `task` once after a delay drawn from `range`; returns its cancel */
  after(range: Range, task: () => void): Cancel
}

/** How a host's guest list goes out; resolves with the list in force. */
export interface PeerGuestWriter {
  write(next: Profile[], changed: { add?: Profile; remove?: string }): Promise<Profile[]>
}

/** No server of ours: the host's attribute and the `guests` signal, both at once, failures ignored. */
export function attributeGuestWriter(rts: PeerMicIo['rts']): PeerGuestWriter {
  return {
    write: (next) => {
      const entry = guestListEntry(next)
      rts.setRoomEntry(entry.key, entry.value).catch(ignore)
      rts.sendRoomSignal({ type: 'guests', guests: next }).catch(ignore)
      return Promise.resolve(next)
    },
  }
}

/** Our server's room: BackendService.addGuest / removeGuest; `open` verifies the signed list it answers. */
export function serverGuestWriter(
  backend: Pick<BackendService, 'addGuest' | 'removeGuest'>,
  roomId: string,
  open: (token: string) => Profile[] | null,
): PeerGuestWriter {
  return {
    write: async (_next, changed) => {
      const { guestList } = changed.add ? await backend.addGuest(roomId, changed.add.id) : await backend.removeGuest(roomId, changed.remove ?? '')
      const guests = open(guestList)
      if (!guests) throw new Error('the signed guest list does not verify')
      return guests
    },
  }
}

/** A simulated host's side: answers requests, keeps the guest list. */
export class PeerMicHost {
  private guests: Profile[] = []
  private readonly waiting = new Map<string, Cancel>()

  constructor(
    private readonly io: PeerMicIo,
    private readonly writer: PeerGuestWriter = attributeGuestWriter(io.rts),
  ) {}

  /** The room's list as our server signed it (a guest stepped down through it, say). */
  listed(guests: readonly Profile[]): void {
    this.guests = guests.slice()
  }

  /** who is on camera now: their own signals count (core/room-protocol.ts acceptSignal) */
  get guestIds(): string[] {
    return this.guests.map((g) => g.id)
  }

  /** A signal that counts (acceptSignal with this host and guestIds), from `senderId`. */
  signal(senderId: string, signal: Signal): void {
    if (signal.type === 'mic-request') {
      if (this.waiting.has(senderId) || this.guestIds.includes(senderId)) return
      const profile = signal.profile
      this.waiting.set(senderId, this.io.after(MIC_ANSWER_DELAY_MS, () => this.answer(profile)))
    } else if (signal.type === 'mic-cancel') {
      this.forget(senderId)
    } else if (signal.type === 'mic-leave') {
      this.remove(senderId)
    }
  }

  /** Someone's member entry went: they left the room (or dropped for good). */
  memberGone(userId: string): void {
    this.forget(userId)
    this.remove(userId)
  }

  stop(): void {
    for (const cancel of this.waiting.values()) cancel()
    this.waiting.clear()
  }

  private answer(profile: Profile): void {
    this.waiting.delete(profile.id)
    if (this.guests.length >= MAX_GUESTS) {
      this.io.rts.sendRoomSignal({ type: 'mic-rejected', userId: profile.id }).catch(ignore)
      return
    }
    this.publish([...this.guests, profile], { add: profile })
  }

  private forget(userId: string): void {
    this.waiting.get(userId)?.()
    this.waiting.delete(userId)
  }

  private remove(userId: string): void {
    if (this.guestIds.includes(userId)) this.publish(this.guests.filter((g) => g.id !== userId), { remove: userId })
  }

  /** The list is `guests` at once; the answer (our server's signed list) or a refusal sets it right. */
  private publish(guests: Profile[], changed: { add?: Profile; remove?: string }): void {
    const before = this.guests
    this.guests = guests
    this.writer.write(guests, changed).then(
      (list) => {
        if (this.guests === guests) this.guests = list
      },
      () => {
        if (this.guests === guests) this.guests = before
      },
    )
  }
}

/** A simulated visitor's side: maybe asks, goes on camera when listed, off when not. */
export class PeerMicGuest {
  private asked = false
  private onCamera = false

  constructor(
    private readonly io: PeerMicIo & { rtc: Pick<RtcService, 'publish' | 'unpublish'> },
    private readonly profile: Profile,
    /** still on this visit */
    private readonly visiting: () => boolean,
  ) {}

  /** After a while, ask to go on camera (when `wants`: only ever in a person's room, simulated people do not go on camera with each other). */
  maybeAsk(wants: boolean): void {
    if (!wants) return
    this.io.after(MIC_ASK_AFTER_MS, () => {
      if (!this.visiting() || this.asked || this.onCamera) return
      this.asked = true
      this.io.rts.sendRoomSignal({ type: 'mic-request', profile: this.profile }).catch(ignore)
    })
  }

  /** The host's list (its signed document in our server's room; else its signal or attribute, from the recorded host only). */
  list(guests: readonly Profile[]): void {
    const listed = guests.some((g) => g.id === this.profile.id)
    if (listed && this.asked && !this.onCamera && this.visiting()) {
      this.onCamera = true
      this.io.rtc.publish().catch(ignore)
    } else if (!listed && this.onCamera) {
      this.onCamera = false
      this.io.rtc.unpublish().catch(ignore)
    }
  }

  /** The host said no: may ask again on a later visit. */
  rejected(): void {
    this.asked = false
  }
}
