/**
 * GET /v1/rooms/:roomId/qrcode (session): the room's unlimited mini-program code
 * (wxacode.getUnlimited, src/upstream/wechat.ts), opening `pages/room/room` with scene `r=<roomId>`
 * (8 characters of the allowed set; the page reads `decodeURIComponent(query.scene)` in onLoad).
 *
 * - `check_path: false`: the code is accepted for a page of a version not yet published (trial
 *   and develop builds, and the first release); with true WeChat answers 41030 for those. The page
 *   is fixed here, so nothing is lost by not checking it;
 * - `env_version`: WECHAT_QR_ENV_VERSION (release by default; trial / develop for testers);
 * - the code for a number never changes (same scene, page, version), so each instance keeps the
 *   last 256 in memory and clients may cache them for an hour;
 * - only for a room that is live now (404 ROOM_NOT_FOUND otherwise);
 * - a WeChat error (JSON instead of an image) → 502 NETWORK, with its errcode logged.
 */
import type { FastifyInstance } from 'fastify'
import { ApiError } from '../errors'
import type { AppContext } from '../http/context'
import { authenticate, limit } from '../http/context'
import { roomNumber } from '../http/validate'
import { Lru } from '../moderation/lru'
import { WeChatError } from '../upstream/wechat'
import { upstreamError } from './upstream-errors'

export const ROOM_PAGE = 'pages/room/room'

export function roomScene(roomId: string): string {
  return `r=${roomId}`
}

export function qrcodeRoutes(app: FastifyInstance, ctx: AppContext): void {
  const cache = new Lru<{ contentType: string; bytes: Buffer }>(ctx.clock, 256, 24 * 3600_000)

  app.get<{ Params: { roomId: string } }>('/v1/rooms/:roomId/qrcode', async (req, reply) => {
    const me = authenticate(ctx, req)
    const roomId = roomNumber(req.params.roomId)
    limit(ctx.limits.read, `user:${me.id}`)
    let open: boolean
    try {
      open = await ctx.rooms.isOpen(roomId, req.trace)
    } catch (e) {
      throw upstreamError(e)
    }
    if (!open) throw new ApiError('ROOM_NOT_FOUND')
    const envVersion = ctx.config.wechat.qrEnvVersion
    const key = `${envVersion}:${roomId}`
    let image = cache.get(key)
    if (!image) {
      try {
        image = await ctx.wechat.unlimitedQrCode({ scene: roomScene(roomId), page: ROOM_PAGE, checkPath: false, envVersion }, req.trace)
      } catch (e) {
        if (e instanceof WeChatError) {
          req.log.warn({ event: 'qrcode_failed', errcode: e.errcode, roomId }, 'getwxacodeunlimit failed')
          throw new ApiError('NETWORK', '小程序码暂时无法生成，请稍后重试')
        }
        throw upstreamError(e)
      }
      cache.set(key, image)
    }
    reply.header('Cache-Control', 'private, max-age=3600')
    return reply.type(image.contentType).send(image.bytes)
  })
}
