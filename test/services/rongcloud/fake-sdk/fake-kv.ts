/**
 * One client's local state for one joined chatroom, as the engine keeps it: a KV cache that the
 * entry getters read while you are in the room, filled only by pulls.
 *
 * Evidence: "pp L" = a line of the engine's dist file pretty-printed with prettier 3.10.1:
 *   npx prettier@3.10.1 --stdin-filepath engine.js < node_modules/@rongcloud/engine/index.cjs.js
 * (prettier skips node_modules when given the path, hence stdin).
 * - joining creates this state and starts the pulls (pp L31103-31125 joinChatroom → startInterval);
 *   the KV pull runs only when the navigation data has kvStorage on (pp L30919-30931, L31035-31041);
 * - a pull runs at once and then every 180 s (pp L2997-3010, L30924);
 * - a failed pull is not retried (pp L2956-2963: it just returns) until the next KV
 *   notification (pp L2930-2937 push → _execPulling) or the 180 s interval;
 * - `entriesSynced` is emitted once, after the first pull that succeeds (pp L30495-30497);
 * - a pull that is a full update reports every cached key missing from it as deleted
 *   (pp L30462-30469), then `updatedEntries` carries what changed (pp L30498-30502);
 * - your own set / remove changes the cache at once (pp L30514-30540, L30541-30573).
 */
import type { IChatroomListenerData, RCResult } from '@rongcloud/imlib-next'

/** pp L30924: the pull interval */
export const KV_PULL_INTERVAL_MS = 180_000

const UPDATE = 1 // ChatroomEntryType.UPDATE
const DELETE = 2 // ChatroomEntryType.DELETE

export interface KvHooks {
  /** one pullKV query to the server: the room's entries as they are now, or a failure code */
  fetch(): Promise<RCResult<Record<string, string>>>
  emit(event: IChatroomListenerData): void
  now(): number
}

export class LocalChatroom {
  readonly cache = new Map<string, string>()
  /** setInitVersion(0) happened: KV notifications lead to pulls (pp L2921-2937) */
  private started = false
  private emittedSynced = false
  private pulling = false
  /** a notification arrived while pulling: pull again after (pp L2977-2989) */
  private again = false
  private interval: ReturnType<typeof setInterval> | null = null
  private stopped = false

  constructor(
    readonly id: string,
    private readonly hooks: KvHooks,
  ) {}

  /** after joining; only when the navigation data enables KV storage (pp L30919-30931) */
  start(kvStorage: boolean): void {
    if (!kvStorage) return
    this.started = true
    this.startInterval()
  }

  /** after the SDK's own rejoin: pp L30932-30942 restarts the pull without checking kvStorage */
  restart(): void {
    this.stopInterval()
    this.started = true
    this.startInterval()
  }

  /** SUSPEND stops the pulls but keeps the cache (zg, pp L31390-31408) */
  stopInterval(): void {
    if (this.interval) clearInterval(this.interval)
    this.interval = null
  }

  /** the room is left, destroyed or the connection ended for good (Zg, pp L31369-31389) */
  dispose(): void {
    this.stopped = true
    this.stopInterval()
    this.cache.clear()
  }

  /** the server says the room's KV changed (sCmd type 2 → handleKVNotify, pp L31447-31477) */
  notify(): void {
    if (!this.started) return // dataVersion is still -1: the notification only queues
    void this.pull()
  }

  private startInterval(): void {
    this.stopped = false
    void this.pull()
    const handle = setInterval(() => void this.pull(), KV_PULL_INTERVAL_MS)
    ;(handle as { unref?: () => void }).unref?.()
    this.interval = handle
  }

  private async pull(): Promise<void> {
    if (this.pulling) {
      this.again = true
      return
    }
    this.pulling = true
    const result = await this.hooks.fetch()
    this.pulling = false
    if (this.stopped) return
    if (!result.isOk || !result.data) return // not retried here
    this.apply(result.data)
    if (this.again) {
      this.again = false
      void this.pull()
    }
  }

  private apply(entries: Record<string, string>): void {
    const changes: NonNullable<IChatroomListenerData['updatedEntries']> = []
    const timestamp = this.hooks.now()
    for (const [key, value] of Array.from(this.cache.entries())) {
      if (key in entries) continue
      this.cache.delete(key)
      changes.push({ chatroomId: this.id, key, value, timestamp, type: DELETE })
    }
    for (const [key, value] of Object.entries(entries)) {
      if (this.cache.get(key) === value) continue
      this.cache.set(key, value)
      changes.push({ chatroomId: this.id, key, value, timestamp, type: UPDATE })
    }
    if (!this.emittedSynced) {
      this.emittedSynced = true
      this.hooks.emit({ entriesSynced: this.id })
    }
    if (changes.length) this.hooks.emit({ updatedEntries: changes })
  }
}
