/**
 * POST /v1/rongcloud/message-callback: RongCloud's message callback (src/moderation/rongcloud-callback.ts).
 *
 * Bad or missing signature → 401 and nothing else happens. Otherwise every user-written text of
 * the message is checked with msgSecCheck v2 for the sender's openid (the user id maps back to it
 * with USER_ID_SECRET), all in parallel, bounded by CONTENT_CHECK_BUDGET_MS (1.5 s by default)
 * so the answer is in well inside RongCloud's 3 s. `risky` → `{ pass: 0 }` (delivered to nobody);
 * anything else → `{ pass: 1 }`. When WeChat cannot answer in time (or fails), the message passes —
 * RongCloud would deliver it anyway once its 3 s are over — and a `content_check_miss` line is
 * logged: count those lines to see how much chat went unchecked. `review` passes and is logged
 * as `content_check_review` (chat is fleeting; blocking doubtful messages would silence people).
 */
import type { FastifyInstance } from 'fastify'
import { ApiError } from '../errors'
import type { AppContext } from '../http/context'
import { readCallbackBody, readSignedQuery, textsToCheck, verifySignature } from '../moderation/rongcloud-callback'
import { WeChatError } from '../upstream/wechat'

export const MESSAGE_CALLBACK_PATH = '/v1/rongcloud/message-callback'

export function messageCallbackRoutes(app: FastifyInstance, ctx: AppContext): void {
  void app.register(async (scope) => {
    // RongCloud posts a form; a JSON body (the global parser) is read the same way
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 256 * 1024 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))))
    })

    scope.post(MESSAGE_CALLBACK_PATH, { bodyLimit: 256 * 1024 }, async (req) => {
      const signed = readSignedQuery(req.query)
      const problem = verifySignature(ctx.config.rongcloud.appSecret, signed, ctx.clock.now())
      if (problem) {
        req.log.warn({ event: 'callback_refused', problem }, 'message callback refused')
        throw new ApiError('TOKEN_INVALID', '签名无效')
      }
      const nonceKey = `${signed!.nonce}:${signed!.timestamp}`
      if (ctx.callbackNonces.has(nonceKey)) {
        req.log.warn({ event: 'callback_refused', problem: 'replayed' }, 'message callback refused')
        throw new ApiError('TOKEN_INVALID', '签名已使用')
      }
      ctx.callbackNonces.set(nonceKey, true)

      const message = readCallbackBody(req.body)
      if (!message) throw new ApiError('BAD_REQUEST', '不是融云消息回调')
      if (message.appKey !== ctx.config.rongcloud.appKey) throw new ApiError('TOKEN_INVALID', 'App Key 不符')

      const texts = textsToCheck(message.msgType, message.content)
      if (texts.length === 0) return { pass: 1 }
      const about = { msgType: message.msgType, channelType: message.channelType, messageId: message.messageId }
      const openid = ctx.users.decrypt(message.fromUserId)
      if (!openid) {
        // not an id this server issued (e.g. a token made in RongCloud's console): no openid to check with
        req.log.warn({ event: 'content_check_miss', reason: 'unknown_sender', ...about }, 'message passed unchecked')
        return { pass: 1 }
      }
      const budget = ctx.config.contentCheckBudgetMs
      const outcomes = await Promise.all(texts.map((t) => ctx.textChecker.checkWithin(openid, t.scene, t.text, budget, req.trace)))
      let pass = 1
      outcomes.forEach((o, i) => {
        const field = texts[i].field
        if (o.kind === 'verdict') {
          if (o.suggest === 'risky') {
            pass = 0
            req.log.info({ event: 'message_blocked', field, label: o.label, cached: o.cached, ...about }, 'message blocked')
          } else if (o.suggest === 'review') {
            req.log.info({ event: 'content_check_review', field, label: o.label, ...about }, 'doubtful message passed')
          }
        } else {
          const errcode = o.kind === 'error' && o.error instanceof WeChatError ? o.error.errcode : undefined
          req.log.warn({ event: 'content_check_miss', reason: o.kind, errcode, field, budgetMs: budget, ...about }, 'message passed unchecked')
        }
      })
      return { pass }
    })
  })
}
