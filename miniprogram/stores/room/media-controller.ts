import { runInAction } from 'mobx-miniprogram'
import { toAppError } from '../../core/errors'
import type { Generation } from '../../core/generation'
import type { NativeMediaEvent } from '../../core/native-media-event'
import { can, type Role } from '../../core/roles'
import type { HostPauseReason } from '../../core/wire'
import type { RemoteStream, RtcEvent, RtcService, RtsService } from '../../services/types'
import type { MediaPermissions, Schedule, ScreenControl } from '../deps'
import type { MediaState, PlayerState } from '../types'
import { MediaRecovery } from './media-recovery'

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
  /** whether `stream` is the recorded host's, the only one the audience plays */
  isHostStream(stream: RemoteStream): boolean
  /** whether the signalling connection is up (offline, a subscribe can only fail) */
  connected(): boolean
}

/**
 * The room's media: what live-pusher / live-player render (room.media) and the host's controls.
 * Role checks happen in RoomStore before anything here runs.
 */
export class MediaController {
  /** the host stream last offered to me, for a retry */
  private lastHostStream: RemoteStream | null = null
  /** rebuilds broken native tags; one per room visit */
  private recovery: MediaRecovery | null = null

  constructor(private readonly deps: MediaDeps) {}

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
    this.lastHostStream = null
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
      sendHostPaused: (paused, reason) => deps.rts.sendRoomSignal({ type: 'host-paused', paused, reason }),
      replay: (streamId) =>
        runInAction(() => {
          const player = media().players.find((p) => p.id === streamId)
          if (player) this.setPlayer({ ...player, key: player.key + 1 })
        }),
      ensurePermissions: () => deps.permissions.ensureCameraAndMic(),
      schedule: deps.schedule,
      players: () => media().players.map((p) => p.id),
      keepScreenOn: (on) => deps.screen.keepOn(on),
    })
  }

  /**
   * The host's stream, offered on entering: played now, or, while the connection is down (it
   * dropped in the middle of the join), once the room is back (resume).
   */
  async watch(stream: RemoteStream): Promise<void> {
    this.lastHostStream = stream
    if (this.deps.connected()) await this.play(stream)
  }

  /**
   * Back in the room after a reconnect: a host stream that is not playing because the connection
   * was down (not played yet, or its subscribe failed NOT_CONNECTED) is played now, without
   * waiting for the retry button. Other failures keep their error and its retry.
   */
  resume(): void {
    const stream = this.lastHostStream
    const error = this.media.error
    if (!stream || !this.deps.isHostStream(stream) || (error && error.code !== 'NOT_CONNECTED')) return
    if (!error && this.media.players.some((p) => p.id === stream.id && p.url)) return
    this.media.error = null
    void this.play(stream)
  }

  /** Subscribes to the host's stream; a failure shows as a media error with a retry. */
  async play(stream: RemoteStream): Promise<void> {
    const gen = this.deps.generation.current
    this.lastHostStream = stream
    try {
      const url = await this.deps.rtc.subscribe(stream.id)
      runInAction(() => {
        if (!this.deps.generation.isCurrent(gen)) return
        const previous = this.media.players.find((p) => p.id === stream.id)
        this.setPlayer({ id: stream.id, userId: stream.userId, url, key: previous ? previous.key + 1 : 0 })
      })
    } catch (e) {
      runInAction(() => {
        if (this.deps.generation.isCurrent(gen)) this.media.error = toAppError(e)
      })
    }
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

  /** The retry button: recovery's own failures first; else the host republishes, the audience plays again. */
  async retry(): Promise<void> {
    if (this.recovery && (await this.recovery.retry())) return
    runInAction(() => {
      this.media.error = null
    })
    if (can(this.deps.role(), 'controlMedia')) {
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
    if (this.lastHostStream) await this.play(this.lastHostStream)
  }

  setAppVisible(visible: boolean): void {
    this.recovery?.setAppVisible(visible)
  }

  setHostPaused(reason: HostPauseReason | null): void {
    this.media.hostPaused = reason
  }

  onRtcEvent(event: RtcEvent): void {
    switch (event.type) {
      case 'push-url':
        if (can(this.deps.role(), 'controlMedia')) this.media.pushUrl = event.url
        return
      case 'stream-added':
        if (this.deps.isHostStream(event.stream)) void this.play(event.stream)
        return
      case 'stream-removed':
        this.recovery?.forget(event.streamId)
        this.media.players = this.media.players.filter((p) => p.id !== event.streamId)
        return
      case 'player-url': {
        const player = this.media.players.find((p) => p.id === event.streamId)
        if (player && player.url !== event.url) this.setPlayer({ ...player, url: event.url })
        return
      }
      case 'network-quality':
        this.media.networkQuality = event.quality
        return
      case 'kicked':
        this.media.error = event.error
        return
    }
  }

  private setPlayer(player: PlayerState): void {
    const others = this.media.players.filter((p) => p.id !== player.id)
    this.media.players = [...others, player]
  }

  private announceMediaState(): void {
    this.deps.rts
      .sendRoomSignal({ type: 'media-state', micOn: this.media.micOn, cameraOn: this.media.cameraOn })
      .catch(() => undefined)
  }
}
