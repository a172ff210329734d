/**
 * The lobby: who I am (components/profile-card), the rooms live now, my conversations, who is online, and the ways into a
 * room. It renders at once; sign-in runs in the background and the banner shows how it is going.
 * Going live opens the preview page first (nothing is created there until 开始直播).
 */
import { observable, runInAction, type IObservableValue } from 'mobx-miniprogram'
import { appMode, appOnDevTokens, signInWithStoredProfile } from '../../composition-root'
import { loadProfile } from '../../platform/profile'
import { chatPath, PREVIEW_PATH, roomPath } from '../../platform/navigation'
import { requirePrivacy } from '../../platform/privacy'
import { errorText, toastError } from '../../utils/errors'
import { roomNumberFromScan } from '../../utils/scan'
import { attachStore, detachStore, storeOf } from '../../utils/store-behavior'
import { lobbyFields } from './lobby-view'

/** The minute the live cards count from, per page instance (not view data). */
const clocks = new WeakMap<object, { now: IObservableValue<number>; timer: ReturnType<typeof setInterval> | null }>()
const MINUTE = 60_000

Page({
  data: {
    roomNumber: '',
    joinError: '',
    createError: '',
    joining: false,
    creating: false,
    scanning: false,
    retrying: false,
  },

  onLoad() {
    const clock = { now: observable.box(Date.now()), timer: null }
    clocks.set(this, clock)
    const store = attachStore(this, (s) => lobbyFields(s, appMode() === 'demo', appOnDevTokens(), () => clock.now.get()))
    // app.ts already started it; this covers a lobby opened without the app shell (tests, reLaunch)
    signInWithStoredProfile(store)
  },

  /** While the lobby shows, the cards' 已播 N 分钟 moves on once a minute. */
  onShow() {
    const clock = clocks.get(this)
    if (!clock || clock.timer) return
    runInAction(() => clock.now.set(Date.now()))
    clock.timer = setInterval(() => runInAction(() => clock.now.set(Date.now())), MINUTE)
  },

  onHide() {
    const clock = clocks.get(this)
    if (clock?.timer) clearInterval(clock.timer)
    if (clock) clock.timer = null
  },

  onUnload() {
    this.onHide()
    clocks.delete(this)
    detachStore(this)
  },

  /** Pull to refresh: the live rooms read again. */
  async onPullDownRefresh() {
    try {
      await storeOf(this)?.lobby.refreshRooms()
    } catch (err) {
      toastError(err)
    } finally {
      wx.stopPullDownRefresh()
    }
  },

  onShareAppMessage() {
    return { title: '来直播大厅，一起看直播、聊天', path: '/pages/lobby/lobby' }
  },

  // ---- the connection ---------------------------------------------------------------------

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

  /** Going live: the camera needs the privacy consent first, then the preview page. */
  async onCreate() {
    if (!storeOf(this) || this.data.creating || this.data.joining) return
    this.setData({ creating: true, createError: '' })
    try {
      await requirePrivacy()
      wx.navigateTo({ url: PREVIEW_PATH })
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

  /** A tap on a live room's card joins it. */
  async onOpenRoom(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { room: string }>) {
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
