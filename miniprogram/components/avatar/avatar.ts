/**
 * A round avatar: the picture when there is one, otherwise the first character of the name on a
 * colour of its own: the hue comes from the user id (`uid`), so a person looks the same on every
 * phone and in both themes (how light is the theme's: app.wxss --avatar-*).
 *
 * A picture that cannot be loaded shows the letter instead: an avatar still in WeChat's check
 * answers 404 until it passed (server/README.md "Avatars"), and an older client may still send a
 * local file of its own phone.
 */
import { hueOf, initial } from '../../utils/format'

Component({
  properties: {
    name: { type: String, value: '' },
    src: { type: String, value: '' },
    /** the user id; without one the hue comes from the name */
    uid: { type: String, value: '' },
    /** diameter in rpx */
    size: { type: Number, value: 80 },
  },
  data: { letter: '?', hue: 230, broken: false },
  observers: {
    'name, uid'(name: string, uid: string) {
      this.setData({ letter: initial(name), hue: hueOf(uid || name) })
    },
    src() {
      if (this.data.broken) this.setData({ broken: false })
    },
  },
  methods: {
    onImageError() {
      this.setData({ broken: true })
    },
  },
})
