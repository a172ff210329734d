import { toAppError } from '../core/errors'

/** The Chinese message for anything an action rejected with (non-AppErrors read as network errors). */
export function errorText(error: unknown): string {
  return toAppError(error).message
}

/** Shows a rejected action's message as a toast: the fallback when there is no inline place for it. */
export function toastError(error: unknown): void {
  wx.showToast({ title: errorText(error), icon: 'none', duration: 2500 })
}
