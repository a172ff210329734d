/**
 * One server instance: Fastify, its routes, and the services they share. Everything it needs
 * comes from the config (or is injected by tests: a clock, the upstream clients).
 */
import Fastify from 'fastify'
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify'
import { systemClock } from './clock'
import type { Clock } from './clock'
import type { Config } from './config'
import { SessionCodec } from './crypto/session'
import { UserIdCipher } from './crypto/user-id'
import { DocumentSigner } from './documents'
import { ApiError } from './errors'
import type { AppContext } from './http/context'
import { RATE_RULES, RateLimiter } from './rate-limit'
import { RoomAuthority } from './rooms/authority'
import { Janitor } from './rooms/janitor'
import { Lobby } from './rooms/lobby'
import { RoomService } from './rooms/room-service'
import { registerRoutes } from './routes/index'
import { UpstreamHttp } from './upstream/http'
import { newTrace } from './upstream/http'
import type { Trace } from './upstream/http'
import { RongCloudClient } from './upstream/rongcloud'
import { WeChatClient } from './upstream/wechat'
import { AvatarService } from './avatars/avatar-service'
import { Lru } from './moderation/lru'
import { TextChecker } from './moderation/text-checker'
import type { BlobStore } from './storage/blob-store'
import { DirStore } from './storage/dir-store'
import { S3Store } from './storage/s3-store'
import { SIGNATURE_WINDOW_MS } from './moderation/rongcloud-callback'

declare module 'fastify' {
  interface FastifyRequest {
    trace: Trace
  }
}

/** JSON bodies of this API are small; the avatar upload route has its own limit. */
export const BODY_LIMIT_BYTES = 16 * 1024

export interface AppOptions {
  config: Config
  clock?: Clock
  /** per attempt, RongCloud and WeChat */
  upstreamTimeoutMs?: number
  lobbyCacheMs?: number
  logger?: boolean
  /** where log lines go (tests read them); stdout by default */
  logStream?: NodeJS.WritableStream
}

export interface ServerApp {
  app: FastifyInstance
  context: AppContext
  janitor: Janitor
  close(): Promise<void>
}

export async function buildApp(options: AppOptions): Promise<ServerApp> {
  const { config } = options
  const clock = options.clock ?? systemClock
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: config.logLevel,
            redact: ['req.headers.authorization', 'req.headers["x-host-claim"]'],
            ...(options.logStream ? { stream: options.logStream } : {}),
          },
    bodyLimit: BODY_LIMIT_BYTES,
    // a number n trusts the n nearest proxies, as proxy-addr does for numbers
    trustProxy: typeof config.trustProxy === 'number' ? (_addr: string, hop: number) => hop < (config.trustProxy as number) : config.trustProxy,
    requestTimeout: 30_000,
    keepAliveTimeout: 65_000,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // a malformed URL or an over-long path parameter, answered before routing
    frameworkErrors: (_err, _req, reply) => {
      void (reply as unknown as FastifyReply).code(400).send(new ApiError('BAD_REQUEST', '请求地址不正确').toJSON())
    },
  })

  const http = new UpstreamHttp({ timeoutMs: options.upstreamTimeoutMs ?? 5000 })
  const rc = new RongCloudClient({ appKey: config.rongcloud.appKey, appSecret: config.rongcloud.appSecret, baseUrls: config.rongcloud.apiUrls, http, clock })
  const wechat = new WeChatClient({ appId: config.wechat.appId, appSecret: config.wechat.appSecret, baseUrl: config.wechat.apiUrl, http, clock })
  const signer = new DocumentSigner(config.signingKey.privateKey, config.signingKey.publicKey)
  const log = app.log
  const lobby = new Lobby(rc, signer, clock, log, options.lobbyCacheMs ?? 1000)
  const authority = new RoomAuthority(rc, signer, clock)
  const rooms = new RoomService(rc, authority, lobby, signer, clock, log)
  const users = new UserIdCipher(config.userIdSecret)
  const store: BlobStore =
    config.storage.kind === 's3'
      ? new S3Store({ ...config.storage, http, clock })
      : new DirStore(config.storage.dir)
  // avatars need a public URL WeChat can fetch pending images from, and the push that brings verdicts
  const avatars =
    config.publicUrl && config.wechat.pushToken
      ? new AvatarService({ store, wechat, users, clock, log, publicUrl: config.publicUrl, urlKey: config.signingKey.derive('avatar-check-url') })
      : null
  const context: AppContext = {
    config,
    clock,
    rc,
    wechat,
    users,
    sessions: new SessionCodec(config.signingKey.derive('session-mac'), clock),
    rooms,
    lobby,
    limits: {
      login: new RateLimiter(clock, RATE_RULES.login),
      createRoom: new RateLimiter(clock, RATE_RULES.createRoom),
      heartbeat: new RateLimiter(clock, RATE_RULES.heartbeat),
      write: new RateLimiter(clock, RATE_RULES.write),
      read: new RateLimiter(clock, RATE_RULES.read),
      avatar: new RateLimiter(clock, RATE_RULES.avatar),
    },
    textChecker: new TextChecker(wechat, clock),
    callbackNonces: new Lru<true>(clock, 100_000, 2 * SIGNATURE_WINDOW_MS),
    avatars,
  }

  // JSON only; an empty body is no body (wx.request sends DELETE with a JSON content type and nothing)
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body)
    if (text.trim() === '') return done(null, undefined)
    try {
      done(null, JSON.parse(text))
    } catch {
      done(new ApiError('BAD_REQUEST', '请求内容不是有效的 JSON'), undefined)
    }
  })

  app.decorateRequest('trace', null as unknown as Trace)
  app.addHook('onRequest', async (req) => {
    req.trace = newTrace()
  })
  // what the server itself added to a request, apart from waiting on RongCloud / WeChat
  app.addHook('onSend', async (req, reply) => {
    const t = req.trace
    if (!t) return
    const own = Math.max(0, reply.elapsedTime - t.upstreamMs)
    reply.header('Server-Timing', `app;dur=${own.toFixed(2)}, upstream;dur=${t.upstreamMs.toFixed(2)};desc="${t.calls}"`)
  })

  app.setErrorHandler((err: FastifyError | ApiError, req, reply) => {
    let apiError: ApiError
    if (err instanceof ApiError) apiError = err
    else if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') apiError = new ApiError('TOO_LARGE')
    else if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') apiError = new ApiError('BAD_REQUEST', '请以 JSON 发送请求内容')
    else if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      apiError = err.statusCode === 413 ? new ApiError('TOO_LARGE') : new ApiError('BAD_REQUEST')
    } else {
      req.log.error({ err }, 'unexpected error')
      apiError = new ApiError('INTERNAL')
    }
    if (apiError.code === 'NETWORK') req.log.warn({ err }, 'upstream failed')
    if (apiError.retryAfter) reply.header('Retry-After', String(apiError.retryAfter))
    reply.code(apiError.status).send(apiError.toJSON())
  })
  app.setNotFoundHandler((_req, reply) => {
    reply.code(404).send(new ApiError('NOT_FOUND').toJSON())
  })

  registerRoutes(app, context)
  await app.ready()

  const janitor = new Janitor(rc, authority, rooms, lobby, clock, log)
  return {
    app,
    context,
    janitor,
    async close() {
      await app.close()
      await http.close()
    },
  }
}
