/**
 * The lobby: who I am, who is online, my conversations, and the ways into a room. It renders at
 * once; sign-in runs in the background and the banner shows how it is going.
 */
import { appMode, appOnDevTokens, signInWithStoredProfile } from '../../composition-root'
import { updateProfile, loadProfile } from '../../platform/profile'
import { chatPath, roomPath } from '../../platform/navigation'
import { requirePrivacy } from '../../platform/privacy'
import { errorText, toastError } from '../../utils/errors'
import { roomNumberFromScan } from '../../utils/scan'
import { attachStore, detachStore, storeOf } from '../../utils/store-behavior'
import { lobbyFields } from './lobby-view'

Page({
  data: {
    roomNumber: '',
    joinError: '',
    createError: '',
    joining: false,
    creating: false,
    scanning: false,
    savingProfile: false,
    retrying: false,
  },

  onLoad() {
    const store = attachStore(this, (s) => lobbyFields(s, appMode() === 'demo', appOnDevTokens()))
    // app.ts already started it; this covers a lobby opened without the app shell (tests, reLaunch)
    signInWithStoredProfile(store)
  },

  onUnload() {
    detachStore(this)
  },

  onShareAppMessage() {
    return { title: '来直播大厅，一起看直播、聊天', path: '/pages/lobby/lobby' }
  },

  // ---- who I am ---------------------------------------------------------------------------

  async onChooseAvatar(e: WechatMiniprogram.CustomEvent<{ avatarUrl: string }>) {
    if (e.detail.avatarUrl) await this.applyProfile({ avatar: e.detail.avatarUrl })
  },

  async onNicknameDone(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
    const name = (e.detail.value ?? '').trim()
    if (name && name !== loadProfile().name) await this.applyProfile({ name })
  },

  async applyProfile(change: { name?: string; avatar?: string }) {
    const store = storeOf(this)
    if (!store) return
    const profile = updateProfile(change)
    this.setData({ savingProfile: true })
    try {
      await store.session.signIn(profile)
    } catch (err) {
      toastError(err)
    } finally {
      this.setData({ savingProfile: false })
    }
  },

  async onRetryConnect() {
    const store = storeOf(this)
    if (!store || this.data.retrying) return
    this.setData({ retrying: true })
    try {
      await store.session.signIn(loadProfile())
    } catch (err) {
      toastError(err)
    } finally {
      this.setData({ retrying: false })
    }
  },

  // ---- into a room -------------------------------------------------------------------------

  async onCreate() {
    const store = storeOf(this)
    if (!store || this.data.creating || this.data.joining) return
    this.setData({ creating: true, createError: '' })
    try {
      await requirePrivacy()
      const roomId = await store.room.create()
      wx.navigateTo({ url: roomPath(roomId) })
    } catch (err) {
      this.setData({ createError: errorText(err) })
    } finally {
      this.setData({ creating: false })
    }
  },

  onRoomInput(e: WechatMiniprogram.Input) {
    this.setData({ roomNumber: e.detail.value, joinError: '' })
  },

  async onJoin() {
    await this.joinRoom(this.data.roomNumber)
  },

  /** A tap on a live room's number (demo mode: a simulated host's) joins it. */
  async onDemoRoom(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { room: string }>) {
    await this.joinRoom(e.currentTarget.dataset.room)
  },

  async joinRoom(roomNumber: string) {
    const store = storeOf(this)
    if (!store || this.data.joining || this.data.creating) return
    this.setData({ joining: true, joinError: '' })
    try {
      await store.room.join(roomNumber)
      this.setData({ roomNumber: '' })
      wx.navigateTo({ url: roomPath(roomNumber) })
    } catch (err) {
      this.setData({ joinError: errorText(err) })
    } finally {
      this.setData({ joining: false })
    }
  },

  onScan() {
    if (this.data.scanning || this.data.joining) return
    this.setData({ scanning: true, joinError: '' })
    wx.scanCode({
      scanType: ['qrCode', 'wxCode'],
      success: (res) => {
        this.setData({ scanning: false })
        const found = roomNumberFromScan({ result: res.result, path: res.path })
        if (found === null) {
          this.setData({ joinError: '没有在二维码里找到房间号' })
          return
        }
        this.setData({ roomNumber: found })
        this.joinRoom(found)
      },
      fail: (err) => {
        // closing the scanner is not an error worth showing
        const cancelled = /cancel/i.test(err.errMsg ?? '')
        this.setData({ scanning: false, joinError: cancelled ? '' : '扫码失败，请重试' })
      },
    })
  },

  // ---- people and conversations --------------------------------------------------------------

  onOpenChat(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string }>) {
    const id = e.currentTarget.dataset.id
    if (id) wx.navigateTo({ url: chatPath(id) })
  },
})
