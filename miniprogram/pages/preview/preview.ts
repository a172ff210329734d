/**
 * Before going live: the host's own camera (live-pusher previewing, nothing pushed), a title,
 * flip, beauty and whitening. Nothing exists on the network until 开始直播, which creates the room
 * (room.create({ title })) and replaces this page with the room; 取消 (or the back gesture) goes
 * back and leaves nothing behind — a create still on its way is called off.
 */
import { MAX_TITLE_LENGTH } from '../../core/room-title'
import { characterCount } from '../../core/text'
import { loadLook, LOOK_LEVELS, saveLook, type LookLevel } from '../../platform/camera-look'
import { topInset } from '../../platform/layout'
import { backToLobby, roomPath } from '../../platform/navigation'
import { createPermissions } from '../../platform/permissions'
import { errorText } from '../../utils/errors'
import { attachStore, detachStore, storeOf } from '../../utils/store-behavior'

type Dataset<T extends WechatMiniprogram.IAnyObject> = WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, T>

Page({
  data: {
    /** the camera may open (permission granted) */
    cameraReady: false,
    permissionError: '',
    title: '',
    titleCount: 0,
    maxTitle: MAX_TITLE_LENGTH,
    camera: 'front' as 'front' | 'back',
    look: loadLook(),
    levels: LOOK_LEVELS,
    starting: false,
    startError: '',
    insetTop: 20,
    insetRight: 100,
  },

  onLoad() {
    const inset = topInset()
    this.setData({ insetTop: inset.top, insetRight: inset.right, look: loadLook() })
    attachStore(this, (store) => ({
      me: () => {
        const me = store.session.me
        return me ? { id: me.id, name: me.name, avatar: me.avatar ?? '' } : { id: '', name: '', avatar: '' }
      },
      connected: () => store.session.connection === 'connected',
    }))
    this.askCamera()
  },

  onUnload() {
    const store = detachStore(this)
    // left while the room was being created: call it off (the store undoes what it began)
    if (store && this.data.starting && store.room.status !== 'idle') store.room.leave().catch(() => undefined)
  },

  /** Camera and microphone, asked for here so the preview can show (and again by create). */
  async askCamera() {
    this.setData({ permissionError: '' })
    try {
      await createPermissions().ensureCameraAndMic()
      if (storeOf(this)) this.setData({ cameraReady: true })
    } catch (err) {
      if (storeOf(this)) this.setData({ cameraReady: false, permissionError: errorText(err) })
    }
  },

  onTitleInput(e: WechatMiniprogram.Input) {
    const title = e.detail.value
    this.setData({ title, titleCount: characterCount(title.trim()), startError: '' })
  },

  onFlip() {
    this.setData({ camera: this.data.camera === 'front' ? 'back' : 'front' })
  },

  onLook(e: Dataset<{ kind: 'beauty' | 'whiteness'; level: LookLevel }>) {
    const { kind, level } = e.currentTarget.dataset
    const look = { ...this.data.look, [kind]: Number(level) as LookLevel }
    this.setData({ look })
    saveLook(look)
  },

  /** 开始直播: the room is created now, with the title; then the room replaces this page. */
  async onStart() {
    const store = storeOf(this)
    if (!store || this.data.starting) return
    this.setData({ starting: true, startError: '' })
    try {
      const roomId = await store.room.create({ title: this.data.title })
      if (!storeOf(this)) {
        // the page went while creating: nobody is looking at this room
        await store.room.leave().catch(() => undefined)
        return
      }
      // the preview's camera choice carries over (the room starts on the front camera)
      if (this.data.camera === 'back') await store.room.switchCamera().catch(() => undefined)
      wx.redirectTo({ url: roomPath(roomId) })
    } catch (err) {
      if (storeOf(this)) this.setData({ startError: errorText(err) })
    } finally {
      if (storeOf(this)) this.setData({ starting: false })
    }
  },

  onCancel() {
    if (this.data.starting) return
    backToLobby()
  },
})
