/**
 * Rooms: create, heartbeat, end, the live list and the truth about one room.
 * See src/rooms/authority.ts for where that truth comes from.
 */
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../http/context'
import { authenticate, hostClaimHeader, limit } from '../http/context'
import { objectBody, optionalString, presentedDocument, roomNumber, roomTitle } from '../http/validate'
import { upstreamError } from './upstream-errors'
import { ApiError } from '../errors'
import { checkPublicText } from '../moderation/public-text'

type RoomParams = { Params: { roomId: string } }

export function roomRoutes(app: FastifyInstance, ctx: AppContext): void {
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work()
    } catch (e) {
      throw upstreamError(e)
    }
  }

  app.post('/v1/rooms', async (req, reply) => {
    const me = authenticate(ctx, req)
    const body = objectBody(req.body, true)
    const proposed = optionalString(body, 'roomId', 'INVALID_ROOM_NUMBER')
    const roomId = proposed === undefined ? undefined : roomNumber(proposed)
    const title = roomTitle(body.title)
    limit(ctx.limits.createRoom, `user:${me.id}`)
    if (title !== undefined) {
      const openid = ctx.users.decrypt(me.id)
      if (!openid) throw new ApiError('TOKEN_INVALID')
      await checkPublicText(ctx.textChecker, req.log, openid, title, 'title', req.trace)
    }
    const created = await guard(() => ctx.rooms.create(me, roomId, title, req.trace))
    reply.code(201)
    return created
  })

  app.post<RoomParams>('/v1/rooms/:roomId/heartbeat', async (req) => {
    const me = authenticate(ctx, req)
    const roomId = roomNumber(req.params.roomId)
    const body = objectBody(req.body, true)
    const presented = {
      hostClaim: presentedDocument(body.hostClaim, 'hostClaim') ?? hostClaimHeader(req),
      guestList: presentedDocument(body.guestList, 'guestList'),
    }
    limit(ctx.limits.heartbeat, `user:${me.id}`)
    return guard(() => ctx.rooms.heartbeat(me, roomId, presented, req.trace))
  })

  app.delete<RoomParams>('/v1/rooms/:roomId', async (req, reply) => {
    const me = authenticate(ctx, req)
    const roomId = roomNumber(req.params.roomId)
    limit(ctx.limits.write, `user:${me.id}`)
    await guard(() => ctx.rooms.end(me, roomId, hostClaimHeader(req), req.trace))
    reply.code(204)
  })

  app.get('/v1/rooms', async (req) => {
    const me = authenticate(ctx, req)
    limit(ctx.limits.read, `user:${me.id}`)
    const listings = await guard(() => ctx.lobby.list(req.trace))
    return { rooms: listings.map((l) => l.token) }
  })

  app.get<RoomParams>('/v1/rooms/:roomId', async (req) => {
    const me = authenticate(ctx, req)
    const roomId = roomNumber(req.params.roomId)
    limit(ctx.limits.read, `user:${me.id}`)
    return guard(() => ctx.rooms.view(roomId, req.trace))
  })
}
