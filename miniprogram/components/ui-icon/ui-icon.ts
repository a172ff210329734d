/**
 * One icon of the app's set (icons.ts), painted in the colour of the text around it. Decorative:
 * hidden from screen readers; the button it sits in carries the label (aria-label).
 */
import { iconUri } from './icons'

Component({
  properties: {
    name: { type: String, value: '' },
    /** rpx */
    size: { type: Number, value: 40 },
  },
  data: { mask: '' },
  observers: {
    name(name: string) {
      const uri = iconUri(name)
      this.setData({ mask: uri ? `-webkit-mask-image: url('${uri}'); mask-image: url('${uri}');` : '' })
    },
  },
})
