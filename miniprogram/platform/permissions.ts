/**
 * Camera and microphone permission before live-pusher opens them, with the steps of
 * platform/scope-auth.ts: both scopes asked one at a time, then (any refused) the modal whose
 * 去设置 opens the settings page, then the setting read again. The wx calls sit behind
 * PermissionWx so the flow is tested with a plain fake.
 */
import { AppError } from '../core/errors'
import { ScopeAuth, type AuthSetting, type ScopeWx } from './scope-auth'

export const MEDIA_SCOPES = ['scope.camera', 'scope.record'] as const
export type MediaScope = (typeof MEDIA_SCOPES)[number]

/** The four wx functions the flow needs (platform/scope-auth.ts). */
export type PermissionWx = ScopeWx<MediaScope>

export const PERMISSION_MODAL = {
  title: '需要摄像头和麦克风权限',
  content: '开播需要摄像头和麦克风权限，观众才能看到你的画面、听到你的声音。请在设置中打开「摄像头」和「麦克风」。',
  confirmText: '去设置',
  cancelText: '暂不开播',
} as const

export const PERMISSION_DENIED_MESSAGE = '没有摄像头和麦克风权限，无法开播。可在右上角「…」→「设置」中打开'

const granted = (setting: AuthSetting<MediaScope>): boolean => MEDIA_SCOPES.every((s) => setting[s] === true)

export class CameraMicPermissions {
  /** one flow at a time: a second caller waits for the same answer instead of a second modal */
  private running: Promise<void> | null = null
  private readonly auth: ScopeAuth<MediaScope>

  constructor(api: PermissionWx) {
    this.auth = new ScopeAuth(api)
  }

  ensureCameraAndMic(): Promise<void> {
    if (!this.running) {
      this.running = this.flow().finally(() => {
        this.running = null
      })
    }
    return this.running
  }

  private async flow(): Promise<void> {
    const setting = await this.auth.getSetting()
    if (granted(setting)) return
    let refused = false
    for (const scope of MEDIA_SCOPES) {
      // one at a time: WeChat shows one system prompt per call
      if (setting[scope] !== true && !(await this.auth.authorize(scope))) refused = true
    }
    if (!refused) return
    if (!(await this.auth.explainThenOpenSetting(PERMISSION_MODAL))) throw new AppError('PERMISSION_DENIED', PERMISSION_DENIED_MESSAGE)
    // re-check rather than trust the settings page's answer alone
    if (!granted(await this.auth.getSetting())) throw new AppError('PERMISSION_DENIED', PERMISSION_DENIED_MESSAGE)
  }
}

/** The app's instance, over the real wx. */
export function createPermissions(api: PermissionWx = wx): CameraMicPermissions {
  return new CameraMicPermissions(api)
}
