/**
 * Who I am, and changing it: the avatar (button open-type="chooseAvatar") and the nickname
 * (<input type="nickname"> in a <form>), both through the store's profile (stores/profile-editor.ts).
 *
 * The nickname is read from the form on submit, as WeChat documents it for type="nickname"
 * (base library 2.21.2; from 2.24.4 WeChat checks what was typed when the field loses focus and
 * empties it if the check fails, so the value is only final on submit). Where WeChat fires
 * nicknamereview ({ pass, timeout }) a refusal is said at once. A nickname our server refuses
 * (CONTENT_REJECTED) shows its reason and the field keeps what was typed. The page puts its marks
 * (演示模式, 开发令牌) into the card's slot.
 */
import { toAppError } from '../../core/errors'
import { errorText, toastError } from '../../utils/errors'
import { attachStore, storeBehavior, storeOf } from '../../utils/store-behavior'
import { profileFields, WECHAT_REFUSED_NAME } from './profile-view'

Component({
  options: { styleIsolation: 'apply-shared' },
  data: {
    /** what the nickname field holds */
    nameDraft: '',
    /** the draft differs from my name: the 保存 button shows */
    dirty: false,
    savingName: false,
    nameError: '',
    meName: '',
  },
  behaviors: [storeBehavior()],
  observers: {
    // my name changed (signed in, saved, changed elsewhere): the field follows unless being edited
    meName(name: string) {
      if (!this.data.dirty) this.setData({ nameDraft: name })
    },
  },
  lifetimes: {
    attached() {
      attachStore(this, profileFields)
    },
  },
  methods: {
    async onChooseAvatar(e: WechatMiniprogram.CustomEvent<{ avatarUrl: string }>) {
      const store = storeOf(this)
      const path = e.detail.avatarUrl
      if (!store || !path) return
      try {
        await store.profile.changeAvatar(path)
      } catch (err) {
        // the card shows upload failures itself (with 重试); the rest (not connected, no server) as a toast
        if (store.profile.avatar.stage !== 'failed') toastError(err)
      }
    },

    onRetryAvatar() {
      const store = storeOf(this)
      store?.profile.retryAvatar().catch(() => undefined)
    },

    onNameInput(e: WechatMiniprogram.Input) {
      const value = e.detail.value
      this.setData({ nameDraft: value, dirty: value.trim() !== this.data.meName, nameError: '' })
    },

    onNicknameReview(e: WechatMiniprogram.CustomEvent<{ pass: boolean; timeout: boolean }>) {
      if (e.detail.pass || e.detail.timeout) return
      this.setData({ nameDraft: '', nameError: WECHAT_REFUSED_NAME })
    },

    async onNicknameSubmit(e: WechatMiniprogram.CustomEvent<{ value: Record<string, unknown> }>) {
      const store = storeOf(this)
      if (!store || this.data.savingName) return
      const submitted = e.detail.value?.nickname
      const name = typeof submitted === 'string' ? submitted : ''
      if (!name.trim()) {
        // typed something, yet the form holds nothing: WeChat's check emptied it
        this.setData({ nameError: this.data.nameDraft.trim() ? WECHAT_REFUSED_NAME : '请输入昵称', nameDraft: '' })
        return
      }
      this.setData({ savingName: true, nameError: '' })
      try {
        await store.profile.changeName(name)
        this.setData({ dirty: false, nameDraft: store.session.me?.name ?? name })
      } catch (err) {
        // nothing changed: say why and keep what was typed
        this.setData({ nameError: errorText(toAppError(err)), nameDraft: name, dirty: true })
      } finally {
        this.setData({ savingName: false })
      }
    },
  },
})
