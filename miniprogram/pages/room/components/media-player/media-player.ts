/**
 * One remote stream: a native live-player (mode RTC) rendered from store fields, nothing else.
 * Not rendered while there is no URL. A new URL or playerKey recreates the native tag: live-player
 * does not reliably switch URLs in place, and a fresh tag is the replay after -2301. Native
 * events go up as one 'nativeevent' event carrying a NativeMediaEvent with this streamId.
 *
 * `simulated` (demo mode): the stream is a simulated person's and its URL leads nowhere, so a
 * placeholder says so instead of a black player retrying for ever: 「演示主播 · 无真实画面」, or
 * 「演示嘉宾 · 无真实画面」 for a guest (`guest`). `compact`: a small tile (co-guests), the
 * placeholder in short.
 */
import { playerNet, playerState, type NativeMediaEvent } from '../../../../core/native-media-event'

type Detail = Record<string, unknown>

const instancesOf = (url: string, key: number): string[] => (url ? [`${key}|${url}`] : [])

Component({
  properties: {
    streamId: { type: String, value: '' },
    url: { type: String, value: '' },
    /** optional: bump it to replay this stream on a new native player */
    playerKey: { type: Number, value: 0 },
    simulated: { type: Boolean, value: false },
    /** a co-guest's stream, not the host's (the placeholder says whose) */
    guest: { type: Boolean, value: false },
    /** shown as a small tile */
    compact: { type: Boolean, value: false },
  },
  data: {
    instances: [] as string[],
  },
  observers: {
    'url, playerKey, simulated'(url: string, playerKey: number, simulated: boolean) {
      this.setData({ instances: simulated ? [] : instancesOf(url, playerKey) })
    },
  },
  methods: {
    onStateChange(e: WechatMiniprogram.CustomEvent<Detail>) {
      this.forward(playerState(this.data.streamId, e.detail))
    },
    onNetStatus(e: WechatMiniprogram.CustomEvent<Detail>) {
      this.forward(playerNet(this.data.streamId, e.detail))
    },
    forward(event: NativeMediaEvent | null) {
      if (event) this.triggerEvent('nativeevent', event)
    },
    /** Stops and plays the current native player in place (a lighter replay than a new key). */
    replay() {
      if (!this.data.instances.length) return
      const context = wx.createLivePlayerContext('media-player', this)
      context.stop({ complete: () => context.play({}) })
    },
  },
})
