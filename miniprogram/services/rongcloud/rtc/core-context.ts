/**
 * The plugin hands out the push URL only through its core context (`coreContext.dispatch(
 * 'setPusherUrl', url)` during publishStream, 'setPlayerSrc' on subscribe), a fan-out without
 * removeEventListener. So exactly one listener is added per context object, for the life of the
 * app, and it routes to whichever adapter is current.
 */
import { __innerGetCoreContext__, __innerGetPlayerContext__, __innerGetPusherContext__ } from '@rongcloud/plugin-wechat-rtc'
import type { NativeMediaEvent } from '../../types'

/** What the plugin tells the native tags, in the adapter's terms. */
export interface MediaUrlSink {
  pusherUrl(url: string): void
  playerUrl(streamId: string, url: string): void
}

type CoreContext = ReturnType<typeof __innerGetCoreContext__>

// a WeakSet rather than a flag: a second copy of the plugin (jest module isolation, a
// per-package bundle) brings its own context, which needs its own single listener
const registered = new WeakSet<CoreContext>()
let current: MediaUrlSink | null = null

function ensureListener(): void {
  const context = __innerGetCoreContext__()
  if (registered.has(context)) return
  registered.add(context)
  context.addEventListener({
    setPusherUrl: (url: string) => current?.pusherUrl(typeof url === 'string' ? url : ''),
    setPlayerSrc: (streamId: string, src: string) => current?.playerUrl(streamId, typeof src === 'string' ? src : ''),
  })
}

/** Makes `sink` the receiver of the plugin's URL dispatches (the previous one stops receiving). */
export function routeMediaUrls(sink: MediaUrlSink): void {
  ensureListener()
  current = sink
}

/** Stops routing to `sink`, if it is still the current receiver. */
export function releaseMediaUrls(sink: MediaUrlSink): void {
  if (current === sink) current = null
}

/** Feeds native net status into the plugin's report listener, exactly as its rc-* components would. */
export function forwardNetStatus(event: NativeMediaEvent): void {
  if (event.kind !== 'net') return
  if (event.source === 'pusher') __innerGetPusherContext__().emit('netStatus', event.info)
  else __innerGetPlayerContext__().emit('netStatus', event.streamId, event.info)
}
