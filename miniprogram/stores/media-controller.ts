import { runInAction } from 'mobx-miniprogram'
import { toAppError } from '../core/errors'
import type { HostPauseReason } from '../core/wire'
import type { NativeMediaEvent, RemoteStream, RtcEvent } from '../services/types'
import type { RootStore } from './root-store'
import type { RoomStore } from './room-store'
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

  constructor(
    private readonly root: RootStore,
    private readonly room: RoomStore,
  ) {}

  private get media(): MediaState {
    return this.room.media
  }

  startPushing(url: string): void {
    this.media.pushUrl = url
    this.root.screen.keepOn(true)
  }

  startWatching(): void {
    this.root.screen.keepOn(true)
  }

  stop(): void {
    this.lastHostStream = null
    this.root.screen.keepOn(false)
  }

  /** Subscribes to the host's stream; a failure shows as a media error with a retry. */
  async play(stream: RemoteStream): Promise<void> {
    const visit = this.room.id
    this.lastHostStream = stream
    try {
      const url = await this.root.rtc.subscribe(stream.id)
      runInAction(() => {
        if (this.room.id === visit) this.setPlayer({ id: stream.id, userId: stream.userId, url })
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
  }

  /** The retry button: the host publishes again on a fresh pusher, the audience plays again. */
  async retry(): Promise<void> {
    this.media.error = null
    if (this.room.can.controlMedia) {
      try {
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
    if (!this.room.can.controlMedia) return
    this.root.rts
      .sendRoomSignal({ type: 'host-paused', paused: !visible, reason: 'background' })
      .catch(() => undefined)
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
