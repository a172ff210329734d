/** Keeps the screen on while a room is live (a dimmed phone pauses the camera and the picture). */

export interface ScreenWx {
  setKeepScreenOn(options: { keepScreenOn: boolean; fail?: (error: { errMsg: string }) => void }): void
}

export interface KeepScreen {
  keepOn(on: boolean): void
}

export function createScreen(api: ScreenWx = wx): KeepScreen {
  return {
    keepOn(on: boolean): void {
      // only a comfort: a phone that refuses still works, it just dims
      api.setKeepScreenOn({ keepScreenOn: on, fail: () => undefined })
    },
  }
}
