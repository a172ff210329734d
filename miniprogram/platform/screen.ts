/** Keeps the screen on while a room is live (a dimmed phone pauses the camera and the picture). */
import type { ScreenControl } from '../stores/deps'

export interface ScreenWx {
  setKeepScreenOn(options: { keepScreenOn: boolean; fail?: (error: { errMsg: string }) => void }): void
}

/** The store's ScreenControl over the real wx. */
export function createScreen(api: ScreenWx = wx): ScreenControl {
  return {
    keepOn(on: boolean): void {
      // only a comfort: a phone that refuses still works, it just dims
      api.setKeepScreenOn({ keepScreenOn: on, fail: () => undefined })
    },
  }
}
