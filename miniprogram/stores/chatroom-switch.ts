/**
 * Where the person is among the chatrooms (the lobby, a room, none), and the one place that
 * changes it (docs/ARCHITECTURE.md "Entering and leaving chatrooms"). RongCloud holds a person in
 * one chatroom at a time and every change takes round trips, so:
 * - every change (the lobby entry; a room's create, join, leave or end; signing out) is a step run
 *   here, one after another (core/serial.ts), each starting where the one before left the services;
 * - asking for a change is an intent: the newest one wins. It moves the intent generation on
 *   (core/generation.ts), and a step that is still waiting or running sees `superseded` and does
 *   nothing a newer intent would have to undo (what it did itself it still undoes: a room it
 *   entered it leaves);
 * - repairs (after a reconnect, when the lobby chatroom was lost, when the service put me back into
 *   a room I had left) work toward the intent in force and stop once a newer one is asked for;
 * - a leave the server never got (made offline) is carried out when the service re-enters that
 *   room by itself after reconnecting ('rejoined'), the host's 'room-ended' signal included.
 */
import { Generation } from '../core/generation'
import { Serial } from '../core/serial'
import { Timers } from '../core/timers'
import type { RtcService, RtsService } from '../services/types'
import type { Schedule } from './deps'

export type Place = 'lobby' | 'room' | 'none'

/** What a step knows of its turn. */
export interface Turn {
  /** a newer intent was asked for since this step's: do nothing it would have to undo */
  readonly superseded: boolean
}

export interface ChatroomDeps {
  rts: Pick<RtsService, 'leaveRoom' | 'sendRoomSignal'>
  rtc: Pick<RtcService, 'leave'>
  connected(): boolean
  /** enters the lobby chatroom and reads it (LobbyStore.enter); rejects when it could not */
  enterLobby(): Promise<void>
  schedule: Schedule
}

/** A lobby entry that failed while connected is tried again after these waits, then left to the next reconnect. */
export const LOBBY_RETRY_MS: readonly number[] = [2000, 5000, 15_000, 30_000, 60_000]

export class ChatroomSwitch {
  private readonly steps = new Serial()
  private readonly intent = new Generation()
  private place: Place = 'none'
  private readonly retries: Timers
  private failures = 0
  /** a room I ended as host while its 'room-ended' could not be sent (offline) */
  private owedEnd: string | null = null

  constructor(private readonly deps: ChatroomDeps) {
    this.retries = new Timers(deps.schedule)
  }

  /** where the newest intent wants the person */
  get wanted(): Place {
    return this.place
  }

  /** A new intent: `step` runs once every earlier step has settled, and settles the returned promise. */
  go<T>(place: Place, step: (turn: Turn) => Promise<T>): Promise<T> {
    const token = this.intent.next()
    this.place = place
    this.retries.clear()
    this.failures = 0
    return this.steps.run(() => step(this.turnOf(token)))
  }

  /** Into the lobby, after `leaving` (out of a room) if given: a new intent. */
  toLobby(leaving?: () => Promise<void>): Promise<void> {
    return this.go('lobby', async (turn) => {
      if (leaving) await leaving()
      await this.lobbyStep(turn)
    })
  }

  /** Where the intent in force wants the person, again: after a reconnect, or when the lobby chatroom was lost. */
  restore(): Promise<void> {
    return this.repair((turn) => this.lobbyStep(turn))
  }

  /**
   * Out of the room's chatroom and RTC room, in the background of an intent's step; as host
   * (`endsRoom`) the others are told first. Never rejects: a failure leaves nothing for the person
   * to do, and a leave the server never got is undone later (undoRejoin).
   */
  async leaveRoom(roomId: string | null, endsRoom: boolean): Promise<void> {
    const { rts, rtc } = this.deps
    const chat = endsRoom
      ? rts
          .sendRoomSignal({ type: 'room-ended' })
          .then(
            () => this.owe(roomId, false),
            () => this.owe(roomId, true), // the host entry vanishing tells everyone too, once the leave lands
          )
          .then(() => rts.leaveRoom())
      : rts.leaveRoom()
    await Promise.allSettled([chat, rtc.leave()])
  }

  /**
   * The service re-entered room `roomId` by itself after a reconnect, but I had left it (the leave
   * never reached the server): out of it again, telling the others the room ended if it was mine,
   * then where the intent in force wants me. Nothing when a newer intent is already on its way
   * (a join or create moves the service out of that room itself).
   */
  undoRejoin(roomId: string): Promise<void> {
    return this.repair(async (turn) => {
      if (turn.superseded || this.place === 'room') return
      const owed = this.owedEnd === roomId
      this.owedEnd = null
      await this.leaveRoom(roomId, owed)
      await this.lobbyStep(turn)
    })
  }

  /** The store stops for good (tests): no retry fires any more. */
  dispose(): void {
    this.retries.close()
  }

  private repair(step: (turn: Turn) => Promise<void>): Promise<void> {
    return this.steps.run(() => step(this.turnOf(this.intent.current)))
  }

  private turnOf(token: number): Turn {
    const intent = this.intent
    return {
      get superseded() {
        return !intent.isCurrent(token)
      },
    }
  }

  /** Whether room `roomId`'s 'room-ended' is still owed to its audience. */
  private owe(roomId: string | null, owed: boolean): void {
    if (owed && roomId !== null) this.owedEnd = roomId
    else if (!owed && this.owedEnd === roomId) this.owedEnd = null
  }

  /** Into the lobby if that is still the intent and the connection is up (a reconnect repairs it otherwise). */
  private async lobbyStep(turn: Turn): Promise<void> {
    if (turn.superseded || this.place !== 'lobby' || !this.deps.connected()) return
    try {
      await this.deps.enterLobby()
      this.failures = 0
    } catch {
      const wait = LOBBY_RETRY_MS[this.failures++]
      if (wait !== undefined && !turn.superseded) this.retries.after(wait, () => void this.restore())
    }
  }
}
