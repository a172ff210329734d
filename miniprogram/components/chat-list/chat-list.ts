/**
 * A chat list bound to the store's room or private messages through list-sync: new messages are
 * appended by path, never the whole history (see utils/list-sync.ts). Keeping the list in its own
 * component also keeps it out of the page's data.
 */
import type { ChatMessage } from '../../core/types'
import { toastError } from '../../utils/errors'
import { createListSync, type ListSync } from '../../utils/list-sync'
import { attachStore, onDetach, storeBehavior, storeOf } from '../../utils/store-behavior'
import { anchorOf, toMessageView, type MessageView } from './message-view'

// instance state that must not go through setData (it would be serialised to the view)
const syncs = new WeakMap<object, ListSync>()

Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    /** 'room': the room's public chat; 'chat': the open private conversation */
    source: { type: String, value: 'room' },
    /** 'overlay' (over the video) or 'page' (bubbles, full page) */
    variant: { type: String, value: 'page' },
    windowSize: { type: Number, value: 100 },
    emptyText: { type: String, value: '' },
  },
  data: {
    messages: [] as MessageView[],
    anchor: '',
    loadingOlder: false,
    hasMore: false,
  },
  behaviors: [storeBehavior()],
  lifetimes: {
    attached() {
      // the behavior attached it already (its lifetimes run first); asking again returns the same store
      const store = attachStore(this)
      const fromRoom = this.data.source === 'room'
      const read = (): readonly ChatMessage[] => (fromRoom ? store.room.messages : store.chat.messages)
      const sync = createListSync({
        target: this,
        key: 'messages',
        read,
        idOf: (m: ChatMessage) => m.id,
        toView: (m: ChatMessage, previous: ChatMessage | undefined) =>
          toMessageView(m, { myId: store.session.me?.id, hostId: fromRoom ? store.room.host?.id : undefined, previous }),
        extra: (lastId) => ({ anchor: anchorOf(lastId), hasMore: !fromRoom && store.chat.hasMore }),
        windowSize: this.data.windowSize,
      })
      syncs.set(this, sync)
      onDetach(this, () => {
        sync.dispose()
        syncs.delete(this)
      })
    },
  },
  methods: {
    /** Scrolled to the top of a private conversation: load the page before the oldest message. */
    async onReachTop() {
      const store = storeOf(this)
      const sync = syncs.get(this)
      if (!store || !sync || this.data.source !== 'chat' || this.data.loadingOlder || !store.chat.hasMore) return
      const firstShown = sync.renderedIds()[0] ?? null
      this.setData({ loadingOlder: true })
      try {
        await store.chat.loadOlder()
        sync.flush()
        sync.revealOlder()
      } catch (e) {
        toastError(e)
      } finally {
        // keep the message that was at the top in view instead of jumping to the newest
        if (syncs.has(this)) this.setData({ loadingOlder: false, hasMore: store.chat.hasMore, anchor: anchorOf(firstShown) })
      }
    },
  },
})
