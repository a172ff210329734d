/**
 * The room's likes: the heart button (when `canLike`, the store's room.can.like) or, for the host,
 * the total; and the hearts floating up the right edge whenever the total grows. Bound to
 * room.likes through utils/like-sync.ts: at most two setData a second however fast a full room
 * taps, kept out of the page's data.
 */
import { toastError } from '../../../../utils/errors'
import { createLikeSync, emptyHearts, type LikeSync } from '../../utils/like-sync'
import { attachStore, onDetach, storeBehavior, storeOf } from '../../../../utils/store-behavior'

const syncs = new WeakMap<object, LikeSync>()

Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    canLike: { type: Boolean, value: false },
  },
  data: {
    total: '0',
    hearts: emptyHearts(8),
  },
  behaviors: [storeBehavior()],
  lifetimes: {
    attached() {
      const store = attachStore(this)
      const sync = createLikeSync({ target: this, read: () => store.room.likes })
      syncs.set(this, sync)
      onDetach(this, () => {
        sync.dispose()
        syncs.delete(this)
      })
    },
  },
  methods: {
    onLike() {
      try {
        storeOf(this)?.room.like()
      } catch (e) {
        toastError(e)
      }
    },
  },
})
