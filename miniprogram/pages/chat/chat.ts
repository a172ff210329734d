/**
 * A private conversation (?peerId=…): opening it loads the latest history and clears its unread
 * count (store.chat.open); leaving closes it. The message list and input are components bound to
 * store.chat.
 */
import { whenSignedIn } from '../../composition-root'
import { errorText } from '../../utils/errors'
import { queryValue } from '../../utils/query'
import { attachStore, detachStore, storeOf } from '../../utils/store-behavior'

Page({
  data: {
    opening: true,
    openError: '',
  },

  onLoad(query: Record<string, string | undefined>) {
    attachStore(this, (store) => ({
      peerName: () => store.chat.peer?.name ?? '',
      connected: () => store.session.connection === 'connected',
    }))
    const peerId = queryValue(query, 'peerId')
    if (peerId === null) {
      this.setData({ opening: false, openError: '聊天链接无法识别，请回到大厅重新打开' })
      return
    }
    this.open(peerId)
  },

  onUnload() {
    detachStore(this)?.chat.close()
  },

  async open(peerId: string) {
    const store = storeOf(this)
    if (!store) return
    this.setData({ opening: true, openError: '' })
    try {
      await whenSignedIn(store)
      await store.chat.open(peerId)
      const name = store.chat.peer?.name
      if (name) wx.setNavigationBarTitle({ title: name })
    } catch (err) {
      if (storeOf(this)) this.setData({ openError: errorText(err) })
    } finally {
      if (storeOf(this)) this.setData({ opening: false })
    }
  },
})
