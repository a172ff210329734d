/**
 * What phones do to native media tags, and how the room gets its picture back. No wx, no SDK:
 * everything it touches is injected, so every rule below is tested with plain functions.
 *
 * Host and guest (pusher; core/roles.ts `publish`):
 * - -1307 (network lost, WeChat gave up its own retries): a new live-pusher (new key) on a freshly
 *   published stream, after 1 s, 2 s, 4 s; the try fails when publish rejects or the new pusher
 *   breaks again before pushing (1002 / 1018, or net status with data moving). After the third
 *   failed try: a visible NETWORK error whose retry button calls retry().
 * - 10001 / 10002 (camera / mic denied): the permission flow (getSetting → authorize → modal →
 *   openSetting), then a rebuilt pusher; still refused → PERMISSION_DENIED with a retry.
 * - 5000 (app hidden) / 5001 (phone call): a host-paused signal to the audience (a guest's:
 *   guest-paused, for their tile); resumed
 *   (paused: false) when the push comes back (1002 / 1003 / 1007 / 1018) or the app is shown.
 * Everyone (players: the audience plays the host and guests, the host and guests the others):
 * - -2301 (network lost, retries exhausted): the player is replayed (new key) after 1 s, 2 s, 4 s;
 *   after the third failed replay a visible error with retry. Shown again → every player replays.
 */
import { AppError, toAppError } from '../../core/errors'
import type { NativeMediaEvent } from '../../core/native-media-event'
import { can, type Role } from '../../core/roles'
import type { Schedule } from '../../core/timers'
import type { HostPauseReason } from '../../core/wire'
import type { RtcService } from '../../services/types'

export interface MediaRecoveryDeps {
  rtc: Pick<RtcService, 'publish' | 'unpublish'>
  role: () => Role
  /** a new live-pusher: bump media.pusherKey */
  setPusherKey: () => void
  setPushUrl: (url: string) => void
  /** the visible media error (with its retry button), or null to clear it */
  setError: (error: AppError | null) => void
  /** tells the room my picture paused: core/wire Signal 'host-paused' (the host) or 'guest-paused' (a guest) */
  sendPaused: (paused: boolean, reason?: HostPauseReason) => Promise<void>
  /** a new live-player for this stream (bump its key, or re-set its url) */
  replay: (streamId: string) => void
  /** platform/permissions ensureCameraAndMic: rejects AppError PERMISSION_DENIED when refused */
  ensurePermissions: () => Promise<void>
  schedule: Schedule
  /** the streams now played, for replaying them when the app is shown again */
  players?: () => string[]
  /** WeChat drops keep-screen-on when the app leaves the foreground; re-applied on show */
  keepScreenOn?: (on: boolean) => void
  /** delays before each try; their count is the number of tries */
  backoffMs?: readonly number[]
}

export const RECOVERY_BACKOFF_MS: readonly number[] = [1000, 2000, 4000]

/** live-pusher / live-player codes this class reacts to (WeChat component docs). */
export const MEDIA_CODES = {
  pushNetworkLost: -1307,
  playNetworkLost: -2301,
  appHidden: 5000,
  callInterrupted: 5001,
  cameraDenied: 10001,
  micDenied: 10002,
} as const

/** The push is really flowing: 1002 handshake done / pushing, 1018 entered the RTC room. */
const PUSHING_CODES: ReadonlySet<number> = new Set([1002, 1018])
/** Capture is back after a pause: also camera opened (1003) and first frame captured (1007). */
const PUSH_RESUMED_CODES: ReadonlySet<number> = new Set([1002, 1003, 1007, 1018])
/** Playing: first video packet (2003), playback started (2004), first audio frame (2026). */
const PLAYING_CODES: ReadonlySet<number> = new Set([2003, 2004, 2026])

export const PUSH_BROKEN_MESSAGE = '推流中断了，观众暂时看不到你的画面，请检查网络后点击重试'
export const PLAY_BROKEN_MESSAGE = '直播画面中断了，请检查网络后点击重试'

const dataMoving = (info: Record<string, unknown>): boolean => typeof info.netSpeed === 'number' && info.netSpeed > 0

type Failure = 'push' | 'permission' | 'play'

export class MediaRecovery {
  private readonly backoff: readonly number[]
  private disposed = false
  /** what the visible error's retry button retries */
  private failure: Failure | null = null

  private pushTries = 0
  private cancelPushTry: (() => void) | null = null
  private pushTryRunning = false

  private permissionRunning = false
  private paused: HostPauseReason | null = null

  private readonly playTries = new Map<string, number>()
  private readonly cancelReplay = new Map<string, () => void>()
  private readonly brokenPlayers = new Set<string>()

  constructor(private readonly deps: MediaRecoveryDeps) {
    this.backoff = deps.backoffMs ?? RECOVERY_BACKOFF_MS
  }

  /** A native live-pusher / live-player event, as the media components hand it over. */
  handleNativeEvent(event: NativeMediaEvent): void {
    if (this.disposed) return
    if (event.source === 'player') {
      if (event.kind === 'state' && event.code === MEDIA_CODES.playNetworkLost) this.playBroken(event.streamId)
      else if (event.kind === 'state' ? PLAYING_CODES.has(event.code) : dataMoving(event.info)) this.playing(event.streamId)
      return
    }
    if (!can(this.deps.role(), 'publish')) return
    if (event.kind === 'net') {
      if (dataMoving(event.info)) this.pushing()
      return
    }
    const { code } = event
    if (code === MEDIA_CODES.pushNetworkLost) this.pushBroken()
    else if (code === MEDIA_CODES.cameraDenied || code === MEDIA_CODES.micDenied) void this.askPermissions()
    else if (code === MEDIA_CODES.appHidden) this.pause('background')
    else if (code === MEDIA_CODES.callInterrupted) this.pause('call')
    else if (event.kind === 'state') {
      if (PUSHING_CODES.has(code)) this.pushing()
      if (PUSH_RESUMED_CODES.has(code)) this.resume()
    }
  }

  /** The page's onShow / onHide while in a room. */
  setAppVisible(visible: boolean): void {
    if (this.disposed) return
    const publisher = can(this.deps.role(), 'publish')
    if (!visible) {
      // 5000 does not reach JS on every phone before the app freezes: say it now as well
      if (publisher) this.pause('background')
      return
    }
    this.deps.keepScreenOn?.(true)
    if (publisher) this.resume()
    // players may be added but not started while in the background (the host and guests play the others too)
    for (const id of this.deps.players?.() ?? []) this.deps.replay(id)
  }

  /**
   * The retry button of the visible media error. Resolves false when the error was not one of
   * this class's (a failed subscribe, a kick): the caller's own retry applies then.
   */
  async retry(): Promise<boolean> {
    if (this.disposed || !this.failure) return false
    const failure = this.failure
    this.failure = null
    this.deps.setError(null)
    if (failure === 'push') {
      this.pushTries = 0
      await this.tryPush()
    } else if (failure === 'permission') {
      await this.askPermissions()
    } else {
      const ids = [...this.brokenPlayers]
      this.brokenPlayers.clear()
      for (const id of ids) {
        this.playTries.delete(id)
        this.deps.replay(id)
      }
    }
    return true
  }

  /** A player went away (stream removed, unsubscribed): stop recovering it. */
  forget(streamId: string): void {
    this.cancelReplay.get(streamId)?.()
    this.cancelReplay.delete(streamId)
    this.playTries.delete(streamId)
    this.brokenPlayers.delete(streamId)
  }

  /** Leaving the room: pending tries are dropped, nothing is sent any more. */
  dispose(): void {
    this.disposed = true
    this.cancelPushTry?.()
    this.cancelPushTry = null
    for (const cancel of this.cancelReplay.values()) cancel()
    this.cancelReplay.clear()
  }

  // ---- host and guest: push ------------------------------------------------------------------

  private pushBroken(): void {
    // the old tag dying while a new one is on its way, or after we gave up: nothing new
    if (this.cancelPushTry || this.pushTryRunning || this.failure === 'push') return
    if (this.pushTries >= this.backoff.length) {
      this.failure = 'push'
      this.deps.setError(new AppError('NETWORK', PUSH_BROKEN_MESSAGE))
      return
    }
    this.cancelPushTry = this.deps.schedule(() => {
      this.cancelPushTry = null
      void this.tryPush()
    }, this.backoff[this.pushTries])
  }

  private async tryPush(): Promise<void> {
    // a guest taken off camera while the try waited: nothing is published again
    if (!can(this.deps.role(), 'publish')) return
    this.pushTries++
    this.pushTryRunning = true
    let url: string
    try {
      // the old stream is dead on the server side too; unpublishing may fail on a bad network
      await this.deps.rtc.unpublish().catch(() => undefined)
      url = await this.deps.rtc.publish()
    } catch {
      this.pushTryRunning = false
      if (!this.disposed) this.pushBroken()
      return
    }
    this.pushTryRunning = false
    if (this.disposed) return
    if (!can(this.deps.role(), 'publish')) {
      this.deps.rtc.unpublish().catch(() => undefined)
      return
    }
    this.deps.setPushUrl(url)
    this.deps.setPusherKey()
  }

  /** A guest stepped down: whatever was going on with the pusher is over (a next time starts clean). */
  stopPushing(): void {
    this.cancelPushTry?.()
    this.cancelPushTry = null
    this.pushTries = 0
    this.paused = null
    if (this.failure === 'push' || this.failure === 'permission') {
      this.failure = null
      this.deps.setError(null)
    }
  }

  private pushing(): void {
    this.pushTries = 0
    if (this.failure === 'push') {
      this.failure = null
      this.deps.setError(null)
    }
  }

  private async askPermissions(): Promise<void> {
    if (this.permissionRunning) return
    this.permissionRunning = true
    try {
      await this.deps.ensurePermissions()
    } catch (e) {
      this.permissionRunning = false
      if (this.disposed) return
      this.failure = 'permission'
      this.deps.setError(toAppError(e, 'PERMISSION_DENIED'))
      return
    }
    this.permissionRunning = false
    if (this.disposed) return
    if (this.failure === 'permission') {
      this.failure = null
      this.deps.setError(null)
    }
    // a live-pusher that failed to open the camera does not try again by itself
    this.deps.setPusherKey()
  }

  private pause(reason: HostPauseReason): void {
    if (this.paused === reason) return
    this.paused = reason
    this.deps.sendPaused(true, reason).catch(() => undefined)
  }

  private resume(): void {
    if (!this.paused) return
    this.paused = null
    this.deps.sendPaused(false).catch(() => undefined)
  }

  // ---- everyone: play ------------------------------------------------------------------------

  private playBroken(streamId: string): void {
    if (this.cancelReplay.has(streamId) || this.brokenPlayers.has(streamId)) return
    const tries = this.playTries.get(streamId) ?? 0
    if (tries >= this.backoff.length) {
      this.brokenPlayers.add(streamId)
      this.failure = 'play'
      this.deps.setError(new AppError('NETWORK', PLAY_BROKEN_MESSAGE))
      return
    }
    const cancel = this.deps.schedule(() => {
      this.cancelReplay.delete(streamId)
      this.playTries.set(streamId, tries + 1)
      this.deps.replay(streamId)
    }, this.backoff[tries])
    this.cancelReplay.set(streamId, cancel)
  }

  private playing(streamId: string): void {
    this.playTries.delete(streamId)
    if (this.brokenPlayers.delete(streamId) && this.failure === 'play' && this.brokenPlayers.size === 0) {
      this.failure = null
      this.deps.setError(null)
    }
  }
}
