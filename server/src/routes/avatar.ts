/**
 * POST /v1/avatar                 (session) the image as the body — image/jpeg, image/png,
 *                                 application/octet-stream, or multipart/form-data as
 *                                 wx.uploadFile sends it — at most 1 MB → 200 { avatar, status }
 * GET  /v1/avatars/:file          public, approved images only, immutable (content-addressed)
 * GET  /v1/avatar-checks/:file    the pending image for WeChat's checker, signed URL only
 * See src/avatars/avatar-service.ts for the moderation flow.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ApiError } from '../errors'
import type { AppContext } from '../http/context'
import { authenticate, limit } from '../http/context'
import { ImageError, cleanImage, sniff } from '../media/image'
import { boundaryOf, firstFilePart } from '../media/multipart'
import type { AvatarService } from '../avatars/avatar-service'
import { upstreamError } from './upstream-errors'
import { WeChatError } from '../upstream/wechat'
import { S3Error } from '../storage/s3-store'

export const MAX_AVATAR_BYTES = 1024 * 1024
/** room for wx.uploadFile's multipart framing around a 1 MB image */
const BODY_LIMIT = MAX_AVATAR_BYTES + 64 * 1024
const IMMUTABLE = 'public, max-age=31536000, immutable'

function imageProblem(e: ImageError): ApiError {
  if (e.reason === 'type') return new ApiError('INVALID_IMAGE')
  if (e.reason === 'dimensions') return new ApiError('INVALID_IMAGE', '图片尺寸应在 16×16 到 4096×4096 之间')
  return new ApiError('INVALID_IMAGE', '图片已损坏或格式不正确')
}

function enabled(ctx: AppContext): AvatarService {
  if (!ctx.avatars) throw new ApiError('SERVICE_NOT_ENABLED', '服务器未开启头像上传（需要 PUBLIC_URL 和 WECHAT_PUSH_TOKEN）')
  return ctx.avatars
}

/** The image bytes and the type the client declared for them (if any). */
function readUpload(req: FastifyRequest): { bytes: Buffer; declared: string } {
  const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)
  if (type === 'multipart/form-data') {
    const boundary = boundaryOf(String(req.headers['content-type']))
    const part = boundary ? firstFilePart(body, boundary) : null
    if (!part) throw new ApiError('BAD_REQUEST', '上传内容中没有图片文件')
    return { bytes: part.data, declared: part.contentType }
  }
  if (type === 'image/jpeg' || type === 'image/png' || type === 'application/octet-stream') return { bytes: body, declared: type }
  throw new ApiError('INVALID_IMAGE')
}

export function avatarRoutes(app: FastifyInstance, ctx: AppContext): void {
  void app.register(async (scope) => {
    // this scope takes raw bytes of any type; readUpload decides what is acceptable
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body))

    scope.post('/v1/avatar', { bodyLimit: BODY_LIMIT }, async (req) => {
      const me = authenticate(ctx, req)
      const avatars = enabled(ctx)
      const { bytes, declared } = readUpload(req)
      if (bytes.length === 0) throw new ApiError('INVALID_IMAGE', '图片是空的')
      if (bytes.length > MAX_AVATAR_BYTES) throw new ApiError('TOO_LARGE', '头像图片不能超过 1 MB')
      const sniffed = sniff(bytes)
      if (!sniffed) throw new ApiError('INVALID_IMAGE')
      if ((declared === 'image/png' && sniffed !== 'png') || (declared === 'image/jpeg' && sniffed !== 'jpeg')) {
        throw new ApiError('INVALID_IMAGE', '图片类型与内容不符')
      }
      let image
      try {
        image = cleanImage(bytes)
      } catch (e) {
        if (e instanceof ImageError) throw imageProblem(e)
        throw e
      }
      // counted only for images that reach the store and WeChat's media check (its quota is what it protects)
      limit(ctx.limits.avatar, `user:${me.id}`)
      try {
        return await avatars.upload(me.id, image, req.trace)
      } catch (e) {
        if (e instanceof WeChatError) {
          req.log.warn({ event: 'avatar_check_failed', errcode: e.errcode }, 'media check request failed')
          throw new ApiError('NETWORK', '图片安全检查暂时不可用，请稍后重试')
        }
        throw upstreamOrStorage(e)
      }
    })
  })

  const notFound = (reply: FastifyReply) => {
    // never cache a miss: a pending avatar becomes available later under the same URL
    reply.header('Cache-Control', 'no-store')
    return new ApiError('NOT_FOUND', '头像不存在或尚未通过审核')
  }

  app.get<{ Params: { file: string } }>('/v1/avatars/:file', async (req, reply) => {
    if (!ctx.avatars) throw notFound(reply)
    const image = await ctx.avatars.approved(req.params.file).catch((e) => {
      throw upstreamOrStorage(e)
    })
    if (!image) throw notFound(reply)
    const etag = `"${req.params.file.slice(0, 64)}"`
    reply.header('Cache-Control', IMMUTABLE).header('ETag', etag).header('X-Content-Type-Options', 'nosniff')
    if (req.headers['if-none-match'] === etag) return reply.code(304).send()
    return reply.type(image.contentType).send(image.bytes)
  })

  app.get<{ Params: { file: string }; Querystring: { e?: string; s?: string } }>('/v1/avatar-checks/:file', async (req, reply) => {
    if (!ctx.avatars) throw notFound(reply)
    const image = await ctx.avatars.forCheck(req.params.file, req.query.e, req.query.s).catch((e) => {
      throw upstreamOrStorage(e)
    })
    if (!image) throw notFound(reply)
    reply.header('Cache-Control', 'no-store').header('X-Content-Type-Options', 'nosniff')
    return reply.type(image.contentType).send(image.bytes)
  })
}

/** RongCloud/WeChat failures as usual; a failing store (disk, bucket) is 502 too, logged by the handler. */
function upstreamOrStorage(e: unknown): ApiError {
  const errno = (e as NodeJS.ErrnoException | null)?.code
  if (e instanceof S3Error || (typeof errno === 'string' && /^E[A-Z]+$/.test(errno))) {
    return Object.assign(new ApiError('NETWORK', '存储服务暂时不可用，请稍后重试'), { cause: e })
  }
  return upstreamError(e)
}
