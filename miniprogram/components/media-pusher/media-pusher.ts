/**
 * The host's camera: a native live-pusher (mode RTC) rendered from store fields, nothing else.
 * Not rendered while there is no push URL. A new pusherKey (or a new URL) recreates the native
 * tag, which is how a pusher broken by -1307 is rebuilt. Every native event goes up as one
 * 'nativeevent' event carrying a NativeMediaEvent, for the store.
 *
 * `preview`: the camera shows on this phone and nothing is pushed (no URL, startPreview). The
 * pre-live screen uses it, and so does the room in demo mode, where the push URL leads nowhere: a
 * live-pusher pushing to it would only fail (-1307) and be rebuilt again and again.
 */
import { pusherError, pusherNet, pusherState, type NativeMediaEvent } from '../../core/native-media-event'

type Detail = Record<string, unknown>

/** wx:key of the one native tag: changes whenever the pusher must start from scratch. */
const instancesOf = (url: string, key: number, preview: boolean): string[] => (preview ? [`${key}|preview`] : url ? [`${key}|${url}`] : [])

interface PreviewContext {
  startPreview?(options: { fail?: () => void }): void
  stopPreview?(options: Record<string, never>): void
}

Component({
  properties: {
    url: { type: String, value: '' },
    enableCamera: { type: Boolean, value: true },
    enableMic: { type: Boolean, value: true },
    /** 'front' | 'back' */
    devicePosition: { type: String, value: 'front' },
    pusherKey: { type: Number, value: 0 },
    preview: { type: Boolean, value: false },
    /** live-pusher's 0-9 scales */
    beauty: { type: Number, value: 0 },
    whiteness: { type: Number, value: 0 },
  },
  data: {
    instances: [] as string[],
    pushUrl: '',
  },
  observers: {
    'url, pusherKey, preview'(url: string, pusherKey: number, preview: boolean) {
      const wasPreview = this.data.instances.some((i) => i.endsWith('|preview'))
      this.setData({ instances: instancesOf(url, pusherKey, preview), pushUrl: preview ? '' : url }, () => {
        if (preview) this.previewContext()?.startPreview?.({})
        else if (wasPreview) this.previewContext()?.stopPreview?.({})
      })
    },
  },
  lifetimes: {
    detached() {
      if (this.data.preview) this.previewContext()?.stopPreview?.({})
    },
  },
  methods: {
    onStateChange(e: WechatMiniprogram.CustomEvent<Detail>) {
      this.forward(pusherState(e.detail))
    },
    onNetStatus(e: WechatMiniprogram.CustomEvent<Detail>) {
      this.forward(pusherNet(e.detail))
    },
    onError(e: WechatMiniprogram.CustomEvent<Detail>) {
      this.forward(pusherError(e.detail))
    },
    forward(event: NativeMediaEvent | null) {
      if (event) this.triggerEvent('nativeevent', event)
    },
    previewContext(): PreviewContext | null {
      try {
        return wx.createLivePusherContext() as unknown as PreviewContext
      } catch {
        return null
      }
    },
    /** Stops and starts the current native pusher in place (a lighter restart than a new key). */
    restart() {
      if (!this.data.instances.length || this.data.preview) return
      const context = wx.createLivePusherContext()
      context.stop({ complete: () => context.start({}) })
    },
  },
})
