/**
 * The host’s co-guest (连麦) sheet: who is on camera now (with 断开) and who asked (接受 / 拒绝),
 * oldest request first. Every button calls the store (room.acceptGuest / rejectGuest /
 * removeGuest), which holds the rules; a refusal (ROOM_FULL, someone who left meanwhile) shows as a
 * toast. When three guests are on camera the accept buttons rest and the sheet says why.
 */
import { toastError } from '../../../../utils/errors'
import { storeBehavior, storeOf } from '../../../../utils/store-behavior'

export interface GuestPersonView {
  id: string
  uid: string
  name: string
  avatar: string
}

type Answer = 'accept' | 'reject' | 'remove'

Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    open: { type: Boolean, value: false },
    requests: { type: Array, value: [] as GuestPersonView[] },
    guests: { type: Array, value: [] as GuestPersonView[] },
    /** at most this many on camera (core/wire.ts MAX_GUESTS) */
    max: { type: Number, value: 3 },
  },
  data: { pendingId: '' },
  behaviors: [storeBehavior()],
  methods: {
    onClose() {
      this.triggerEvent('close')
    },
    async onAnswer(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string; answer: Answer }>) {
      const store = storeOf(this)
      const { id, answer } = e.currentTarget.dataset
      if (!store || !id || this.data.pendingId) return
      this.setData({ pendingId: id })
      try {
        if (answer === 'accept') await store.room.acceptGuest(id)
        else if (answer === 'reject') await store.room.rejectGuest(id)
        else await store.room.removeGuest(id)
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
