/**
 * POST /v1/login: wx.login code → jscode2session → user id → RongCloud token → session.
 * PUT /v1/profile: a new name / avatar, registered with RongCloud too (guests are shown by it).
 */
import type { FastifyInstance } from 'fastify'
import { ApiError } from '../errors'
import type { AppContext } from '../http/context'
import { authenticate, limit } from '../http/context'
import { objectBody, profileInput } from '../http/validate'
import { checkPublicText } from '../moderation/public-text'
import { makeProfile } from '../profile'
import { WX, WeChatError } from '../upstream/wechat'
import { upstreamError } from './upstream-errors'

const LOGIN_CODE = /^[\x21-\x7e]{1,128}$/

function loginError(e: unknown): ApiError {
  if (e instanceof WeChatError) {
    switch (e.errcode) {
      case WX.INVALID_CODE:
      case WX.CODE_USED:
        return new ApiError('TOKEN_INVALID', '登录凭证无效或已使用，请重新登录')
      case WX.MINUTE_QUOTA:
        return new ApiError('RATE_LIMITED', '登录太频繁，请稍后再试', 60)
      case WX.CODE_BLOCKED:
        return new ApiError('NOT_ALLOWED', '微信拒绝了这次登录')
      default:
        return new ApiError('NETWORK', '微信登录服务暂时不可用，请重试')
    }
  }
  return upstreamError(e)
}

export function loginRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/v1/login', async (req) => {
    limit(ctx.limits.login, `ip:${req.ip}`)
    const body = objectBody(req.body)
    if (typeof body.code !== 'string' || !LOGIN_CODE.test(body.code)) throw new ApiError('BAD_REQUEST', '缺少登录凭证 code')
    const input = profileInput(body.profile, ctx.avatars)
    let openid: string
    try {
      // once: a login code is single-use, a retry would only ever get 40163
      openid = (await ctx.wechat.code2Session(body.code, req.trace)).openid
    } catch (e) {
      throw loginError(e)
    }
    // after code2Session: msgSecCheck v2 needs the openid. A rejected name has used up the code;
    // the app asks for another name and calls wx.login again.
    await checkPublicText(ctx.textChecker, req.log, openid, input.name, 'name', req.trace)
    const userId = ctx.users.encrypt(openid)
    const profile = makeProfile(userId, input.name, input.avatar)
    let token: string
    try {
      token = await ctx.rc.getToken(userId, profile.name, profile.avatar, req.trace)
    } catch (e) {
      throw upstreamError(e)
    }
    const { session } = ctx.sessions.issue(profile)
    return { userId, token, session, profile }
  })

  app.put('/v1/profile', async (req) => {
    const me = authenticate(ctx, req)
    limit(ctx.limits.write, `user:${me.id}`)
    const input = profileInput(req.body, ctx.avatars)
    const openid = ctx.users.decrypt(me.id)
    if (!openid) throw new ApiError('TOKEN_INVALID')
    await checkPublicText(ctx.textChecker, req.log, openid, input.name, 'name', req.trace)
    const profile = makeProfile(me.id, input.name, input.avatar)
    try {
      await ctx.rc.refreshUser(me.id, profile.name, profile.avatar, req.trace)
    } catch (e) {
      throw upstreamError(e)
    }
    // the session carries the profile: a new one, so claims name the host by the new name
    return { profile, session: ctx.sessions.issue(profile).session }
  })
}
