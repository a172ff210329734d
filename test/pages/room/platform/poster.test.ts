/** pages/room/platform/poster.ts: the invite poster's drawing (a recording context) and its way to a file. */
import { AppError } from '../../../../miniprogram/core/errors'
import { drawPoster, fitText, renderPoster, POSTER_HEIGHT, POSTER_WIDTH, type PosterCanvas, type PosterContext, type PosterImage, type PosterWx } from '../../../../miniprogram/pages/room/platform/poster'

/** Records what is drawn; text is 10 px a character at any font. */
function recorder() {
  const calls: string[] = []
  const ctx: PosterContext = {
    fillStyle: '',
    font: '',
    textAlign: '',
    textBaseline: '',
    scale: (x, y) => void calls.push(`scale ${x} ${y}`),
    fillRect: (x, y, w, h) => void calls.push(`rect ${x} ${y} ${w} ${h}`),
    fillText: (text) => void calls.push(`text ${text}`),
    measureText: (text) => ({ width: Array.from(text).length * 10 }),
    drawImage: (image, x, y, w, h) => void calls.push(`image ${(image as PosterImage).src} ${x} ${y} ${w} ${h}`),
    beginPath: () => undefined,
    moveTo: () => undefined,
    arcTo: () => undefined,
    closePath: () => undefined,
    fill: () => void calls.push('fill'),
  }
  return { ctx, calls }
}

const INFO = { qrPath: 'wxfile://qr.png', roomId: '345678', hostName: '小爱', title: '周末一起唱歌' }

test('the poster carries the code, the room number, the host and the title', () => {
  const { ctx, calls } = recorder()
  drawPoster(ctx, { src: INFO.qrPath }, INFO)
  const texts = calls.filter((c) => c.startsWith('text ')).map((c) => c.slice(5))
  expect(texts).toEqual(expect.arrayContaining(['周末一起唱歌', '主播 小爱', '房间号 345678', '微信扫一扫，进入直播间']))
  expect(calls).toContain(`image ${INFO.qrPath} 120 290 300 300`)
})

test('no title: the host’s room; a long title is cut with …', () => {
  const { ctx, calls } = recorder()
  drawPoster(ctx, { src: INFO.qrPath }, { ...INFO, title: '' })
  expect(calls).toContain('text 小爱的直播间')
  expect(fitText(ctx, '一'.repeat(80), 200)).toBe(`${'一'.repeat(19)}…`)
  expect(fitText(ctx, '短', 200)).toBe('短')
})

function fakeApi(image: 'loads' | 'fails') {
  const { ctx, calls } = recorder()
  const canvas: PosterCanvas = {
    width: 0,
    height: 0,
    getContext: () => ctx,
    createImage: () => {
      const img: PosterImage = { src: '', onload: null, onerror: null }
      let src = ''
      Object.defineProperty(img, 'src', {
        get: () => src,
        set: (value: string) => {
          src = value
          setTimeout(() => (image === 'loads' ? img.onload?.() : img.onerror?.(new Error('decode'))), 0)
        },
      })
      return img
    },
  }
  const toFile = jest.fn(async () => 'wxfile://tmp_poster.png')
  const api: PosterWx = { canvasNode: async () => canvas, pixelRatio: () => 3, toFile }
  return { api, canvas, calls, toFile }
}

test('renderPoster: the canvas at the screen’s pixel ratio, the code loaded before drawing, a file out', async () => {
  const { api, canvas, calls, toFile } = fakeApi('loads')
  await expect(renderPoster({}, '#invite-poster', INFO, api)).resolves.toBe('wxfile://tmp_poster.png')
  expect([canvas.width, canvas.height]).toEqual([POSTER_WIDTH * 3, POSTER_HEIGHT * 3])
  expect(calls[0]).toBe('scale 3 3')
  expect(calls.some((c) => c.startsWith(`image ${INFO.qrPath}`))).toBe(true)
  expect(toFile).toHaveBeenCalledWith(canvas, POSTER_WIDTH, POSTER_HEIGHT)
})

test('renderPoster: a code that does not load, or no canvas, fails clearly', async () => {
  await expect(renderPoster({}, '#invite-poster', INFO, fakeApi('fails').api)).rejects.toEqual(new AppError('NOT_ALLOWED', '海报生成失败，请重试'))
  const noCanvas: PosterWx = { ...fakeApi('loads').api, canvasNode: async () => null }
  await expect(renderPoster({}, '#invite-poster', INFO, noCanvas)).rejects.toMatchObject({ message: '海报生成失败，请重试' })
})
