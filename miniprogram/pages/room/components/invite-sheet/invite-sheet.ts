/**
 * 「邀请」: a bottom sheet with the room's mini-program code (store.invite.code(): our server's
 * wxacode, a local image file), the room number and the share card; 保存海报 draws a poster (code,
 * room number, host, title) on a 2d canvas and saves it to the album, asking for the permission
 * (platform/poster.ts, platform/album.ts). Where there is no code (demo mode, no server) the sheet
 * says why and offers the number and the share card instead.
 */
import { toAppError } from '../../../../core/errors'
import { createAlbum } from '../../platform/album'
import { renderPoster } from '../../platform/poster'
import { errorText } from '../../../../utils/errors'
import { storeBehavior, storeOf } from '../../../../utils/store-behavior'

type CodeState = 'idle' | 'loading' | 'ready' | 'unavailable' | 'error'

/** Per sheet, not view data: the room whose code is shown or coming, and the latest load (older answers are dropped). */
const loads = new WeakMap<object, { roomId: string; seq: number }>()

Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    open: { type: Boolean, value: false },
    roomId: { type: String, value: '' },
    hostName: { type: String, value: '' },
    title: { type: String, value: '' },
  },
  data: {
    state: 'idle' as CodeState,
    qrPath: '',
    /** why there is no code, or why it failed */
    message: '',
    saving: false,
    /** the poster's outcome under the button ('' for none) */
    saveNote: '',
    saveFailed: false,
  },
  behaviors: [storeBehavior()],
  observers: {
    open(open: boolean) {
      if (open && (this.data.state === 'idle' || this.data.state === 'error')) this.loadCode()
    },
    roomId(roomId: string) {
      // the same number set again (a parent re-render) changes nothing; another room has its own code
      const load = loads.get(this)
      if (!load || load.roomId === roomId) return
      load.seq++
      this.setData({ state: 'idle', qrPath: '', message: '', saveNote: '', saveFailed: false })
      if (this.data.open) this.loadCode()
    },
  },
  methods: {
    async loadCode() {
      const store = storeOf(this)
      const roomId = this.data.roomId
      if (!store || this.data.state === 'loading') return
      const seq = (loads.get(this)?.seq ?? 0) + 1
      loads.set(this, { roomId, seq })
      const current = () => loads.get(this)?.seq === seq
      this.setData({ state: 'loading', message: '' })
      try {
        const qrPath = await store.invite.code()
        if (current()) this.setData({ state: 'ready', qrPath })
      } catch (err) {
        const error = toAppError(err)
        // no code to have here (demo mode, no server): say why, without a retry
        if (current()) this.setData({ state: error.code === 'SERVICE_NOT_ENABLED' ? 'unavailable' : 'error', message: error.message })
      }
    },

    onRetry() {
      this.loadCode()
    },

    async onSavePoster() {
      if (this.data.saving || this.data.state !== 'ready') return
      this.setData({ saving: true, saveNote: '', saveFailed: false })
      try {
        const { qrPath, roomId, hostName, title } = this.data
        const poster = await renderPoster(this, '#invite-poster', { qrPath, roomId, hostName, title })
        await createAlbum().save(poster)
        this.setData({ saveNote: '海报已保存到相册，发给朋友扫码就能进来' })
      } catch (err) {
        this.setData({ saveNote: errorText(err), saveFailed: true })
      } finally {
        this.setData({ saving: false })
      }
    },

    onClose() {
      this.triggerEvent('close')
    },

    noop() {
      // swallows taps inside the sheet so they do not close it
    },
  },
})
