/**
 * Saving an image (the invite poster) to the phone's album: scope.writePhotosAlbum, the same flow
 * as camera and microphone (platform/permissions.ts). wx.authorize prompts only the first time;
 * after a refusal it fails at once and only the settings page (wx.openSetting, allowed from a
 * tap: called straight from the modal's 去设置) can grant it. The item 相册（仅写入） must be declared
 * in 用户隐私保护指引 (README "Before going live"). The wx calls sit behind AlbumWx for the tests.
 */
import { AppError } from '../../../core/errors'

const SCOPE = 'scope.writePhotosAlbum'

interface Callbacks<T> {
  success?: (result: T) => void
  fail?: (error: { errMsg: string }) => void
}

type AuthSetting = { readonly [SCOPE]?: boolean }

/** The wx functions the flow needs, callback style as wx has them. */
export interface AlbumWx {
  getSetting(options: Callbacks<{ authSetting: AuthSetting }>): void
  authorize(options: { scope: string } & Callbacks<unknown>): void
  showModal(options: { title: string; content: string; confirmText: string; cancelText: string } & Callbacks<{ confirm: boolean }>): void
  openSetting(options: Callbacks<{ authSetting: AuthSetting }>): void
  saveImageToPhotosAlbum(options: { filePath: string } & Callbacks<unknown>): void
}

export const ALBUM_MODAL = {
  title: '需要相册权限',
  content: '保存邀请海报需要「添加到相册」权限。请在设置中打开「添加到相册」。',
  confirmText: '去设置',
  cancelText: '暂不保存',
} as const

export const ALBUM_DENIED_MESSAGE = '没有相册权限，海报未保存。可在右上角「…」→「设置」中打开「添加到相册」'

const deniedError = () => new AppError('PERMISSION_DENIED', ALBUM_DENIED_MESSAGE)

export class Album {
  constructor(private readonly api: AlbumWx) {}

  /** Saves `filePath` to the album, asking for the permission first; PERMISSION_DENIED when it stays refused. */
  async save(filePath: string): Promise<void> {
    const state = (await this.getSetting())[SCOPE]
    if (state !== true) {
      // never asked: the system prompt; refused before: only the settings page can change it
      const granted = state === undefined && (await this.authorize())
      if (!granted) {
        if (!(await this.explainThenOpenSetting())) throw deniedError()
        if ((await this.getSetting())[SCOPE] !== true) throw deniedError()
      }
    }
    await this.write(filePath)
  }

  private getSetting(): Promise<AuthSetting> {
    return new Promise((resolve) => {
      this.api.getSetting({ success: (r) => resolve(r.authSetting), fail: () => resolve({}) })
    })
  }

  private authorize(): Promise<boolean> {
    return new Promise((resolve) => {
      this.api.authorize({ scope: SCOPE, success: () => resolve(true), fail: () => resolve(false) })
    })
  }

  /** true when the person went to the settings page (whatever they chose there). */
  private explainThenOpenSetting(): Promise<boolean> {
    return new Promise((resolve) => {
      this.api.showModal({
        ...ALBUM_MODAL,
        success: ({ confirm }) => {
          if (!confirm) return resolve(false)
          this.api.openSetting({ success: () => resolve(true), fail: () => resolve(false) })
        },
        fail: () => resolve(false),
      })
    })
  }

  private write(filePath: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.api.saveImageToPhotosAlbum({
        filePath,
        success: () => resolve(),
        fail: (e) => {
          const why = e?.errMsg ?? ''
          // refused meanwhile, or the privacy guide not agreed to
          if (/auth|deny|privacy/i.test(why)) reject(deniedError())
          else if (/cancel/i.test(why)) reject(new AppError('NOT_ALLOWED', '已取消保存'))
          else reject(new AppError('NETWORK', '海报保存失败，请重试'))
        },
      })
    })
  }
}

/** The app's instance, over the real wx. */
export function createAlbum(api: AlbumWx = wx as unknown as AlbumWx): Album {
  return new Album(api)
}
