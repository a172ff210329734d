/**
 * RtcService over @rongcloud/plugin-wechat-rtc. The plugin only does meeting rooms: the host
 * publishes, the audience subscribes to the host's stream, everyone is a full RTC member (16 at
 * most). URLs reach the native tags through the store, not through the vendor's rc-* components:
 * the push URL comes from the one core-context listener (core-context.ts), the play URL from
 * stream.getRTMPUrl() after subscribe.
 */
import {
  RCKickReason,
  type IResourceNetStatus,
  type RCRTCClient,
  type RCRTCRoom,
} from '@rongcloud/plugin-wechat-rtc'
import { AppError } from '../../../core/errors'
import { Generation } from '../../../core/generation'
import { Listeners } from '../../../core/listeners'
import { systemSchedule, type Schedule } from '../../../core/timers'
import type { NativeMediaEvent, NetworkQuality, RemoteStream, RtcEvent, RtcService, Unsubscribe } from '../../types'
import { forwardNetStatus, releaseMediaUrls, routeMediaUrls, type MediaUrlSink } from './core-context'
import { qualityOfReport } from './network-quality'
import { call, DEFAULT_PUBLISH_TAG, DEFAULT_REJOIN_DELAY_MS, enterRtcRoom, MESSAGES, type RongCloudRtcOptions } from './plugin-calls'
import { RemoteStreams, resubscribe } from './remote-streams'

export { DEFAULT_PUBLISH_TAG, DEFAULT_REJOIN_DELAY_MS, MAX_RTC_MEMBERS } from './plugin-calls'
export type { RongCloudRtcOptions } from './plugin-calls'

export class RongCloudRtc implements RtcService, MediaUrlSink {
  private readonly client: RCRTCClient
  private readonly schedule: Schedule
  private readonly rejoinDelayMs: number
  private readonly tag: string
  private readonly listeners = new Listeners<RtcEvent>()

  private room: RCRTCRoom | null = null
  private roomId: string | null = null
  /** moves on with every join / leave, so late results of an abandoned call are dropped */
  private readonly generation = new Generation()
  /** the plugin room's streams, what is subscribed, the play URLs (remote-streams.ts) */
  private readonly streams = new RemoteStreams((event) => this.emit(event))
  private publishing = false
  private pushUrl = ''
  private quality: NetworkQuality = 'unknown'
  private cancelRejoin: (() => void) | null = null
  /**
   * The join or rejoin on the wire, clean-up included. The plugin marks its client joined as soon
   * as a join starts and answers any join while marked with 50002 (REPERT_JOIN_ROOM), so a new
   * one waits for this to settle.
   */
  private joinChain: Promise<unknown> = Promise.resolve()

  constructor(options: RongCloudRtcOptions & { client: RCRTCClient }) {
    this.client = options.client
    this.schedule = options.schedule ?? systemSchedule
    this.rejoinDelayMs = options.rejoinDelayMs ?? DEFAULT_REJOIN_DELAY_MS
    this.tag = options.publishTag ?? DEFAULT_PUBLISH_TAG
  }

  // ---- RtcService -------------------------------------------------------------------------

  join(roomId: string): Promise<{ streams: RemoteStream[] }> {
    // the newest join wins: one still waiting or on the wire gives up its room when it settles
    const gen = this.generation.next()
    this.stopRejoin()
    return this.oneAtATime(async () => {
      if (!this.generation.isCurrent(gen)) throw new AppError('NETWORK', MESSAGES.notInRoom)
      if (this.room || this.roomId) await this.teardown()
      routeMediaUrls(this)
      const room = await enterRtcRoom(this.client, roomId)
      if (!this.generation.isCurrent(gen)) {
        // left (or joined elsewhere) while this join was on the wire
        await this.client.leaveRoom(room).catch(() => undefined)
        throw new AppError('NETWORK', MESSAGES.notInRoom)
      }
      this.roomId = roomId
      this.attach(room)
      return { streams: this.streams.list() }
    })
  }

  async leave(): Promise<void> {
    this.generation.next()
    await this.teardown()
  }

  private stopRejoin(): void {
    this.cancelRejoin?.()
    this.cancelRejoin = null
  }

  /** Leaves the plugin room and forgets it; the caller has moved the generation on. */
  private async teardown(): Promise<void> {
    this.stopRejoin()
    const room = this.room
    const wasPublishing = this.publishing
    this.reset()
    if (room) {
      // best effort: the room is being left either way, and leaveRoom tears down locally
      if (wasPublishing) await room.unpublishStream().catch(() => undefined)
      await this.client.leaveRoom(room).catch(() => undefined)
    }
    releaseMediaUrls(this)
  }

  async publish(): Promise<string> {
    const room = this.requireRoom()
    if (this.publishing && this.pushUrl) return this.pushUrl
    // the URL arrives through the core context while publishStream runs (pusherUrl below)
    await call('publish', () => room.publishStream(this.tag))
    this.publishing = true
    if (!this.pushUrl) throw new AppError('NETWORK', MESSAGES.noPushUrl)
    return this.pushUrl
  }

  async unpublish(): Promise<void> {
    const room = this.room
    if (!room || !this.publishing) return
    await call('publish', () => room.unpublishStream())
    this.publishing = false
    this.pusherUrl('')
  }

  async subscribe(streamId: string): Promise<string> {
    const room = this.requireRoom()
    const stream = this.streams.get(streamId)
    if (!stream) throw new AppError('NETWORK', MESSAGES.streamGone)
    // subTiny false: the audience watches the host full screen, the small stream would blur.
    // The plugin never settles a subscribe whose stream went while it waited: it gives up then.
    await this.streams.whileListed(streamId, () => call('subscribe', () => room.subscribe([{ stream, subTiny: false }])))
    const url = stream.getRTMPUrl() || this.streams.url(streamId)
    if (!url) throw new AppError('NETWORK', MESSAGES.noPlayUrl)
    this.streams.subscribed.add(streamId)
    this.playerUrl(streamId, url)
    return url
  }

  async unsubscribe(streamId: string): Promise<void> {
    const room = this.room
    const stream = this.streams.get(streamId)
    if (room && stream && this.streams.subscribed.has(streamId)) await call('subscribe', () => room.unsubscribe([stream]))
    this.streams.subscribed.delete(streamId)
    this.playerUrl(streamId, '')
  }

  async switchCamera(): Promise<void> {
    // the plugin only dispatches 'switchCamera' to its context; the store flips device-position
    this.requireRoom().switchCamera()
  }

  async setMic(on: boolean): Promise<void> {
    const room = this.requireRoom()
    await call('device', () => (on ? room.openMicphone() : room.closeMicphone()))
  }

  async setCamera(on: boolean): Promise<void> {
    const room = this.requireRoom()
    await call('device', () => (on ? room.openCamera() : room.closeCamera()))
  }

  handleNativeEvent(event: NativeMediaEvent): void {
    forwardNetStatus(event)
  }

  onEvent(listener: (event: RtcEvent) => void): Unsubscribe {
    return this.listeners.on(listener)
  }

  // ---- MediaUrlSink: the plugin's core-context dispatches -----------------------------------

  pusherUrl(url: string): void {
    if (url === this.pushUrl) return
    this.pushUrl = url
    this.emit({ type: 'push-url', url })
  }

  playerUrl(streamId: string, url: string): void {
    this.streams.playerUrl(streamId, url)
  }

  // ---- internals ------------------------------------------------------------------------------

  private emit(event: RtcEvent): void {
    this.listeners.emit(event)
  }

  /** Runs `task` once every join before it has settled (see joinChain). */
  private oneAtATime<T>(task: () => Promise<T>): Promise<T> {
    const run = this.joinChain.then(task)
    this.joinChain = run.catch(() => undefined)
    return run
  }

  private requireRoom(): RCRTCRoom {
    if (!this.room) throw new AppError('NOT_CONNECTED', MESSAGES.notInRoom)
    return this.room
  }

  /** `again`: a rejoin, whose streams are told as they differ from the ones before */
  private attach(room: RCRTCRoom, again = false): void {
    this.room = room
    this.streams.load(room.getRemoteStreams(), again)
    room.registerRoomEventListener({
      onStreamPublish: (streams) => this.room === room && this.streams.published(streams),
      onStreamUnpublish: (streams) => this.room === room && this.onGone(room, streams.map((s) => s.getMsid())),
      // someone who left without unpublishing (dropped, evicted) is told only this way
      onUserLeave: (userIds) => this.room === room && this.onGone(room, this.streams.ofUsers(userIds)),
      onKickOff: (_byServer, reason) => this.room === room && this.onKickOff(reason),
    })
    room.registerReportListener((report) => this.room === room && this.onReport(report))
  }

  /** Streams went; when the plugin dropped what this phone plays with them, it asks for it again. */
  private onGone(room: RCRTCRoom, ids: string[]): void {
    if (!this.streams.gone(ids)) return
    const stream = this.streams.get([...this.streams.subscribed][0] ?? '')
    if (stream) resubscribe(room, stream).catch(() => undefined)
  }

  private onReport(report: IResourceNetStatus): void {
    const quality = qualityOfReport(report)
    if (quality === this.quality) return
    this.quality = quality
    this.emit({ type: 'network-quality', quality })
  }

  /** The plugin has already torn the room down when this fires. */
  private onKickOff(reason: RCKickReason | undefined): void {
    const roomId = this.roomId
    const wasPublishing = this.publishing
    const wasSubscribed = [...this.streams.subscribed]
    this.room = null
    this.publishing = false
    this.streams.subscribed.clear()
    this.pusherUrl('')
    for (const id of wasSubscribed) this.playerUrl(id, '')
    if (!roomId) return
    if (reason === RCKickReason.OTHER_KICK) {
      // the same account joined from another device: getting back in would only kick that one
      this.roomId = null
      this.emit({ type: 'kicked', error: new AppError('KICKED') })
      return
    }
    const gen = this.generation.current
    this.cancelRejoin = this.schedule(() => {
      this.cancelRejoin = null
      void this.oneAtATime(() => this.rejoin(roomId, gen, wasPublishing, wasSubscribed))
    }, this.rejoinDelayMs)
  }

  private async rejoin(roomId: string, gen: number, republish: boolean, resubscribeIds: string[]): Promise<void> {
    try {
      const room = await enterRtcRoom(this.client, roomId)
      if (!this.generation.isCurrent(gen)) {
        await this.client.leaveRoom(room).catch(() => undefined)
        return
      }
      this.attach(room, true)
      if (republish) await this.publish()
      for (const id of resubscribeIds) if (this.streams.get(id)) await this.subscribe(id)
    } catch (err) {
      if (!this.generation.isCurrent(gen)) return
      const room = this.room
      this.reset()
      if (room) await this.client.leaveRoom(room).catch(() => undefined)
      const error = err instanceof AppError && err.code !== 'NETWORK' ? err : new AppError('NETWORK', MESSAGES.rejoinFailed)
      this.emit({ type: 'kicked', error })
    }
  }

  private reset(): void {
    this.room = null
    this.roomId = null
    this.publishing = false
    this.streams.clear()
    this.pusherUrl('')
    this.quality = 'unknown'
  }
}
