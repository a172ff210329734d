/**
 * Claiming one room number as host, the two ways (entering.ts draws numbers and runs one of these
 * per number). The camera is published only into a room that is settled as mine, so it never goes
 * into a room someone else holds (issue 10 C21). Each returns true when in, false when the number
 * is taken (draw another), and throws otherwise, having undone what it entered.
 *
 * - unsigned (no server of ours): the chatroom's `host` entry, written without force, is the claim;
 *   it goes side by side with the RTC join, then the publish: three round trips;
 * - signed: POST /v1/rooms with the number side by side with the RTC join; the server's 201 makes
 *   the number mine; then the chatroom join side by side with the publish: two round trips. A
 *   number taken is ROOM_TAKEN; a title refused (CONTENT_REJECTED, INVALID_TITLE) fails the create.
 */
import { AppError, toAppError } from '../../core/errors'
import { hostClaimEntry, hostOpeningEntries, type RoomEntry } from '../../core/room-protocol'
import type { Profile } from '../../core/types'
import type { RoomSnapshot, RtcService, RtsService } from '../../services/types'
import type { RoomAuthority, RoomDocuments } from './authority'

export interface ClaimSteps {
  rts: Pick<RtsService, 'createRoom' | 'joinRoom'>
  rtc: Pick<RtcService, 'join' | 'publish'>
  now(): number
  /** a newer intent came, or the visit ended: undo and stop */
  stale(): boolean
  /** in the room as its host, pushing to `pushUrl`; `writes` go to the room's attributes */
  enter(roomId: string, host: Profile, snapshot: RoomSnapshot, pushUrl: string, writes: RoomEntry[], documents: RoomDocuments | null): void
  /** out of what a failed attempt entered: the chatroom with the RTC room, or the RTC room alone */
  undo(inChatroom: boolean): Promise<void>
}

const cancelled = (): AppError => new AppError('NOT_ALLOWED', '已取消开播')

export async function claimUnsigned(steps: ClaimSteps, roomId: string, me: Profile, title: string | undefined): Promise<boolean> {
  const [chat, rtc] = await Promise.allSettled([steps.rts.createRoom(roomId, hostClaimEntry(me, steps.now(), title)), steps.rtc.join(roomId)])
  const snapshot = chat.status === 'fulfilled' ? chat.value : null
  let publishFailure: unknown = null
  if (snapshot && rtc.status === 'fulfilled' && !steps.stale()) {
    try {
      const pushUrl = await steps.rtc.publish()
      if (!steps.stale()) {
        // hold the mute-list key from the start, so nobody else can own it
        steps.enter(roomId, me, snapshot, pushUrl, hostOpeningEntries(me), null)
        return true
      }
    } catch (e) {
      publishFailure = e
    }
  }
  await steps.undo(snapshot !== null)
  if (steps.stale()) throw cancelled()
  if (chat.status === 'rejected') throw toAppError(chat.reason)
  // taken: whatever the other host's RTC room said (full, say) does not concern the next number
  if (snapshot === null) return false
  throw toAppError(rtc.status === 'rejected' ? rtc.reason : publishFailure)
}

export async function claimSigned(steps: ClaimSteps, authority: RoomAuthority, roomId: string, me: Profile, title: string | undefined): Promise<boolean> {
  const [created, rtc] = await Promise.allSettled([authority.create(roomId, title), steps.rtc.join(roomId)])
  const documents = created.status === 'fulfilled' ? created.value : null
  if (!documents || rtc.status === 'rejected' || steps.stale()) {
    await Promise.all([steps.undo(false), documents ? authority.endRoom(roomId) : undefined])
    if (steps.stale()) throw cancelled()
    if (created.status === 'rejected') throw toAppError(created.reason)
    if (!documents) return false
    throw toAppError(rtc.status === 'rejected' ? rtc.reason : undefined)
  }
  const [chat, pushed] = await Promise.allSettled([steps.rts.joinRoom(roomId), steps.rtc.publish()])
  if (chat.status === 'fulfilled' && pushed.status === 'fulfilled' && !steps.stale()) {
    steps.enter(roomId, documents.host.id === me.id ? documents.host : me, chat.value, pushed.value, hostOpeningEntries(me, true), documents)
    return true
  }
  await Promise.all([steps.undo(chat.status === 'fulfilled'), authority.endRoom(roomId)])
  if (steps.stale()) throw cancelled()
  throw toAppError(chat.status === 'rejected' ? chat.reason : pushed.status === 'rejected' ? pushed.reason : undefined)
}
