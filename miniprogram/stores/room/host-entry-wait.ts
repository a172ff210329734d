/**
 * A join whose snapshot came back before the room's entries (the service had not read them yet,
 * a slow first KV pull: services/types.ts RoomSnapshot.entriesPending) waits here for the host's
 * claim among the 'entry' events held while joining. Without it the room would look hostless and
 * the join fail as ROOM_NOT_FOUND although the room is live (issue 10 B7). No claim within
 * ENTRIES_WAIT_MS means the network is the cause: the caller fails as NETWORK.
 */
import { resolveHost } from '../../core/room-protocol'
import type { Cancel, Schedule } from '../../core/timers'

/** Longer than RongCloud's own wait for its first pull (services/rongcloud/room.ts ENTRIES_SYNC_WAIT_MS, 5 s). */
export const ENTRIES_WAIT_MS = 10_000

export class HostEntryWait {
  /** 'entry' events seen since the join began (null: removed) */
  private seen: Record<string, string | null> = {}
  private wake: (() => void) | null = null

  constructor(private readonly schedule: Schedule) {}

  /** An 'entry' event held while joining. */
  entry(key: string, value: string | null): void {
    this.seen[key] = value
    this.wake?.()
  }

  /**
   * Resolves with `base` and the entries seen since, once they hold a host claim; null when none
   * comes within ENTRIES_WAIT_MS or the join became `stale` (checked whenever cancel() is called).
   */
  wait(base: Record<string, string>, stale: () => boolean): Promise<Record<string, string> | null> {
    return new Promise((resolve) => {
      let stopTimer: Cancel = () => undefined
      const finish = (entries: Record<string, string> | null) => {
        stopTimer()
        this.wake = null
        resolve(entries)
      }
      const check = () => {
        if (stale()) return finish(null)
        const entries = this.merged(base)
        if (resolveHost(entries)) finish(entries)
      }
      stopTimer = this.schedule(() => finish(null), ENTRIES_WAIT_MS)
      this.wake = check
      check()
    })
  }

  /** A new join, or the one waiting became pointless: forget what was seen, let a waiter look again. */
  cancel(): void {
    this.seen = {}
    this.wake?.()
  }

  private merged(base: Record<string, string>): Record<string, string> {
    const entries = { ...base }
    for (const [key, value] of Object.entries(this.seen)) {
      if (value === null) delete entries[key]
      else entries[key] = value
    }
    return entries
  }
}
