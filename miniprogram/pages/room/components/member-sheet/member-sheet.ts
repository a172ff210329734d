/**
 * The room's member list as a bottom sheet. When `canMute` (the store's room.can.mute) is true each
 * other member has a 禁言 / 解除禁言 button that calls the store.
 */
import { toastError } from '../../../../utils/errors'
import { storeBehavior, storeOf } from '../../../../utils/store-behavior'

export interface MemberView {
  id: string
  uid: string
  name: string
  avatar: string
  muted: boolean
  isHost: boolean
  isMe: boolean
  /** on camera with the host (连麦) */
  isGuest: boolean
}

Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    open: { type: Boolean, value: false },
    members: { type: Array, value: [] as MemberView[] },
    /** how many are in the room and whom that counts, e.g. '5 人（含主播和你）' */
    memberLabel: { type: String, value: '' },
    canMute: { type: Boolean, value: false },
  },
  data: { pendingId: '' },
  behaviors: [storeBehavior()],
  methods: {
    onClose() {
      this.triggerEvent('close')
    },
    async onToggleMute(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string; muted: boolean }>) {
      const store = storeOf(this)
      const { id, muted } = e.currentTarget.dataset
      if (!store || !id || this.data.pendingId) return
      this.setData({ pendingId: id })
      try {
        if (muted) await store.room.unmute(id)
        else await store.room.mute(id)
      } catch (err) {
        toastError(err)
      } finally {
        this.setData({ pendingId: '' })
      }
    },
    noop() {
      // swallows taps and scrolls inside the sheet so they do not close it
    },
  },
})
