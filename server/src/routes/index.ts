/** The route modules, one file each. */
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../http/context'
import { healthRoutes } from './health'
import { loginRoutes } from './login'
import { moderationRoutes } from './moderation'
import { roomRoutes } from './rooms'
import { avatarRoutes } from './avatar'
import { messageCallbackRoutes } from './message-callback'
import { qrcodeRoutes } from './qrcode'
import { wechatPushRoutes } from './wechat-push'

export function registerRoutes(app: FastifyInstance, ctx: AppContext): void {
  healthRoutes(app, ctx)
  loginRoutes(app, ctx)
  roomRoutes(app, ctx)
  moderationRoutes(app, ctx)
  qrcodeRoutes(app, ctx)
  avatarRoutes(app, ctx)
  messageCallbackRoutes(app, ctx)
  wechatPushRoutes(app, ctx)
}
