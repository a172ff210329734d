/**
 * Avatars on the demo network's stand-in for our server (server/README.md "Avatars"): an upload is
 * taken and answered `pending`, and passes the "media check" `checkMs` later (WeChat answers the
 * real one by message push, seconds to minutes later); until then its URL is not served. There is no
 * image server behind the URLs: no phone can load them, so the app falls back to the letter avatar,
 * and only the uploader's own phone shows the picture (its local file). Nothing is refused here.
 */
import type { AvatarUpload } from '../types'

/** What the demo answers for a room's mini-program code: there is none to have. */
export const DEMO_NO_QR_CODE = '演示模式没有小程序码：这里的房间只在这台手机上，别人扫码也进不来。可以把房间号告诉朋友，或发分享卡片'

/** How long the demo's media check takes by default. */
export const DEMO_AVATAR_CHECK_MS = 3000

export class DemoAvatars {
  /** url → when it was uploaded (the server's wall clock) */
  private readonly uploaded = new Map<string, number>()
  /** a file sent again gets its URL again (the server names images by their bytes) */
  private readonly byFile = new Map<string, string>()
  private seq = 0
  checkMs = DEMO_AVATAR_CHECK_MS

  constructor(private readonly clock: () => number) {}

  upload(filePath: string): AvatarUpload {
    let avatar = this.byFile.get(filePath)
    if (!avatar) {
      avatar = `https://demo.invalid/v1/avatars/demo-${++this.seq}.jpg`
      this.byFile.set(filePath, avatar)
      this.uploaded.set(avatar, this.clock())
    }
    return { avatar, status: this.ready(avatar) ? 'approved' : 'pending' }
  }

  ready(avatar: string): boolean {
    const at = this.uploaded.get(avatar)
    return at !== undefined && this.clock() - at >= this.checkMs
  }
}
