/**
 * The privacy dialog WeChat requires before camera, microphone, avatar and nickname: it opens
 * while a privacy call is waiting (platform/privacy.ts) and settles it with the person's choice.
 * Put one on every page that can trigger such a call.
 */
import { agreePrivacy, disagreePrivacy, onPrivacyPopup } from '../../platform/privacy'

const AGREE_BUTTON_ID = 'privacy-agree'
const subscriptions = new WeakMap<object, () => void>()

Component({
  options: { styleIsolation: 'apply-shared' },
  data: { open: false, agreeId: AGREE_BUTTON_ID },
  lifetimes: {
    attached() {
      subscriptions.set(
        this,
        onPrivacyPopup((open) => {
          if (open !== this.data.open) this.setData({ open })
        }),
      )
    },
    detached() {
      subscriptions.get(this)?.()
      subscriptions.delete(this)
    },
  },
  methods: {
    onOpenGuide() {
      if (wx.openPrivacyContract) wx.openPrivacyContract({})
    },
    onAgree() {
      agreePrivacy(AGREE_BUTTON_ID)
    },
    onDisagree() {
      disagreePrivacy()
    },
  },
})
