import { AppError } from '../../../miniprogram/core/errors'
import type { Role } from '../../../miniprogram/core/roles'
import type { HostPauseReason } from '../../../miniprogram/core/wire'
import { MediaRecovery, type MediaRecoveryDeps } from '../../../miniprogram/stores/room/media-recovery'

/** A MediaRecovery over plain recording fakes and a manual clock. */
export function harness(options: { role?: Role; players?: string[]; permissions?: () => Promise<void>; signalFails?: boolean } = {}) {
  let role: Role = options.role ?? 'host'
  const timers: { fn: () => void; ms: number; cancelled: boolean }[] = []
  const log = {
    pusherKey: 0,
    pushUrls: [] as string[],
    errors: [] as (AppError | null)[],
    signals: [] as { paused: boolean; reason?: HostPauseReason }[],
    replays: [] as string[],
    screen: [] as boolean[],
    publishCalls: 0,
    unpublishCalls: 0,
    permissionCalls: 0,
  }
  /** results of the next publish() calls: a URL, or an error to reject with */
  const publishResults: (string | Error)[] = []
  const deps: MediaRecoveryDeps = {
    rtc: {
      publish: async () => {
        log.publishCalls++
        const next = publishResults.shift() ?? `rtmp://push/${log.publishCalls}`
        if (next instanceof Error) throw next
        return next
      },
      unpublish: async () => {
        log.unpublishCalls++
      },
    },
    role: () => role,
    setPusherKey: () => void log.pusherKey++,
    setPushUrl: (url) => void log.pushUrls.push(url),
    setError: (e) => void log.errors.push(e),
    sendPaused: async (paused, reason) => {
      if (options.signalFails) throw new Error('offline')
      log.signals.push(reason === undefined ? { paused } : { paused, reason })
    },
    replay: (id) => void log.replays.push(id),
    ensurePermissions: async () => {
      log.permissionCalls++
      await (options.permissions ?? (() => Promise.resolve()))()
    },
    schedule: (fn, ms) => {
      const t = { fn, ms, cancelled: false }
      timers.push(t)
      return () => void (t.cancelled = true)
    },
    players: () => options.players ?? [],
    keepScreenOn: (on) => void log.screen.push(on),
  }
  const recovery = new MediaRecovery(deps)
  return {
    recovery,
    log,
    publishResults,
    setRole: (r: Role) => void (role = r),
    pending: () => timers.filter((t) => !t.cancelled).map((t) => t.ms),
    /** fires the pending timers (in order), then lets the promises they started settle */
    async tick(): Promise<number[]> {
      const due = timers.splice(0).filter((t) => !t.cancelled)
      due.forEach((t) => t.fn())
      await flush()
      return due.map((t) => t.ms)
    },
  }
}

export const flush = () => new Promise<void>((resolve) => setImmediate(resolve))
export const lastError = (errors: (AppError | null)[]) => errors[errors.length - 1]
