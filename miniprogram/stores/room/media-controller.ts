import { runInAction } from 'mobx-miniprogram'
import { toAppError } from '../../core/errors'
import type { Generation } from '../../core/generation'
import type { NativeMediaEvent } from '../../core/native-media-event'
import { can, type Role } from '../../core/roles'
import type { HostPauseReason } from '../../core/wire'
import type { RemoteStream, RtcEvent, RtcService, RtsService } from '../../services/types'
import type { MediaPermissions, Schedule, ScreenControl } from '../deps'
import type { MediaState } from '../types'
import { MediaRecovery } from './media-recovery'
import { StreamPlayers } from './stream-players'

const quiet = (): undefined => undefined

export function idleMedia(): MediaState {
  return {
    pushUrl: '',
    players: [],
    camera: 'front',
    micOn: true,
    cameraOn: true,
    pusherKey: 0,
    networkQuality: 'unknown',
    hostPaused: null,
    pausedGuests: {},
    error: null,
  }
}

/** What the room's media needs. */
export interface MediaDeps {
  rtc: RtcService
  rts: Pick<RtsService, 'sendRoomSignal'>
  permissions: MediaPermissions
  screen: ScreenControl
  schedule: Schedule
  /** the room's media fields (replaced when the room resets: always read through this) */
  media(): MediaState
  role(): Role
  /** the room's stale-result guard: a subscribe that resolves after leaving is dropped */
  generation: Generation
  /**
   * whether this phone plays `stream`: the recorded host's or an accepted guest's, never my own;
   * a stream published by anyone else is never played
   */
  mayPlay(stream: RemoteStream): boolean
  /** whether the signalling connection is up (offline, a subscribe can only fail) */
  connected(): boolean
}

/**
 * The room's media: what live-pusher / live-player render (room.media) and the host's and guests'
 * own controls. Role checks happen in RoomStore before anything here runs. Every stream published
 * in the RTC room is remembered (`offered`); the ones `mayPlay` allows are played, and whenever the
 * guest list changes `reconcile` plays the newly allowed ones and drops the ones no longer allowed.
 */
export class MediaController {
  /** the remote streams: which are offered, which are played */
  private readonly players: StreamPlayers
  /** a guest's camera is published (or on its way) */
  private publishing = false
  /** rebuilds broken native tags; one per room visit */
  private recovery: MediaRecovery | null = null

  constructor(private readonly deps: MediaDeps) {
    this.players = new StreamPlayers({ ...deps, forget: (id) => this.recovery?.forget(id) })
  }

  private get media(): MediaState {
    return this.deps.media()
  }

  startPushing(url: string): void {
    this.media.pushUrl = url
    this.start()
  }

  startWatching(): void {
    this.start()
  }

  stop(): void {
    this.players.clear()
    this.publishing = false
    this.recovery?.dispose()
    this.recovery = null
    this.deps.screen.keepOn(false)
  }

  private start(): void {
    this.recovery?.dispose()
    this.recovery = this.createRecovery()
    this.deps.screen.keepOn(true)
  }

  private createRecovery(): MediaRecovery {
    const { deps } = this
    const media = deps.media
    return new MediaRecovery({
      rtc: deps.rtc,
      role: deps.role,
      setPusherKey: () => runInAction(() => void media().pusherKey++),
      setPushUrl: (url) => runInAction(() => void (media().pushUrl = url)),
      setError: (error) => runInAction(() => void (media().error = error)),
      // the host's picture is the room's; a guest's pause marks only their tile
      sendPaused: (paused, reason) => deps.rts.sendRoomSignal({ type: deps.role() === 'host' ? 'host-paused' : 'guest-paused', paused, reason }),
      replay: (streamId) => runInAction(() => this.players.replay(streamId)),
      ensurePermissions: () => deps.permissions.ensureCameraAndMic(),
      schedule: deps.schedule,
      players: () => media().players.map((p) => p.id),
      keepScreenOn: (on) => deps.screen.keepOn(on),
    })
  }

  /** The streams published in the room, as the RTC join handed them back (stream-players.ts). */
  offer(streams: readonly RemoteStream[]): Promise<void> {
    return this.players.offer(streams)
  }

  /** Back in the room after a reconnect (stream-players.ts). */
  resume(): void {
    this.players.resume()
  }

  /** The guest list changed: play whom it now allows, stop playing whom it no longer does. */
  reconcile(): void {
    this.players.reconcile()
    for (const userId of Object.keys(this.media.pausedGuests)) {
      if (!this.deps.mayPlay({ id: '', userId })) this.setGuestPaused(userId, null)
    }
  }

  /**
   * A guest goes on camera: the permission flow first (as before creating a room), then the
   * publish. A refusal or a failed publish shows as a media error whose retry starts again.
   */
  async startPublishing(): Promise<void> {
    const gen = this.deps.generation.current
    this.publishing = true
    try {
      await this.deps.permissions.ensureCameraAndMic()
      const url = await this.deps.rtc.publish()
      runInAction(() => {
        if (!this.deps.generation.isCurrent(gen) || !this.publishing) return
        this.media.pushUrl = url
        this.media.pusherKey++
      })
    } catch (e) {
      runInAction(() => {
        if (!this.deps.generation.isCurrent(gen) || !this.publishing) return
        this.publishing = false
        this.players.playFailed = false
        this.media.error = toAppError(e, 'PERMISSION_DENIED')
      })
    }
  }

  /** A guest steps down: the camera stops being published; the others' streams keep playing. */
  async stopPublishing(): Promise<void> {
    this.publishing = false
    this.recovery?.stopPushing()
    runInAction(() => {
      this.media.pushUrl = ''
      this.media.micOn = true
      this.media.cameraOn = true
      this.media.camera = 'front'
      if (this.media.error && !this.players.playFailed) this.media.error = null
    })
    await this.deps.rtc.unpublish().catch(quiet)
  }

  async switchCamera(): Promise<void> {
    await this.deps.rtc.switchCamera()
    runInAction(() => {
      this.media.camera = this.media.camera === 'front' ? 'back' : 'front'
    })
  }

  async setMic(on: boolean): Promise<void> {
    await this.deps.rtc.setMic(on)
    runInAction(() => {
      this.media.micOn = on
    })
    this.announceMediaState()
  }

  async setCamera(on: boolean): Promise<void> {
    await this.deps.rtc.setCamera(on)
    runInAction(() => {
      this.media.cameraOn = on
    })
    this.announceMediaState()
  }

  handleNativeEvent(event: NativeMediaEvent): void {
    this.deps.rtc.handleNativeEvent(event)
    this.recovery?.handleNativeEvent(event)
  }

  /**
   * The retry button: recovery's own failures first; a failed subscribe plays again; else whoever
   * publishes publishes again (a guest whose camera never went out starts over), the audience plays
   * again.
   */
  async retry(): Promise<void> {
    if (this.recovery && (await this.recovery.retry())) return
    const playFailed = this.players.playFailed
    runInAction(() => {
      this.media.error = null
      this.players.playFailed = false
    })
    if (!playFailed && can(this.deps.role(), 'controlMedia')) {
      if (this.deps.role() === 'guest' && !this.publishing) return this.startPublishing()
      try {
        // the old stream may still be registered on the server: publishing twice is refused
        await this.deps.rtc.unpublish().catch(() => undefined)
        const url = await this.deps.rtc.publish()
        runInAction(() => {
          this.media.pusherKey++
          this.media.pushUrl = url
        })
      } catch (e) {
        runInAction(() => {
          this.media.error = toAppError(e)
        })
      }
      return
    }
    await this.players.playAllowed(true)
  }

  setAppVisible(visible: boolean): void {
    this.recovery?.setAppVisible(visible)
  }

  setHostPaused(reason: HostPauseReason | null): void {
    this.media.hostPaused = reason
  }

  /** A guest's app went to the background or a call (null: back). */
  setGuestPaused(userId: string, reason: HostPauseReason | null): void {
    const paused = { ...this.media.pausedGuests }
    if (reason) paused[userId] = reason
    else delete paused[userId]
    this.media.pausedGuests = paused
  }

  onRtcEvent(event: RtcEvent): void {
    switch (event.type) {
      case 'push-url':
        if (can(this.deps.role(), 'controlMedia')) this.media.pushUrl = event.url
        return
      case 'stream-added':
      case 'stream-removed':
      case 'player-url':
        this.players.onRtcEvent(event)
        return
      case 'network-quality':
        this.media.networkQuality = event.quality
        return
      case 'kicked':
        this.media.error = event.error
        return
    }
  }

  /** the host's mic and camera state is the room's (a host-only signal); a guest's shows on their own tile only */
  private announceMediaState(): void {
    if (this.deps.role() !== 'host') return
    this.deps.rts
      .sendRoomSignal({ type: 'media-state', micOn: this.media.micOn, cameraOn: this.media.cameraOn })
      .catch(() => undefined)
  }
}
