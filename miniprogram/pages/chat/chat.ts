/**
 * A private conversation (?peerId=…): opening it loads the latest history and clears its unread
 * count (store.chat.open); leaving closes it. The message list and input are components bound to
 * store.chat.
 */
import { getStore } from '../../stores/current'
import type { Store } from '../../stores/types'
import { bindView, type ViewBinding } from '../../utils/bind'
import { errorText } from '../../utils/errors'
import { whenSignedIn } from '../../platform/sign-in'

interface Attached {
  store: Store
  binding: ViewBinding
}
const pages = new WeakMap<object, Attached>()

Page({
  data: {
    opening: true,
    openError: '',
  },

  onLoad(query: Record<string, string | undefined>) {
    const store = getStore()
    const binding = bindView(this, store, {
      peerName: () => store.chat.peer?.name ?? '',
      connected: () => store.session.connection === 'connected',
    })
    pages.set(this, { store, binding })
    this.open(decodeURIComponent(query.peerId ?? ''))
  },

  onUnload() {
    const page = pages.get(this)
    if (!page) return
    page.binding.destroy()
    pages.delete(this)
    page.store.chat.close()
  },

  async open(peerId: string) {
    const page = pages.get(this)
    if (!page) return
    this.setData({ opening: true, openError: '' })
    try {
      await whenSignedIn(page.store)
      await page.store.chat.open(peerId)
      const name = page.store.chat.peer?.name
      if (name) wx.setNavigationBarTitle({ title: name })
    } catch (err) {
      if (pages.has(this)) this.setData({ openError: errorText(err) })
    } finally {
      if (pages.has(this)) this.setData({ opening: false })
    }
  },
})
