/**
 * Fake RongCloud (one state behind one or more HTTP fronts) and fake WeChat on loopback, and
 * server instances in this process serving real HTTP on 127.0.0.1, all on one injectable clock.
 * Used by the HTTP tests and by bench/throughput.ts (so: no jest in here).
 */
import { buildApp } from '../../src/app'
import type { ServerApp } from '../../src/app'
import { loadConfig } from '../../src/config'
import { generateSigningKeyPem } from '../../src/crypto/keys'
import { FakeRongCloud, FakeRongCloudHttp, FakeWeChat } from '../fakes/index'

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
  close(): Promise<void>
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = new FakeClock()
  const clock = options.realClock ? { now: () => Date.now(), advance: () => { throw new Error('real clock') } } : fake
  const rc = new FakeRongCloud(APP_KEY, APP_SECRET, clock.now)
  const fronts = await Promise.all(Array.from({ length: options.fronts ?? 1 }, () => new FakeRongCloudHttp(rc).listen()))
  const wechat = await new FakeWeChat(WX_APPID, WX_SECRET, clock.now).listen()
  const { privatePem, publicKeyBase64url } = generateSigningKeyPem()
  const env: Record<string, string> = {
    RONGCLOUD_APP_KEY: APP_KEY,
    RONGCLOUD_APP_SECRET: APP_SECRET,
    WECHAT_APPID: WX_APPID,
    WECHAT_APP_SECRET: WX_SECRET,
    SERVER_SIGNING_KEY: privatePem,
    USER_ID_SECRET: 'a-user-id-secret-of-at-least-32-bytes!',
    RONGCLOUD_API_URL: fronts.map((f) => f.url).join(','),
    WECHAT_API_URL: wechat.url,
    LOG_LEVEL: 'silent',
    ...options.env,
  }
  const loaded = loadConfig(env)
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems))
  const servers: ServerApp[] = []
  const urls: string[] = []
  for (let i = 0; i < (options.instances ?? 1); i++) {
    const server = await buildApp({
      config: loaded.config,
      clock,
      lobbyCacheMs: 0,
      upstreamTimeoutMs: options.upstreamTimeoutMs ?? 2000,
      logger: options.logger ?? false,
    })
    await server.app.listen({ port: 0, host: '127.0.0.1' })
    const addr = server.app.server.address()
    if (!addr || typeof addr === 'string') throw new Error('no address')
    servers.push(server)
    urls.push(`http://127.0.0.1:${addr.port}`)
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
    async close() {
      await Promise.all(servers.map((s) => s.close()))
      await Promise.all([...fronts.map((f) => f.close()), wechat.close()])
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
