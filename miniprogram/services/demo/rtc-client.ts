/** RtcService over the demo hub: a meeting-mode RTC room per room number, fake rtmp URLs. */
import { AppError } from '../../core/errors'
import type { NativeMediaEvent, NetworkQuality, RemoteStream, RtcEvent, RtcService, Unsubscribe } from '../types'
import type { DemoClient } from './client'
import type { Hub } from './hub'

/**
 * live-pusher / live-player net status carries videoFPS and netSpeed; lacking a real quality
 * report, the frame rate is the best single hint of how the stream is doing.
 */
export function qualityFromNetInfo(info: Record<string, unknown>): NetworkQuality {
  const fps = info.videoFPS
  if (typeof fps !== 'number' || !Number.isFinite(fps)) return 'unknown'
  if (fps >= 15) return 'good'
  if (fps >= 8) return 'fair'
  return 'poor'
}

export class DemoRtcService implements RtcService {
  private quality: NetworkQuality = 'unknown'
  /** the last native events, kept for inspection (the real SDK reports them) */
  readonly nativeEvents: NativeMediaEvent[] = []

  constructor(
    private readonly hub: Hub,
    private readonly client: DemoClient,
  ) {}

  /**
   * The plugin marks itself in a room before its join resolves and answers any join meanwhile, or
   * while in a room, with 50002 REPERT_JOIN_ROOM, without asking the server
   * (@rongcloud/plugin-wechat-rtc 5.4.0 dist/index.js pretty-printed with `npx prettier@3.10.1`,
   * joinRTCRoom pp L2335-2347; dist/index.d.ts L26-27). The RongCloud service reports a code it
   * has no row for as NETWORK with the code (services/rongcloud/rtc/error-table.ts).
   */
  join(roomId: string): Promise<{ streams: RemoteStream[] }> {
    const client = this.client
    if (client.rtcJoin !== 'none') {
      return new Promise((_, reject) => {
        this.hub.scheduler.after(0, () => reject(new AppError('NETWORK', '进入音视频房间失败，请检查网络后重试（错误码 50002）')))
      })
    }
    client.rtcJoin = 'joining'
    return this.hub.request(client, (account) => this.hub.rtc.join(account, client, roomId)).then(
      (result) => {
        if (client.rtcJoin === 'joining') client.rtcJoin = 'joined'
        return result
      },
      (error: unknown) => {
        if (client.rtcJoin === 'joining') client.rtcJoin = 'none'
        throw error
      },
    )
  }

  /**
   * Leaving needs the room a settled join handed back (the plugin's leaveRoom(room), pp L2367-2373):
   * a leave while a join is still on its way forgets nothing on this side.
   */
  leave(): Promise<void> {
    const client = this.client
    if (client.rtcJoin === 'joined') client.rtcJoin = 'none'
    if (client.state !== 'connected' && client.rtcJoin === 'none') this.hub.abandonRtc(client)
    return this.hub.request(client, (account) => this.hub.rtc.leave(account, client))
  }

  publish(): Promise<string> {
    return this.hub.request(this.client, (account) => this.hub.rtc.publish(account, this.client))
  }

  unpublish(): Promise<void> {
    return this.hub.request(this.client, (account) => this.hub.rtc.unpublish(account, this.client))
  }

  subscribe(streamId: string): Promise<string> {
    return this.hub.request(this.client, (account) => this.hub.rtc.subscribe(account, this.client, streamId))
  }

  unsubscribe(streamId: string): Promise<void> {
    return this.hub.request(this.client, (account) => this.hub.rtc.unsubscribe(account, streamId, this.client))
  }

  switchCamera(): Promise<void> {
    return this.hub.request(this.client, (account) => this.hub.rtc.device(account, this.client, {}))
  }

  setMic(on: boolean): Promise<void> {
    return this.hub.request(this.client, (account) => this.hub.rtc.device(account, this.client, { micOn: on }))
  }

  setCamera(on: boolean): Promise<void> {
    return this.hub.request(this.client, (account) => this.hub.rtc.device(account, this.client, { cameraOn: on }))
  }

  handleNativeEvent(event: NativeMediaEvent): void {
    this.nativeEvents.push(event)
    if (this.nativeEvents.length > 20) this.nativeEvents.shift()
    if (event.source !== 'pusher' || event.kind !== 'net') return
    const quality = qualityFromNetInfo(event.info)
    if (quality === this.quality) return
    this.quality = quality
    // asynchronous like every other event, so a listener never runs inside the native callback
    this.hub.scheduler.after(0, () => this.client.rtc.emit({ type: 'network-quality', quality }))
  }

  onEvent(listener: (event: RtcEvent) => void): Unsubscribe {
    return this.client.rtc.on(listener)
  }
}
