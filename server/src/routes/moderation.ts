/** Chat bans (RongCloud's chatroom gag) and co-guests, both host-only (a guest may step down). */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AppContext } from '../http/context'
import { authenticate, hostClaimHeader, limit } from '../http/context'
import { roomNumber, userIdParam } from '../http/validate'
import type { Profile } from '../profile'
import type { Trace } from '../upstream/http'
import { upstreamError } from './upstream-errors'

type MemberRequest = FastifyRequest<{ Params: { roomId: string; userId: string } }>
type Action = (me: Profile, roomId: string, userId: string, claim: string | undefined, trace: Trace) => Promise<object>

export function moderationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const handle = (action: Action) => async (req: MemberRequest) => {
    const me = authenticate(ctx, req)
    const roomId = roomNumber(req.params.roomId)
    const userId = userIdParam(req.params.userId)
    limit(ctx.limits.write, `user:${me.id}`)
    try {
      return await action(me, roomId, userId, hostClaimHeader(req), req.trace)
    } catch (e) {
      throw upstreamError(e)
    }
  }
  const { rooms } = ctx
  app.put('/v1/rooms/:roomId/mutes/:userId', handle((me, r, u, c, t) => rooms.setMuted(me, r, u, true, c, t)))
  app.delete('/v1/rooms/:roomId/mutes/:userId', handle((me, r, u, c, t) => rooms.setMuted(me, r, u, false, c, t)))
  app.put('/v1/rooms/:roomId/guests/:userId', handle((me, r, u, c, t) => rooms.addGuest(me, r, u, c, t)))
  app.delete('/v1/rooms/:roomId/guests/:userId', handle((me, r, u, c, t) => rooms.removeGuest(me, r, u, c, t)))
}
