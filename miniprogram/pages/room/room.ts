/**
 * A live room, for the host (own camera, media controls, member sheet with mute, the co-guest sheet,
 * end), for guests (own camera and controls, 下麦) and for the audience (the host's and the guests'
 * streams, 申请连麦, leave); everyone live may open 邀请 (components/invite-sheet). Which tools show
 * comes from the store's room.can; this page holds no rules. The videos: one main, the others as
 * tiles (stage-view.ts); tapping a tile makes it the main one, which is this page's own state.
 * Opened from the lobby after create/join succeeded, or straight from a share card (`?roomId=`) or
 * a scanned mini-program code (`?scene=r%3D<room>`), in which case it joins as audience itself.
 */
import { observable, runInAction, type IObservableValue } from 'mobx-miniprogram'
import { appMode, whenSignedIn } from '../../composition-root'
import type { NativeMediaEvent } from '../../core/native-media-event'
import { loadLook } from '../../platform/camera-look'
import { topInset } from '../../platform/layout'
import { backToLobby, roomPath } from '../../platform/navigation'
import type { Store } from '../../stores/types'
import { errorText, toastError } from '../../utils/errors'
import { queryValue, roomIdFromScene } from '../../utils/query'
import { attachStore, detachStore, storeOf } from '../../utils/store-behavior'
import { roomFields } from './room-view'

type Pending = 'mic' | 'camera' | 'switch' | 'leave' | 'retry' | 'leave-mic' | ''

/** Each page's main video, when the person tapped a tile (a user id; null: the host). */
const focusOf = new WeakMap<object, IObservableValue<string | null>>()

/**
 * The room number from the page query: ?roomId=… (share card) or ?scene=r%3D… (our mini-program
 * code, scanned with WeChat's own scanner: server/README.md "Room QR codes"); null when the link is
 * broken (a malformed escape, a scene without a room), so the page can say so instead of joining.
 */
function roomIdOf(query: Record<string, string | undefined> | undefined): string | null {
  if (query?.roomId) return queryValue(query, 'roomId')
  if (query?.scene !== undefined) return roomIdFromScene(query.scene)
  return ''
}

const BROKEN_LINK = '链接里的房间号无法识别，请重新打开分享卡片或扫码'

Page({
  data: {
    /** joining from a share card */
    entering: false,
    /** why joining from a share card failed */
    enterError: '',
    sheetOpen: false,
    guestSheetOpen: false,
    /** the 邀请 sheet (components/invite-sheet) */
    inviteOpen: false,
    pending: '' as Pending,
    /** px: where the top bar starts and how much room the capsule button needs */
    insetTop: 20,
    insetRight: 100,
    /** beauty and whitening, as chosen on the preview screen */
    look: { beauty: 0, whiteness: 0 },
  },

  onLoad(query: Record<string, string | undefined>) {
    const inset = topInset()
    this.setData({ insetTop: inset.top, insetRight: inset.right, look: loadLook() })
    // demo mode: no real video anywhere (media-pusher previews, media-player shows a placeholder)
    const focus = observable.box<string | null>(null)
    focusOf.set(this, focus)
    const store = attachStore(this, (s) => roomFields(s, appMode() === 'demo', () => focus.get()))
    const roomId = roomIdOf(query)
    if (roomId === null) {
      this.setData({ enterError: BROKEN_LINK })
      return
    }
    const alreadyIn = store.room.id === roomId && store.room.status !== 'idle'
    if (!alreadyIn) this.enter(roomId)
  },

  onShow() {
    storeOf(this)?.room.setAppVisible(true)
  },

  onHide() {
    storeOf(this)?.room.setAppVisible(false)
  },

  onUnload() {
    const store = detachStore(this)
    // the back gesture or button leaves the room too (for a host this ends it)
    if (store && store.room.status !== 'idle') store.room.leave().catch(() => undefined)
  },

  onShareAppMessage(): WechatMiniprogram.Page.ICustomShareContent {
    const room = storeOf(this)?.room
    const roomId = room?.id ?? ''
    const hostName = room?.host?.name ?? ''
    const what = room?.title ? `：${room.title}` : ''
    return {
      title: hostName ? `${hostName} 正在直播${what}，房间号 ${roomId}` : `一起来看直播，房间号 ${roomId}`,
      path: roomId ? roomPath(roomId) : '/pages/lobby/lobby',
    }
  },

  /** From a share card: sign in (in the background since launch) and join as audience. */
  async enter(roomId: string) {
    const store = storeOf(this)
    if (!store) return
    this.setData({ entering: true, enterError: '' })
    try {
      await whenSignedIn(store)
      await store.room.join(roomId)
    } catch (err) {
      if (storeOf(this)) this.setData({ enterError: errorText(err) })
    } finally {
      if (storeOf(this)) this.setData({ entering: false })
    }
  },

  // ---- media --------------------------------------------------------------------------------

  onNativeEvent(e: WechatMiniprogram.CustomEvent<NativeMediaEvent>) {
    storeOf(this)?.room.handleNativeEvent(e.detail)
  },

  async run(kind: Pending, action: (store: Store) => Promise<void>) {
    const store = storeOf(this)
    if (!store || this.data.pending) return
    this.setData({ pending: kind })
    try {
      await action(store)
    } catch (err) {
      toastError(err)
    } finally {
      if (storeOf(this)) this.setData({ pending: '' })
    }
  },

  onSwitchCamera() {
    return this.run('switch', (store) => store.room.switchCamera())
  },

  onToggleMic() {
    return this.run('mic', (store) => store.room.setMic(!store.room.media.micOn))
  },

  onToggleCamera() {
    return this.run('camera', (store) => store.room.setCamera(!store.room.media.cameraOn))
  },

  onRetryMedia() {
    return this.run('retry', (store) => store.room.retryMedia())
  },

  /** A tile tapped: its video becomes the main one (the main one tapped: nothing). */
  onFocusVideo(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { uid: string }>) {
    const focus = focusOf.get(this)
    const uid = e.currentTarget.dataset.uid
    if (focus && uid) runInAction(() => focus.set(uid))
  },

  // ---- co-guests ----------------------------------------------------------------------------

  /** Audience: 连麦 asks the host, a second tap takes the request back. */
  onRequestMic() {
    return this.run('mic', async (store) => {
      if (store.room.myMicRequest === 'pending') await store.room.cancelMicRequest()
      else await store.room.requestMic()
    })
  },

  onLeaveMic() {
    wx.showModal({
      title: '下麦',
      content: '下麦后你的画面和声音将不再出现在直播间，确定下麦吗？',
      confirmText: '下麦',
      cancelText: '继续连麦',
      success: (res) => {
        if (res.confirm) void this.run('leave-mic', (store) => store.room.leaveMic())
      },
    })
  },

  onOpenGuests() {
    this.setData({ guestSheetOpen: true })
  },

  onCloseGuests() {
    this.setData({ guestSheetOpen: false })
  },

  // ---- members ------------------------------------------------------------------------------

  onOpenMembers() {
    this.setData({ sheetOpen: true })
  },

  onCloseMembers() {
    this.setData({ sheetOpen: false })
  },

  onOpenInvite() {
    this.setData({ inviteOpen: true })
  },

  onCloseInvite() {
    this.setData({ inviteOpen: false })
  },

  // ---- leaving ------------------------------------------------------------------------------

  onEndRoom() {
    wx.showModal({
      title: '结束直播',
      content: '结束后观众将无法继续观看，确定要结束吗？',
      confirmText: '结束',
      confirmColor: '#e5484d',
      cancelText: '继续直播',
      success: (res) => {
        if (res.confirm) this.leaveAndGo()
      },
    })
  },

  onLeave() {
    return this.leaveAndGo()
  },

  /** Ended screen, failed share-card join: back to the lobby (a one-page stack reLaunches it). */
  onBackToLobby() {
    return this.leaveAndGo()
  },

  async leaveAndGo() {
    const store = storeOf(this)
    if (!store || this.data.pending === 'leave') return
    this.setData({ pending: 'leave' })
    try {
      await store.room.leave()
    } catch (err) {
      // leaving never leaves a half state behind; say what went wrong and go anyway
      toastError(err)
    }
    if (storeOf(this)) this.setData({ pending: '' })
    backToLobby()
  },
})
