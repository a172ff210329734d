/**
 * Where content may start on a page with `navigationStyle: custom` (the room shows video edge to
 * edge): below the status bar, level with WeChat's capsule button. env(safe-area-inset-top) is 0
 * on many Android phones, so the numbers come from the window and capsule metrics.
 */

export interface TopInset {
  /** px from the top of the screen to the top of the capsule button */
  top: number
  /** px the capsule button takes on the right, to keep our controls clear of it */
  right: number
}

export function topInset(): TopInset {
  let statusBar = 20
  let width = 375
  try {
    const info = wx.getWindowInfo()
    statusBar = info.statusBarHeight || statusBar
    width = info.windowWidth || width
  } catch {
    // older base library: the defaults fit most phones
  }
  try {
    const capsule = wx.getMenuButtonBoundingClientRect()
    if (capsule && capsule.top > 0) return { top: capsule.top, right: Math.max(0, width - capsule.left) + 8 }
  } catch {
    // no capsule metrics: fall through
  }
  return { top: statusBar + 6, right: 100 }
}
