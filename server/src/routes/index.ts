/**
 * The route modules. Later ones get a file of their own here and one line below:
 *   avatar.ts            POST /v1/avatar, GET /v1/avatars/:file   (DATA_DIR, PUBLIC_URL)
 *   qrcode.ts            GET /v1/rooms/:roomId/qrcode             (WeChatClient.accessToken)
 *   message-callback.ts  POST /v1/rongcloud/message-callback       (content safety)
 */
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../http/context'
import { healthRoutes } from './health'
import { loginRoutes } from './login'
import { moderationRoutes } from './moderation'
import { roomRoutes } from './rooms'

export function registerRoutes(app: FastifyInstance, ctx: AppContext): void {
  healthRoutes(app, ctx)
  loginRoutes(app, ctx)
  roomRoutes(app, ctx)
  moderationRoutes(app, ctx)
}
