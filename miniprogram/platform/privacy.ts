/**
 * WeChat's privacy authorisation (app.json "__usePrivacyCheck__": true). Camera, microphone,
 * chooseAvatar and nickname input are privacy APIs: before the person agrees to the privacy
 * guide, WeChat fires onNeedPrivacyAuthorization and holds the call until we resolve it. One
 * listener for the whole app keeps the pending resolve here; the privacy-popup component shows
 * itself while one is pending and settles it with the person's choice.
 */
import { AppError } from '../core/errors'
import { Listeners, type Unsubscribe } from '../core/listeners'

export interface PrivacyResolution {
  event: 'agree' | 'disagree' | 'exposureAuthorization'
  buttonId?: string
}
type Resolve = (resolution: PrivacyResolution) => void

// miniprogram-api-typings 5.2.3 declares the listener as (res: GeneralCallbackResult) => void,
// without the resolve function WeChat actually passes first; this is the documented shape.
interface PrivacyApi {
  onNeedPrivacyAuthorization?: (listener: (resolve: Resolve, info: { referrer: string }) => void) => void
  requirePrivacyAuthorize?: (options: { success?: () => void; fail?: (err: { errMsg?: string }) => void }) => void
}

const api = (): PrivacyApi => wx as unknown as PrivacyApi

let pending: Resolve[] = []
const listeners = new Listeners<boolean>()

const notify = (): void => listeners.emit(pending.length > 0)

/** Registers the app-wide listener (app onLaunch). Older base libraries have no such API: no-op. */
export function installPrivacyListener(): void {
  const register = api().onNeedPrivacyAuthorization
  if (!register) return
  register((resolve) => {
    pending.push(resolve)
    notify()
  })
}

/** The popup subscribes here; `open` is true while a privacy call waits for the person. */
export function onPrivacyPopup(listener: (open: boolean) => void): Unsubscribe {
  const off = listeners.on(listener)
  listener(pending.length > 0)
  return off
}

/** The person tapped the agree button (after its bindagreeprivacyauthorization fired). */
export function agreePrivacy(buttonId: string): void {
  settle({ event: 'agree', buttonId })
}

export function disagreePrivacy(): void {
  settle({ event: 'disagree' })
}

function settle(resolution: PrivacyResolution): void {
  const waiting = pending
  pending = []
  waiting.forEach((resolve) => resolve(resolution))
  notify()
}

/**
 * Makes sure the privacy guide is agreed before using the camera and microphone (creating a
 * room). Rejects PERMISSION_DENIED when the person declines.
 */
export function requirePrivacy(): Promise<void> {
  const require = api().requirePrivacyAuthorize
  if (!require) return Promise.resolve()
  return new Promise((resolve, reject) => {
    require({
      success: () => resolve(),
      fail: () => reject(new AppError('PERMISSION_DENIED', '需要同意隐私保护指引才能使用摄像头和麦克风')),
    })
  })
}
