/**
 * The invite poster: the room's mini-program code with the room number, the host and the title,
 * drawn on a <canvas type="2d"> (base library 2.9.0) and written to an image file with
 * wx.canvasToTempFilePath({ canvas }) (2.9.0), for the album (platform/album.ts). drawPoster is
 * pure drawing over the few context calls it uses, so it is tested with a recording context.
 */
import { AppError } from '../../../core/errors'

export interface PosterInfo {
  /** the mini-program code, a local image file */
  qrPath: string
  roomId: string
  hostName: string
  /** the room's title ('' for none) */
  title: string
}

/** The slice of CanvasRenderingContext2D the poster uses. */
export interface PosterContext {
  fillStyle: unknown
  font: string
  textAlign: string
  textBaseline: string
  scale(x: number, y: number): void
  fillRect(x: number, y: number, w: number, h: number): void
  fillText(text: string, x: number, y: number): void
  measureText(text: string): { width: number }
  drawImage(image: unknown, x: number, y: number, w: number, h: number): void
  beginPath(): void
  moveTo(x: number, y: number): void
  arcTo(x1: number, y1: number, x2: number, y2: number, r: number): void
  closePath(): void
  fill(): void
}

export interface PosterImage {
  src: string
  onload: (() => void) | null
  onerror: ((error: unknown) => void) | null
}

export interface PosterCanvas {
  width: number
  height: number
  getContext(type: '2d'): PosterContext
  createImage(): PosterImage
}

/** The poster in logical px (drawn at the screen's pixel ratio). */
export const POSTER_WIDTH = 540
export const POSTER_HEIGHT = 860
const QR_SIZE = 300
const FONT = '"PingFang SC", "Helvetica Neue", sans-serif'
const BRAND = '#5856d6'

/** `text` cut with … to fit `maxWidth` in the context's current font. */
export function fitText(ctx: PosterContext, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text
  const chars = Array.from(text)
  while (chars.length > 1 && ctx.measureText(`${chars.join('')}…`).width > maxWidth) chars.pop()
  return `${chars.join('')}…`
}

function roundRect(ctx: PosterContext, x: number, y: number, w: number, h: number, r: number): void {
  ctx.beginPath()
  ctx.moveTo(x + r, y)
  ctx.arcTo(x + w, y, x + w, y + h, r)
  ctx.arcTo(x + w, y + h, x, y + h, r)
  ctx.arcTo(x, y + h, x, y, r)
  ctx.arcTo(x, y, x + w, y, r)
  ctx.closePath()
  ctx.fill()
}

function text(ctx: PosterContext, value: string, x: number, y: number, style: { size: number; color: string; bold?: boolean; maxWidth?: number }): void {
  ctx.font = `${style.bold ? '600 ' : ''}${style.size}px ${FONT}`
  ctx.fillStyle = style.color
  ctx.fillText(style.maxWidth ? fitText(ctx, value, style.maxWidth) : value, x, y)
}

/** Draws the whole poster (POSTER_WIDTH × POSTER_HEIGHT) with the code `qr` already loaded. */
export function drawPoster(ctx: PosterContext, qr: unknown, info: PosterInfo): void {
  const W = POSTER_WIDTH
  const center = W / 2
  ctx.textAlign = 'center'
  ctx.textBaseline = 'middle'
  ctx.fillStyle = '#f4f5f7'
  ctx.fillRect(0, 0, W, POSTER_HEIGHT)
  ctx.fillStyle = BRAND
  ctx.fillRect(0, 0, W, 380)

  const title = info.title || `${info.hostName}的直播间`
  text(ctx, '邀请你来看直播', center, 64, { size: 24, color: 'rgba(255,255,255,0.78)' })
  text(ctx, title, center, 124, { size: 40, color: '#ffffff', bold: true, maxWidth: W - 80 })
  text(ctx, `主播 ${info.hostName}`, center, 182, { size: 26, color: 'rgba(255,255,255,0.9)', maxWidth: W - 120 })

  ctx.fillStyle = '#ffffff'
  roundRect(ctx, 40, 240, W - 80, 560, 28)
  ctx.drawImage(qr, center - QR_SIZE / 2, 290, QR_SIZE, QR_SIZE)
  text(ctx, `房间号 ${info.roomId}`, center, 650, { size: 40, color: '#1d1e22', bold: true })
  text(ctx, '微信扫一扫，进入直播间', center, 712, { size: 24, color: '#5f636b' })
  text(ctx, '也可以在大厅输入房间号加入', center, 752, { size: 22, color: '#9a9ea6' })
}

/** What renderPoster needs of wx (and of the component that holds the canvas). */
export interface PosterWx {
  /** the <canvas type="2d" id="…"> node inside `component` */
  canvasNode(component: unknown, selector: string): Promise<PosterCanvas | null>
  pixelRatio(): number
  toFile(canvas: PosterCanvas, width: number, height: number): Promise<string>
}

const failed = () => new AppError('NOT_ALLOWED', '海报生成失败，请重试')

export const wxPoster: PosterWx = {
  canvasNode: (component, selector) =>
    new Promise((resolve) => {
      wx.createSelectorQuery()
        .in(component as WechatMiniprogram.Component.TrivialInstance)
        .select(selector)
        .fields({ node: true, size: true }, () => undefined)
        .exec((res: { node?: PosterCanvas }[] | null) => resolve(res?.[0]?.node ?? null))
    }),
  pixelRatio: () => {
    try {
      return wx.getWindowInfo().pixelRatio || 2
    } catch {
      return 2
    }
  },
  toFile: (canvas, width, height) =>
    new Promise((resolve, reject) => {
      wx.canvasToTempFilePath({
        canvas: canvas as unknown as WechatMiniprogram.Canvas,
        width,
        height,
        destWidth: width * 2,
        destHeight: height * 2,
        fileType: 'png',
        success: (res) => resolve(res.tempFilePath),
        fail: () => reject(failed()),
      })
    }),
}

/** Draws the poster on `component`'s canvas `selector` and returns its image file. */
export async function renderPoster(component: unknown, selector: string, info: PosterInfo, api: PosterWx = wxPoster): Promise<string> {
  const canvas = await api.canvasNode(component, selector)
  if (!canvas) throw failed()
  const ratio = api.pixelRatio()
  canvas.width = POSTER_WIDTH * ratio
  canvas.height = POSTER_HEIGHT * ratio
  const ctx = canvas.getContext('2d')
  ctx.scale(ratio, ratio)
  const qr = canvas.createImage()
  await new Promise<void>((resolve, reject) => {
    qr.onload = () => resolve()
    qr.onerror = () => reject(failed())
    qr.src = info.qrPath
  })
  drawPoster(ctx, qr, info)
  return api.toFile(canvas, POSTER_WIDTH, POSTER_HEIGHT)
}
