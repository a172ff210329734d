/**
 * The remote streams of the adapter's plugin room, its subscriptions to them and their play
 * URLs, kept against three ways of @rongcloud/plugin-wechat-rtc 5.4.0 ("pp L" = a line of its
 * dist/index.js pretty-printed with prettier 3.10.1):
 * - someone who leaves the RTC room without unpublishing (dropped, evicted by the server, app
 *   killed) is told as onUserLeave only, never onStreamUnpublish (RemoteUserCommand, pp
 *   L1137-1166): their streams go here too;
 * - the plugin runs calls and notices on one queue, notices ahead of waiting calls (pp
 *   L1093-1098), and a command that throws is dropped without ever settling its caller's promise
 *   (pp L1059-1065). A subscribe whose stream was unpublished while it waited throws there
 *   (getUriByResourceId on a resource gone, pp L1478-1482): so a subscribe gives up when its
 *   stream goes (`whileListed`) instead of waiting forever;
 * - when streams this phone holds no subscription to go away, the plugin's unsubscribe keeps
 *   nothing (pp L602-610) and sends the gateway an empty subscription list, /exit when nothing
 *   is published (pp L827): the streams still played stop being relayed. `lostSubscriptions`
 *   tells when, and `resubscribe` has the plugin send the whole list again.
 */
import type { RCRTCRoom, RCRemoteStream } from '@rongcloud/plugin-wechat-rtc'
import { AppError } from '../../../core/errors'
import type { RemoteStream, RtcEvent } from '../../types'
import { call, MESSAGES, toRemote } from './plugin-calls'

export class RemoteStreams {
  private readonly streams = new Map<string, RCRemoteStream>()
  /** what this phone subscribed to, as far as the plugin has said yes */
  readonly subscribed = new Set<string>()
  private readonly playerUrls = new Map<string, string>()
  /** subscribes on their way, by stream: told when the stream goes */
  private readonly waiting = new Map<string, Set<(error: AppError) => void>>()

  constructor(private readonly emit: (event: RtcEvent) => void) {}

  get(id: string): RCRemoteStream | undefined {
    return this.streams.get(id)
  }

  list(): RemoteStream[] {
    return [...this.streams.values()].map(toRemote)
  }

  ids(): string[] {
    return [...this.streams.keys()]
  }

  /** The plugin room's streams on entering it; on entering again (`tell`), what changed is told. */
  load(streams: RCRemoteStream[], tell: boolean): void {
    const next = new Map(streams.map((s) => [s.getMsid(), s]))
    if (tell) for (const id of this.ids()) if (!next.has(id)) this.drop(id)
    const before = new Set(this.ids())
    this.streams.clear()
    for (const [id, s] of next) {
      this.streams.set(id, s)
      if (tell && !before.has(id)) this.emit({ type: 'stream-added', stream: toRemote(s) })
    }
  }

  /** onStreamPublish */
  published(streams: RCRemoteStream[]): void {
    for (const s of streams) {
      const id = s.getMsid()
      // republished (e.g. the host rebuilt a broken pusher): the old subscription is dead
      if (this.streams.has(id)) this.drop(id)
      this.streams.set(id, s)
      this.emit({ type: 'stream-added', stream: toRemote(s) })
    }
  }

  /** onStreamUnpublish / onUserLeave: true when the plugin dropped what this phone plays (see the header) */
  gone(ids: string[]): boolean {
    const known = ids.filter((id) => this.streams.has(id))
    const lost = lostSubscriptions(known, this.subscribed)
    known.forEach((id) => this.drop(id))
    return lost
  }

  /** the streams of these users */
  ofUsers(userIds: string[]): string[] {
    return [...this.streams.values()].filter((s) => userIds.includes(s.getUserId())).map((s) => s.getMsid())
  }

  /** the play URL last told for stream `id` ('' when none) */
  url(id: string): string {
    return this.playerUrls.get(id) ?? ''
  }

  /** A play URL from the plugin (or ours): told when it changed. */
  playerUrl(id: string, url: string): void {
    if ((this.playerUrls.get(id) ?? '') === url) return
    if (url) this.playerUrls.set(id, url)
    else this.playerUrls.delete(id)
    this.emit({ type: 'player-url', streamId: id, url })
  }

  /** Runs a plugin call for stream `id`; rejects as soon as the stream goes (or everything does). */
  whileListed<T>(id: string, task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiting = this.waiting.get(id) ?? new Set()
      this.waiting.set(id, waiting)
      const stop = (error: AppError) => {
        waiting.delete(stop)
        reject(error)
      }
      waiting.add(stop)
      task().then(
        (value) => (waiting.delete(stop), resolve(value)),
        (error: unknown) => (waiting.delete(stop), reject(error)),
      )
    })
  }

  /** Leaving, or the plugin room is gone: nothing is kept, subscribes on their way give up. */
  clear(): void {
    this.streams.clear()
    this.subscribed.clear()
    this.playerUrls.clear()
    const waiting = [...this.waiting.values()].flatMap((set) => [...set])
    this.waiting.clear()
    waiting.forEach((stop) => stop(new AppError('NETWORK', MESSAGES.notInRoom)))
  }

  private drop(id: string): void {
    this.streams.delete(id)
    this.subscribed.delete(id)
    this.playerUrls.delete(id)
    const waiting = [...(this.waiting.get(id) ?? [])]
    this.waiting.delete(id)
    waiting.forEach((stop) => stop(new AppError('NETWORK', MESSAGES.streamGone)))
    this.emit({ type: 'stream-removed', streamId: id })
  }
}

/** Streams went of which this phone subscribed none, while it still plays others (see the header). */
export function lostSubscriptions(goneIds: string[], subscribed: ReadonlySet<string>): boolean {
  return goneIds.length > 0 && subscribed.size > 0 && !goneIds.some((id) => subscribed.has(id))
}

/**
 * Has the plugin send the gateway the whole subscription list again. Subscribing what it already
 * holds sends nothing (pp L559-560); a stream asked for with another subTiny counts as new and
 * the exchange carries all (pp L515-520, L621-628): small stream, then back to the full one.
 */
export async function resubscribe(room: RCRTCRoom, stream: RCRemoteStream): Promise<void> {
  await call('subscribe', () => room.subscribe([{ stream, subTiny: true }]))
  await call('subscribe', () => room.subscribe([{ stream, subTiny: false }]))
}
