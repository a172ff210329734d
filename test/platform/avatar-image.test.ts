/**
 * platform/avatar-image.ts: a picked avatar is made fit for POST /v1/avatar (JPEG or PNG, ≤ 1 MB,
 * sides 16–4096) before any byte is sent. The fake wx holds files by path: their type, sides and
 * size; compressImage makes a JPEG whose size follows quality and width as given by `shrink`.
 */
import { AppError } from '../../miniprogram/core/errors'
import { MAX_AVATAR_BYTES, WxAvatarImages, type ImageWx } from '../../miniprogram/platform/avatar-image'

interface FakeFile {
  type: string
  width: number
  height: number
  size: number
}

function fakeWx(files: Record<string, FakeFile>, shrink: (file: FakeFile, quality: number, width: number) => FakeFile) {
  const log: string[] = []
  let seq = 0
  const api: ImageWx = {
    getImageInfo({ src, success, fail }) {
      const f = files[src]
      if (f) success?.({ type: f.type, width: f.width, height: f.height })
      else fail?.({ errMsg: 'getImageInfo:fail file not found' })
    },
    compressImage({ src, quality, compressedWidth, success, fail }) {
      log.push(`compress q${quality} w${compressedWidth}`)
      const f = files[src]
      if (!f) return fail?.({ errMsg: 'compressImage:fail' })
      const out = `wxfile://tmp_compressed_${++seq}.jpg`
      files[out] = shrink(f, quality, compressedWidth ?? f.width)
      success?.({ tempFilePath: out })
    },
    getFileSystemManager: () => ({
      getFileInfo({ filePath, success, fail }) {
        const f = files[filePath]
        if (f) success?.({ size: f.size })
        else fail?.({ errMsg: 'getFileInfo:fail' })
      },
    }),
  }
  return { api, log }
}

const MB = MAX_AVATAR_BYTES
/** a JPEG's size grows with quality and area */
const jpegOf = (f: FakeFile, quality: number, width: number): FakeFile => {
  const w = Math.min(width, f.width)
  const h = Math.round((f.height * w) / f.width)
  return { type: 'jpeg', width: w, height: h, size: Math.round((f.size * quality * w * h) / (100 * f.width * f.height)) }
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e)
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

test('a WeChat avatar that fits (jpeg or png, ≤ 1 MB) goes as it is, uncompressed', async () => {
  const { api, log } = fakeWx({ 'wxfile://a.jpg': { type: 'jpeg', width: 132, height: 132, size: 20_000 }, 'wxfile://b.png': { type: 'png', width: 640, height: 640, size: MB } }, jpegOf)
  const images = new WxAvatarImages(api)
  await expect(images.prepare('wxfile://a.jpg')).resolves.toBe('wxfile://a.jpg')
  await expect(images.prepare('wxfile://b.png')).resolves.toBe('wxfile://b.png')
  expect(log).toEqual([])
})

test('a photo over 1 MB is compressed (smaller each try) until it fits', async () => {
  const { api, log } = fakeWx({ 'wxfile://photo.jpg': { type: 'jpeg', width: 3000, height: 4000, size: 6 * MB } }, jpegOf)
  const out = await new WxAvatarImages(api).prepare('wxfile://photo.jpg')
  expect(out).toMatch(/^wxfile:\/\/tmp_compressed_/)
  // 1080 px at quality 80 is ~0.5 MB of the 6 MB photo's 12 megapixels
  expect(log).toEqual(['compress q80 w1080'])
})

test('a file that stays over 1 MB after every try is refused with the reason, never uploaded', async () => {
  const stubborn = (f: FakeFile): FakeFile => ({ ...f, type: 'jpeg', size: 2 * MB })
  const { api, log } = fakeWx({ 'wxfile://noise.png': { type: 'png', width: 2000, height: 2000, size: 5 * MB } }, stubborn)
  const error = await refusal(new WxAvatarImages(api).prepare('wxfile://noise.png'))
  expect(error.code).toBe('NOT_ALLOWED')
  expect(error.message).toBe('图片太大了，压缩后仍超过 1 MB，请换一张')
  expect(log).toEqual(['compress q80 w1080', 'compress q60 w720', 'compress q40 w480'])
})

test('another type (gif) is converted; one that stays no jpeg/png is refused; tiny or unreadable pictures are refused', async () => {
  const files = {
    'wxfile://a.gif': { type: 'gif', width: 200, height: 200, size: 50_000 },
    'wxfile://tiny.png': { type: 'png', width: 8, height: 8, size: 100 },
  }
  const converted = fakeWx({ ...files }, jpegOf)
  await expect(new WxAvatarImages(converted.api).prepare('wxfile://a.gif')).resolves.toMatch(/compressed/)
  const kept = fakeWx({ ...files }, (f) => ({ ...f }))
  expect((await refusal(new WxAvatarImages(kept.api).prepare('wxfile://a.gif'))).message).toBe('头像只支持 JPEG 或 PNG 图片，请换一张')
  expect((await refusal(new WxAvatarImages(kept.api).prepare('wxfile://tiny.png'))).message).toContain('太小')
  expect((await refusal(new WxAvatarImages(kept.api).prepare('wxfile://gone.jpg'))).message).toBe('无法读取这张图片，请换一张')
})
