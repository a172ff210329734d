/**
 * The host's camera: a native live-pusher (mode RTC) rendered from store fields, nothing else.
 * Not rendered while there is no push URL. A new pusherKey (or a new URL) recreates the native
 * tag, which is how a pusher broken by -1307 is rebuilt. Every native event goes up as one
 * 'nativeevent' event carrying a NativeMediaEvent, for the store.
 */
import { pusherError, pusherNet, pusherState, type NativeMediaEvent } from '../../core/native-media-event'

type Detail = Record<string, unknown>

/** wx:key of the one native tag: changes whenever the pusher must start from scratch. */
const instancesOf = (url: string, key: number): string[] => (url ? [`${key}|${url}`] : [])

Component({
  properties: {
    url: { type: String, value: '' },
    enableCamera: { type: Boolean, value: true },
    enableMic: { type: Boolean, value: true },
    /** 'front' | 'back' */
    devicePosition: { type: String, value: 'front' },
    pusherKey: { type: Number, value: 0 },
  },
  data: {
    instances: [] as string[],
  },
  observers: {
    'url, pusherKey'(url: string, pusherKey: number) {
      this.setData({ instances: instancesOf(url, pusherKey) })
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
    /** Stops and starts the current native pusher in place (a lighter restart than a new key). */
    restart() {
      if (!this.data.instances.length) return
      const context = wx.createLivePusherContext()
      context.stop({ complete: () => context.start({}) })
    },
  },
})
