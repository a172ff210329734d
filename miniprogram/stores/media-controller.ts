import { runInAction } from 'mobx-miniprogram'
import { toAppError } from '../core/errors'
import type { HostPauseReason } from '../core/wire'
import type { NativeMediaEvent, RemoteStream, RtcEvent } from '../services/types'
import type { RootStore } from './root-store'
import type { RoomStore } from './room-store'
import { MediaRecovery } from './media-recovery'
import type { MediaState, PlayerState } from './types'

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

/**
 * The room's media: what live-pusher / live-player render (room.media) and the host's controls.
 * Role checks happen in RoomStore before anything here runs.
 */
export class MediaController {
  /** the host stream last offered to me, for a retry */
  private lastHostStream: RemoteStream | null = null
  /** rebuilds broken native tags; one per room visit */
  private recovery: MediaRecovery | null = null

  constructor(
    private readonly root: RootStore,
    private readonly room: RoomStore,
  ) {}

  private get media(): MediaState {
    return this.room.media
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
    this.root.screen.keepOn(false)
  }

  private start(): void {
    this.recovery?.dispose()
    this.recovery = this.createRecovery()
    this.root.screen.keepOn(true)
  }

  private createRecovery(): MediaRecovery {
    const root = this.root
    const media = () => this.room.media
    return new MediaRecovery({
      rtc: root.rtc,
      role: () => this.room.role,
      setPusherKey: () => runInAction(() => void media().pusherKey++),
      setPushUrl: (url) => runInAction(() => void (media().pushUrl = url)),
      setError: (error) => runInAction(() => void (media().error = error)),
      sendHostPaused: (paused, reason) => root.rts.sendRoomSignal({ type: 'host-paused', paused, reason }),
      replay: (streamId) =>
        runInAction(() => {
          const player = media().players.find((p) => p.id === streamId)
          if (player) this.setPlayer({ ...player, key: player.key + 1 })
        }),
      ensurePermissions: () => root.permissions.ensureCameraAndMic(),
      schedule: root.schedule,
      players: () => media().players.map((p) => p.id),
      keepScreenOn: (on) => root.screen.keepOn(on),
    })
  }

  /** Subscribes to the host's stream; a failure shows as a media error with a retry. */
  async play(stream: RemoteStream): Promise<void> {
    const visit = this.room.id
    this.lastHostStream = stream
    try {
      const url = await this.root.rtc.subscribe(stream.id)
      runInAction(() => {
        if (this.room.id !== visit) return
        const previous = this.media.players.find((p) => p.id === stream.id)
        this.setPlayer({ id: stream.id, userId: stream.userId, url, key: previous ? previous.key + 1 : 0 })
      })
    } catch (e) {
      runInAction(() => {
        if (this.room.id === visit) this.media.error = toAppError(e)
      })
    }
  }

  async switchCamera(): Promise<void> {
    await this.root.rtc.switchCamera()
    runInAction(() => {
      this.media.camera = this.media.camera === 'front' ? 'back' : 'front'
    })
  }

  async setMic(on: boolean): Promise<void> {
    await this.root.rtc.setMic(on)
    runInAction(() => {
      this.media.micOn = on
    })
    this.announceMediaState()
  }

  async setCamera(on: boolean): Promise<void> {
    await this.root.rtc.setCamera(on)
    runInAction(() => {
      this.media.cameraOn = on
    })
    this.announceMediaState()
  }

  handleNative(event: NativeMediaEvent): void {
    this.root.rtc.handleNativeEvent(event)
    this.recovery?.handle(event)
  }

  /** The retry button: recovery's own failures first; else the host republishes, the audience plays again. */
  async retry(): Promise<void> {
    if (this.recovery && (await this.recovery.retry())) return
    runInAction(() => {
      this.media.error = null
    })
    if (this.room.can.controlMedia) {
      try {
        // the old stream may still be registered on the server: publishing twice is refused
        await this.root.rtc.unpublish().catch(() => undefined)
        const url = await this.root.rtc.publish()
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
        if (this.room.can.controlMedia) this.media.pushUrl = event.url
        return
      case 'stream-added':
        if (this.room.isHostStream(event.stream)) void this.play(event.stream)
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
    this.root.rts
      .sendRoomSignal({ type: 'media-state', micOn: this.media.micOn, cameraOn: this.media.cameraOn })
      .catch(() => undefined)
  }
}
