/** RtcService over the demo hub: a meeting-mode RTC room per room number, fake rtmp URLs. */
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

  join(roomId: string): Promise<{ streams: RemoteStream[] }> {
    return this.hub.request(this.client, (account) => this.hub.rtc.join(account, roomId))
  }

  leave(): Promise<void> {
    return this.hub.request(this.client, (account) => this.hub.rtc.leave(account))
  }

  publish(): Promise<string> {
    return this.hub.request(this.client, (account) => this.hub.rtc.publish(account))
  }

  unpublish(): Promise<void> {
    return this.hub.request(this.client, (account) => this.hub.rtc.unpublish(account))
  }

  subscribe(streamId: string): Promise<string> {
    return this.hub.request(this.client, (account) => this.hub.rtc.subscribe(account, streamId))
  }

  unsubscribe(streamId: string): Promise<void> {
    return this.hub.request(this.client, (account) => this.hub.rtc.unsubscribe(account, streamId))
  }

  switchCamera(): Promise<void> {
    return this.hub.request(this.client, (account) => this.hub.rtc.device(account, {}))
  }

  setMic(on: boolean): Promise<void> {
    return this.hub.request(this.client, (account) => this.hub.rtc.device(account, { micOn: on }))
  }

  setCamera(on: boolean): Promise<void> {
    return this.hub.request(this.client, (account) => this.hub.rtc.device(account, { cameraOn: on }))
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
