/**
 * Camera and microphone permission before live-pusher opens them. wx.authorize prompts only the
 * first time; after a refusal it fails at once, and only the settings page (wx.openSetting, which
 * WeChat allows from a tap, so it is called straight from the modal's 去设置 callback) can grant
 * it. The wx calls sit behind PermissionWx so the flow is tested with a plain fake.
 */
import { AppError } from '../core/errors'

export const MEDIA_SCOPES = ['scope.camera', 'scope.record'] as const
export type MediaScope = (typeof MEDIA_SCOPES)[number]

// only the scopes read here, so that WeChat's own AuthSetting type fits
type AuthSetting = { readonly [S in MediaScope]?: boolean }

interface Callbacks<T> {
  success?: (result: T) => void
  fail?: (error: { errMsg: string }) => void
}

/** The four wx functions the flow needs, callback style as wx has them. */
export interface PermissionWx {
  getSetting(options: Callbacks<{ authSetting: AuthSetting }>): void
  authorize(options: { scope: string } & Callbacks<unknown>): void
  showModal(
    options: { title: string; content: string; confirmText: string; cancelText: string } & Callbacks<{ confirm: boolean }>,
  ): void
  openSetting(options: Callbacks<{ authSetting: AuthSetting }>): void
}

export const PERMISSION_MODAL = {
  title: '需要摄像头和麦克风权限',
  content: '开播需要摄像头和麦克风权限，观众才能看到你的画面、听到你的声音。请在设置中打开「摄像头」和「麦克风」。',
  confirmText: '去设置',
  cancelText: '暂不开播',
} as const

export const PERMISSION_DENIED_MESSAGE = '没有摄像头和麦克风权限，无法开播。可在右上角「…」→「设置」中打开'

const granted = (setting: AuthSetting): boolean => MEDIA_SCOPES.every((s) => setting[s] === true)

export class CameraMicPermissions {
  /** one flow at a time: a second caller waits for the same answer instead of a second modal */
  private running: Promise<void> | null = null

  constructor(private readonly api: PermissionWx) {}

  ensureCameraAndMic(): Promise<void> {
    if (!this.running) {
      this.running = this.flow().finally(() => {
        this.running = null
      })
    }
    return this.running
  }

  private async flow(): Promise<void> {
    const setting = await this.getSetting()
    if (granted(setting)) return
    let refused = false
    for (const scope of MEDIA_SCOPES) {
      // one at a time: WeChat shows one system prompt per call
      if (setting[scope] !== true && !(await this.authorize(scope))) refused = true
    }
    if (!refused) return
    if (!(await this.explainThenOpenSetting())) throw new AppError('PERMISSION_DENIED', PERMISSION_DENIED_MESSAGE)
    // re-check rather than trust the settings page's answer alone
    if (!granted(await this.getSetting())) throw new AppError('PERMISSION_DENIED', PERMISSION_DENIED_MESSAGE)
  }

  private getSetting(): Promise<AuthSetting> {
    return new Promise((resolve) => {
      this.api.getSetting({
        success: (r) => resolve(r.authSetting),
        // no answer: treat as never asked, so authorize decides
        fail: () => resolve({}),
      })
    })
  }

  private authorize(scope: MediaScope): Promise<boolean> {
    return new Promise((resolve) => {
      this.api.authorize({ scope, success: () => resolve(true), fail: () => resolve(false) })
    })
  }

  /** true when the person went to the settings page (whatever they chose there). */
  private explainThenOpenSetting(): Promise<boolean> {
    return new Promise((resolve) => {
      this.api.showModal({
        ...PERMISSION_MODAL,
        success: ({ confirm }) => {
          if (!confirm) return resolve(false)
          this.api.openSetting({ success: () => resolve(true), fail: () => resolve(false) })
        },
        fail: () => resolve(false),
      })
    })
  }
}

/** The app's instance, over the real wx. */
export function createPermissions(api: PermissionWx = wx): CameraMicPermissions {
  return new CameraMicPermissions(api)
}
