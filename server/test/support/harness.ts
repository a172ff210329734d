/**
 * Fake RongCloud (one state behind one or more HTTP fronts) and fake WeChat on loopback, and
 * server instances in this process serving real HTTP on 127.0.0.1, all on one injectable clock.
 * Used by the HTTP tests and by bench/throughput.ts (so: no jest in here).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { buildApp } from '../../src/app'
import type { ServerApp } from '../../src/app'
import { loadConfig } from '../../src/config'
import { generateSigningKeyPem } from '../../src/crypto/keys'
import { FakeRongCloud, FakeRongCloudCallback, FakeRongCloudHttp, FakeS3, FakeWeChat } from '../fakes/index'
import { MESSAGE_CALLBACK_PATH } from '../../src/routes/message-callback'
import { WECHAT_PUSH_PATH } from '../../src/routes/wechat-push'

export class FakeClock {
  constructor(public t = Date.UTC(2025, 0, 1, 12)) {}
  now = (): number => this.t
  advance(ms: number): void {
    this.t += ms
  }
}

export const APP_KEY = 'test-app-key'
export const APP_SECRET = 'test-app-secret'
export const WX_APPID = 'wx0123456789abcdef'
export const WX_SECRET = 'wechat-test-secret'
export const PUSH_TOKEN = 'pushToken123'
/** a 43-character EncodingAESKey */
export const PUSH_AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'
export const S3_BUCKET = 'live-rooms-avatars'
export const S3_ACCESS_KEY = 'AKIDTESTTESTTEST'
export const S3_SECRET_KEY = 's3-test-secret-key'

export interface HarnessOptions {
  /** RongCloud hosts sharing one state (failover tests use 2) */
  fronts?: number
  /** server instances sharing the same keys */
  instances?: number
  /** the real clock instead of a FakeClock */
  realClock?: boolean
  upstreamTimeoutMs?: number
  env?: Record<string, string>
  logger?: boolean
  /** avatar uploads on: PUBLIC_URL (instance 0's address, the "load balancer"), push Token */
  avatars?: boolean
  /** images in a fake S3 bucket instead of a directory */
  s3?: boolean
  /** WeChat pushes in safe mode (encrypted) */
  encryptedPush?: boolean
  /** which instance WeChat pushes verdicts to (default 0) */
  pushTo?: number
  /** collect the instances' log lines in `logs` (level info) */
  captureLogs?: boolean
}

export interface Harness {
  clock: { now(): number; advance(ms: number): void }
  rc: FakeRongCloud
  fronts: FakeRongCloudHttp[]
  wechat: FakeWeChat
  env: Record<string, string>
  servers: ServerApp[]
  urls: string[]
  publicKey: string
  /** RongCloud calling our message callback (instance 0) */
  callback: FakeRongCloudCallback
  s3: FakeS3 | null
  dataDir: string
  /** log lines (parsed) when captureLogs */
  logs: Record<string, unknown>[]
  close(): Promise<void>
}

/** A free port on 127.0.0.1 (for PUBLIC_URL, which must be known before the server starts). */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = new FakeClock()
  const clock = options.realClock ? { now: () => Date.now(), advance: () => { throw new Error('real clock') } } : fake
  const rc = new FakeRongCloud(APP_KEY, APP_SECRET, clock.now)
  const fronts = await Promise.all(Array.from({ length: options.fronts ?? 1 }, () => new FakeRongCloudHttp(rc).listen()))
  const wechat = await new FakeWeChat(WX_APPID, WX_SECRET, clock.now).listen()
  const s3 = options.s3 ? await new FakeS3(S3_BUCKET, S3_ACCESS_KEY, S3_SECRET_KEY, 'us-east-1', clock.now).listen() : null
  const dataDir = mkdtempSync(join(tmpdir(), 'live-rooms-data-'))
  const { privatePem, publicKeyBase64url } = generateSigningKeyPem()
  const firstPort = options.avatars ? await freePort() : 0
  const env: Record<string, string> = {
    RONGCLOUD_APP_KEY: APP_KEY,
    RONGCLOUD_APP_SECRET: APP_SECRET,
    WECHAT_APPID: WX_APPID,
    WECHAT_APP_SECRET: WX_SECRET,
    SERVER_SIGNING_KEY: privatePem,
    USER_ID_SECRET: 'a-user-id-secret-of-at-least-32-bytes!',
    RONGCLOUD_API_URL: fronts.map((f) => f.url).join(','),
    WECHAT_API_URL: wechat.url,
    LOG_LEVEL: options.captureLogs ? 'info' : 'silent',
    DATA_DIR: dataDir,
    ...(options.avatars ? { PUBLIC_URL: `http://127.0.0.1:${firstPort}`, WECHAT_PUSH_TOKEN: PUSH_TOKEN } : {}),
    ...(options.avatars && options.encryptedPush ? { WECHAT_PUSH_AES_KEY: PUSH_AES_KEY } : {}),
    ...(s3 ? { S3_ENDPOINT: s3.url, S3_BUCKET, S3_ACCESS_KEY, S3_SECRET_KEY } : {}),
    ...options.env,
  }
  const loaded = loadConfig(env)
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems))
  const servers: ServerApp[] = []
  const urls: string[] = []
  const logs: Record<string, unknown>[] = []
  const logStream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue
        try {
          logs.push(JSON.parse(line) as Record<string, unknown>)
        } catch {
          // not a JSON line
        }
      }
      done()
    },
  })
  for (let i = 0; i < (options.instances ?? 1); i++) {
    const server = await buildApp({
      config: loaded.config,
      clock,
      lobbyCacheMs: 0,
      upstreamTimeoutMs: options.upstreamTimeoutMs ?? 2000,
      logger: options.captureLogs ? true : (options.logger ?? false),
      ...(options.captureLogs ? { logStream } : {}),
    })
    await server.app.listen({ port: i === 0 ? firstPort : 0, host: '127.0.0.1' })
    const addr = server.app.server.address()
    if (!addr || typeof addr === 'string') throw new Error('no address')
    servers.push(server)
    urls.push(`http://127.0.0.1:${addr.port}`)
  }
  if (options.avatars) {
    wechat.pushUrl = urls[options.pushTo ?? 0] + WECHAT_PUSH_PATH
    wechat.pushToken = PUSH_TOKEN
    if (options.encryptedPush) wechat.pushAesKey = Buffer.from(PUSH_AES_KEY + '=', 'base64')
  }
  return {
    clock,
    rc,
    fronts,
    wechat,
    env,
    servers,
    urls,
    publicKey: publicKeyBase64url,
    callback: new FakeRongCloudCallback(APP_KEY, APP_SECRET, urls[0] + MESSAGE_CALLBACK_PATH, clock.now),
    s3,
    dataDir,
    logs,
    async close() {
      await wechat.settled()
      // Fastify's forceCloseConnections 'idle' closes the connections idle when close starts; a
      // phone's keep-alive connection whose request was still running (a host leaving does not
      // wait for DELETE /v1/rooms/:id) becomes idle only later and held close() until the test's
      // hook timed out. Keep closing idle connections until every server has closed.
      const sweep = setInterval(() => servers.forEach((s) => s.app.server.closeIdleConnections()), 20)
      try {
        await Promise.all(servers.map((s) => s.close()))
      } finally {
        clearInterval(sweep)
      }
      await Promise.all([...fronts.map((f) => f.close()), wechat.close(), s3?.close()])
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export interface Reply {
  status: number
  body: any // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers
}

/** One HTTP request to a server; body is JSON-encoded unless `raw` is given. */
export async function call(
  url: string,
  method: string,
  path: string,
  options: { body?: unknown; raw?: string; session?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers }
  let body: string | undefined
  if (options.raw !== undefined) body = options.raw
  else if (options.body !== undefined) body = JSON.stringify(options.body)
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json'
  if (options.session) headers.authorization = `Bearer ${options.session}`
  const res = await fetch(url + path, { method, headers, body })
  const text = await res.text()
  let parsed: unknown
  try {
    parsed = text ? JSON.parse(text) : null
  } catch {
    parsed = text
  }
  return { status: res.status, body: parsed, headers: res.headers }
}

export interface LoggedIn {
  userId: string
  token: string
  session: string
  profile: { id: string; name: string; avatar?: string }
}

/** wx.login on a phone (a fresh code for this openid) and POST /v1/login. */
export async function login(h: Harness, openid: string, name: string, url = h.urls[0]): Promise<LoggedIn> {
  const res = await call(url, 'POST', '/v1/login', { body: { code: h.wechat.issueCode(openid), profile: { name } } })
  if (res.status !== 200) throw new Error(`login ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as LoggedIn
}

/** The payload of a signed document (no verification: tests verify where it matters). */
export function payload(token: string): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  return JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'))
}
