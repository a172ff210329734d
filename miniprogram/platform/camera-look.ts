/**
 * How the host's camera looks: beauty and whitening (live-pusher's 0-9 scales), chosen on the
 * preview screen and kept on this phone, so the room's pusher and the next preview use them too.
 */
export type LookLevel = 0 | 3 | 6 | 9

export interface CameraLook {
  beauty: LookLevel
  whiteness: LookLevel
}

/** The choices the preview offers: off, light, medium, strong. */
export const LOOK_LEVELS: readonly { level: LookLevel; label: string }[] = [
  { level: 0, label: '关' },
  { level: 3, label: '轻' },
  { level: 6, label: '中' },
  { level: 9, label: '强' },
]

const KEY = 'camera-look'
const DEFAULT_LOOK: CameraLook = { beauty: 3, whiteness: 3 }

const isLevel = (v: unknown): v is LookLevel => v === 0 || v === 3 || v === 6 || v === 9

export function loadLook(): CameraLook {
  try {
    const stored = wx.getStorageSync(KEY) as Partial<CameraLook> | ''
    if (stored && isLevel(stored.beauty) && isLevel(stored.whiteness)) return { beauty: stored.beauty, whiteness: stored.whiteness }
  } catch {
    // storage unavailable: the defaults
  }
  return { ...DEFAULT_LOOK }
}

export function saveLook(look: CameraLook): void {
  try {
    wx.setStorageSync(KEY, { beauty: look.beauty, whiteness: look.whiteness })
  } catch {
    // not kept: the next preview starts from the defaults
  }
}
