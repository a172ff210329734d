/**
 * GET/POST /v1/wechat/message-push: WeChat's message push (消息推送), configured in the mini-program
 * console (开发管理 → 开发设置 → 消息推送) with this URL, WECHAT_PUSH_TOKEN as Token,
 * WECHAT_PUSH_AES_KEY as EncodingAESKey, data format JSON. Signature and encryption:
 * src/upstream/wechat-push.ts. The event used is `wxa_media_check` (the avatar verdicts,
 * src/avatars/avatar-service.ts); any other event is acknowledged and ignored.
 *
 * With WECHAT_PUSH_AES_KEY set, only encrypted (safe-mode) pushes are accepted; without it, only
 * plaintext ones. Answer: `success`, as WeChat asks (anything else makes it retry).
 */
import type { FastifyInstance } from 'fastify'
import { ApiError } from '../errors'
import type { AppContext } from '../http/context'
import { decryptPush, verifyMessageSignature, verifyPushSignature } from '../upstream/wechat-push'
import type { Suggest } from '../upstream/wechat'

export const WECHAT_PUSH_PATH = '/v1/wechat/message-push'
const FRESH_MS = 10 * 60_000

type Query = Record<string, unknown>

function readVerdict(event: Record<string, unknown>): { suggest: Suggest; label: number } | null {
  const result = event.result as Record<string, unknown> | undefined
  const suggest = result?.suggest
  if (suggest === 'pass' || suggest === 'review' || suggest === 'risky') return { suggest, label: Number(result?.label ?? 0) }
  // the v1 form (isrisky 0/1), which some accounts are still pushed
  if (event.isrisky === 0 || event.isrisky === '0') return { suggest: 'pass', label: 100 }
  if (event.isrisky === 1 || event.isrisky === '1') return { suggest: 'risky', label: 0 }
  return null
}

export function wechatPushRoutes(app: FastifyInstance, ctx: AppContext): void {
  const token = () => {
    const t = ctx.config.wechat.pushToken
    if (!t) throw new ApiError('SERVICE_NOT_ENABLED', '服务器未配置微信消息推送')
    return t
  }
  const checkSigned = (query: Query) => {
    if (!verifyPushSignature(token(), query)) throw new ApiError('TOKEN_INVALID', '签名无效')
    const ts = Number(query.timestamp) * 1000
    if (!Number.isFinite(ts) || Math.abs(ctx.clock.now() - ts) > FRESH_MS) throw new ApiError('TOKEN_INVALID', '签名已过期')
  }

  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body))

    // the URL check when the push is configured
    scope.get<{ Querystring: Query }>(WECHAT_PUSH_PATH, async (req, reply) => {
      checkSigned(req.query)
      const echostr = req.query.echostr
      if (typeof echostr !== 'string' || echostr.length > 256) throw new ApiError('BAD_REQUEST', '缺少 echostr')
      return reply.type('text/plain').send(echostr)
    })

    scope.post<{ Querystring: Query }>(WECHAT_PUSH_PATH, { bodyLimit: 64 * 1024 }, async (req, reply) => {
      checkSigned(req.query)
      let body: unknown
      try {
        body = JSON.parse(String(req.body ?? ''))
      } catch {
        throw new ApiError('BAD_REQUEST', '消息推送应选择 JSON 数据格式')
      }
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ApiError('BAD_REQUEST', '消息推送内容不正确')
      let event = body as Record<string, unknown>
      const aesKey = ctx.config.wechat.pushAesKey
      if (aesKey) {
        if (typeof event.Encrypt !== 'string') throw new ApiError('BAD_REQUEST', '消息推送应使用安全模式')
        if (!verifyMessageSignature(token(), req.query, event.Encrypt)) throw new ApiError('TOKEN_INVALID', '签名无效')
        const plain = decryptPush(aesKey, event.Encrypt, ctx.config.wechat.appId)
        let decoded: unknown
        try {
          decoded = plain === null ? null : JSON.parse(plain)
        } catch {
          decoded = null
        }
        if (!decoded || typeof decoded !== 'object') throw new ApiError('BAD_REQUEST', '消息推送无法解密')
        event = decoded as Record<string, unknown>
      } else if (typeof event.Encrypt === 'string') {
        throw new ApiError('BAD_REQUEST', '收到加密推送，但服务器未配置 WECHAT_PUSH_AES_KEY')
      }

      if (event.Event === 'wxa_media_check' && typeof event.trace_id === 'string') {
        const verdict = readVerdict(event)
        if (!verdict) throw new ApiError('BAD_REQUEST', '检测结果不完整')
        if (ctx.avatars) {
          try {
            await ctx.avatars.onVerdict(event.trace_id, verdict.suggest, verdict.label)
          } catch (e) {
            // a failing store: answer an error, WeChat retries the push
            req.log.error({ err: e, traceId: event.trace_id }, 'media check verdict not stored')
            throw new ApiError('NETWORK', '存储服务暂时不可用')
          }
        }
      } else {
        req.log.info({ event: 'wechat_push_ignored', msgType: event.MsgType, name: event.Event }, 'push ignored')
      }
      return reply.type('text/plain').send('success')
    })
  })
}
