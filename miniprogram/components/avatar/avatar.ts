/** A round avatar: the picture when there is one, otherwise the first character of the name. */
import { initial } from '../../utils/format'

Component({
  properties: {
    name: { type: String, value: '' },
    src: { type: String, value: '' },
    /** diameter in rpx */
    size: { type: Number, value: 80 },
  },
  data: { letter: '?' },
  observers: {
    name(name: string) {
      this.setData({ letter: initial(name) })
    },
  },
})
