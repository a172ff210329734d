/** What the route modules are given: the services of one app instance. */
import type { FastifyRequest } from 'fastify'
import type { Clock } from '../clock'
import type { Config } from '../config'
import type { SessionCodec } from '../crypto/session'
import type { UserIdCipher } from '../crypto/user-id'
import { ApiError } from '../errors'
import type { Profile } from '../profile'
import type { RateLimiter } from '../rate-limit'
import type { Lobby } from '../rooms/lobby'
import type { RoomService } from '../rooms/room-service'
import type { RongCloudClient } from '../upstream/rongcloud'
import type { WeChatClient } from '../upstream/wechat'
import type { AvatarService } from '../avatars/avatar-service'
import type { Lru } from '../moderation/lru'
import type { TextChecker } from '../moderation/text-checker'

export interface AppContext {
  config: Config
  clock: Clock
  rc: RongCloudClient
  wechat: WeChatClient
  users: UserIdCipher
  sessions: SessionCodec
  rooms: RoomService
  lobby: Lobby
  limits: Record<'login' | 'createRoom' | 'heartbeat' | 'write' | 'read' | 'avatar', RateLimiter>
  /** msgSecCheck v2 with a per-instance verdict cache */
  textChecker: TextChecker
  /** RongCloud callback nonces seen in the signature window (per instance) */
  callbackNonces: Lru<true>
  /** null when avatar uploads are off (no PUBLIC_URL or no WECHAT_PUSH_TOKEN) */
  avatars: AvatarService | null
}

/** The signed-in user (Authorization: Bearer <session>), or 401 TOKEN_INVALID. */
export function authenticate(ctx: AppContext, req: FastifyRequest): Profile {
  const header = req.headers.authorization
  const m = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null
  if (!m) throw new ApiError('TOKEN_INVALID', '请先登录')
  const session = ctx.sessions.verify(m[1])
  if (!session) throw new ApiError('TOKEN_INVALID')
  return session.profile
}

export function limit(limiter: RateLimiter, key: string): void {
  const r = limiter.take(key)
  if (!r.ok) throw new ApiError('RATE_LIMITED', undefined, Math.max(1, Math.ceil(r.retryAfterMs / 1000)))
}

/** The claim a host may send along on host-only routes, in case the room's KV copy was deleted. */
export function hostClaimHeader(req: FastifyRequest): string | undefined {
  const v = req.headers['x-host-claim']
  return typeof v === 'string' && v.length > 0 && v.length <= 4096 ? v : undefined
}
