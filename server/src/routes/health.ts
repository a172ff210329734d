/** GET /healthz: the process is up and serving (it does not call RongCloud: a load balancer polls it). */
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../http/context'

export function healthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/healthz', async () => ({ status: 'ok', publicKey: ctx.config.signingKey.publicKeyBase64url }))
}
