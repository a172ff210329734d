/**
 * The message input of the room and of a private chat. It sends through the store (room.send or
 * chat.send, chosen by `target`) and shows the store's Chinese error under the input; when the
 * store says sending is off (muted, reconnecting) the input is disabled and `hint` says why.
 */
import { errorText } from '../../utils/errors'
import { storeBehavior, storeOf } from '../../utils/store-behavior'

Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    /** 'room' → store.room.send, 'chat' → store.chat.send */
    target: { type: String, value: 'room' },
    disabled: { type: Boolean, value: false },
    /** why the input is off (shown in its place) */
    hint: { type: String, value: '' },
    placeholder: { type: String, value: '说点什么…' },
    /** 'overlay' (over the video) or 'page' */
    variant: { type: String, value: 'page' },
  },
  data: {
    text: '',
    sending: false,
    error: '',
  },
  behaviors: [storeBehavior()],
  methods: {
    onInput(e: WechatMiniprogram.Input) {
      this.setData({ text: e.detail.value, error: '' })
    },
    async onSend() {
      const store = storeOf(this)
      if (!store || this.data.sending || this.data.disabled) return
      const text = this.data.text
      this.setData({ sending: true, error: '' })
      try {
        if (this.data.target === 'chat') await store.chat.send(text)
        else await store.room.send(text)
        this.setData({ text: '' })
        this.triggerEvent('sent')
      } catch (e) {
        this.setData({ error: errorText(e) })
      } finally {
        this.setData({ sending: false })
      }
    },
  },
})
