/**
 * Saving an image (the invite poster) to the phone's album: scope.writePhotosAlbum, with the steps
 * camera and microphone use (platform/scope-auth.ts): the system prompt only while never
 * answered, else the modal whose 去设置 opens the settings page, then the setting read again. The
 * item 相册（仅写入） must be declared in 用户隐私保护指引 (README "Before going live"). The wx
 * calls sit behind AlbumWx for the tests.
 */
import { AppError } from '../../../core/errors'
import { ScopeAuth, type Callbacks, type ScopeWx } from '../../../platform/scope-auth'

const SCOPE = 'scope.writePhotosAlbum'

/** The wx functions the flow needs (platform/scope-auth.ts), and the save itself. */
export interface AlbumWx extends ScopeWx<typeof SCOPE> {
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
  private readonly auth: ScopeAuth<typeof SCOPE>

  constructor(private readonly api: AlbumWx) {
    this.auth = new ScopeAuth(api)
  }

  /** Saves `filePath` to the album, asking for the permission first; PERMISSION_DENIED when it stays refused. */
  async save(filePath: string): Promise<void> {
    const state = (await this.auth.getSetting())[SCOPE]
    if (state !== true) {
      // never asked: the system prompt; refused before: only the settings page can change it
      const granted = state === undefined && (await this.auth.authorize(SCOPE))
      if (!granted) {
        if (!(await this.auth.explainThenOpenSetting(ALBUM_MODAL))) throw deniedError()
        if ((await this.auth.getSetting())[SCOPE] !== true) throw deniedError()
      }
    }
    await this.write(filePath)
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
