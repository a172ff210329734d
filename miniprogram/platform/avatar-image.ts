/**
 * Readies the picture chooseAvatar gave for POST /v1/avatar: the server takes JPEG or PNG of at
 * most 1 MB with sides of 16–4096 px (server/README.md "Avatars"). A picture that fits goes as it
 * is; a larger one (a photo from the album) or another type is compressed with wx.compressImage
 * (quality only applies to JPEG; compressedWidth needs base library 2.26.0, older ones ignore it),
 * a few times smaller, until it fits; one that never fits is refused with the reason, before any
 * byte is sent. The wx calls sit behind ImageWx so the flow is tested with a plain fake.
 */
import { AppError } from '../core/errors'
import type { AvatarImages } from '../stores/deps'

export const MAX_AVATAR_BYTES = 1024 * 1024
const MIN_SIDE = 16
const MAX_SIDE = 4096
/** tries, each smaller: an avatar shows at most ~120 px, so 1080 px loses nothing anyone sees */
const COMPRESS_STEPS = [
  { quality: 80, width: 1080 },
  { quality: 60, width: 720 },
  { quality: 40, width: 480 },
] as const

interface Callbacks<T> {
  success?: (result: T) => void
  fail?: (error: { errMsg: string }) => void
}

/** The wx calls the flow needs, callback style as wx has them. */
export interface ImageWx {
  getImageInfo(options: { src: string } & Callbacks<{ type: string; width: number; height: number }>): void
  compressImage(options: { src: string; quality: number; compressedWidth?: number } & Callbacks<{ tempFilePath: string }>): void
  getFileSystemManager(): { getFileInfo(options: { filePath: string } & Callbacks<{ size: number }>): void }
}

const call = <T>(run: (callbacks: Callbacks<T>) => void): Promise<T> =>
  new Promise((resolve, reject) => run({ success: resolve, fail: (e) => reject(new Error(e.errMsg)) }))

const unreadable = () => new AppError('NOT_ALLOWED', '无法读取这张图片，请换一张')
const isUploadable = (type: string) => type === 'jpeg' || type === 'png'

export class WxAvatarImages implements AvatarImages {
  constructor(private readonly api: ImageWx) {}

  async prepare(localPath: string): Promise<string> {
    const info = await this.info(localPath)
    if (Math.min(info.width, info.height) < MIN_SIDE) throw new AppError('NOT_ALLOWED', '图片太小了，请换一张至少 16×16 的图片')
    if (isUploadable(info.type) && (await this.size(localPath)) <= MAX_AVATAR_BYTES && Math.max(info.width, info.height) <= MAX_SIDE) {
      return localPath
    }
    for (const step of COMPRESS_STEPS) {
      const out = await this.compress(localPath, step.quality, Math.min(step.width, info.width))
      const made = await this.info(out)
      if (!isUploadable(made.type)) throw new AppError('NOT_ALLOWED', '头像只支持 JPEG 或 PNG 图片，请换一张')
      if ((await this.size(out)) <= MAX_AVATAR_BYTES) return out
    }
    throw new AppError('NOT_ALLOWED', '图片太大了，压缩后仍超过 1 MB，请换一张')
  }

  private async info(src: string): Promise<{ type: string; width: number; height: number }> {
    try {
      return await call<{ type: string; width: number; height: number }>((cb) => this.api.getImageInfo({ src, ...cb }))
    } catch {
      throw unreadable()
    }
  }

  private async size(filePath: string): Promise<number> {
    try {
      return (await call<{ size: number }>((cb) => this.api.getFileSystemManager().getFileInfo({ filePath, ...cb }))).size
    } catch {
      throw unreadable()
    }
  }

  private async compress(src: string, quality: number, compressedWidth: number): Promise<string> {
    try {
      return (await call<{ tempFilePath: string }>((cb) => this.api.compressImage({ src, quality, compressedWidth, ...cb }))).tempFilePath
    } catch {
      throw new AppError('NOT_ALLOWED', '图片压缩失败，请换一张')
    }
  }
}

/** The app's instance, over the real wx. */
export function createAvatarImages(api: ImageWx = wx as unknown as ImageWx): AvatarImages {
  return new WxAvatarImages(api)
}
