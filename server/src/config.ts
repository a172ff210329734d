/**
 * The environment, read once at start. Missing or invalid required variables: the server refuses
 * to start and names every one of them (main.ts prints the list and exits 1).
 */
import { parseSigningKey } from './crypto/keys'
import type { SigningKey } from './crypto/keys'

/** RongCloud's China (Beijing) data centre: the primary host and its backup, in failover order. */
export const DEFAULT_RONGCLOUD_API_URLS = ['https://api.rong-api.com', 'https://api-b.rong-api.com']
export const DEFAULT_WECHAT_API_URL = 'https://api.weixin.qq.com'
export const DEFAULT_PORT = 8787
export const MIN_USER_ID_SECRET_BYTES = 32

export const REQUIRED_VARIABLES = [
  'RONGCLOUD_APP_KEY',
  'RONGCLOUD_APP_SECRET',
  'WECHAT_APPID',
  'WECHAT_APP_SECRET',
  'SERVER_SIGNING_KEY',
  'USER_ID_SECRET',
] as const

export interface Config {
  rongcloud: { appKey: string; appSecret: string; apiUrls: string[] }
  wechat: { appId: string; appSecret: string; apiUrl: string }
  signingKey: SigningKey
  userIdSecret: Buffer
  port: number
  host: string
  publicUrl: string | null
  dataDir: string | null
  /** Fastify's trustProxy: false, true, or the number of proxies in front (for per-address limits) */
  trustProxy: boolean | number
  logLevel: string
}

export interface ConfigProblem {
  name: string
  problem: string
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: ConfigProblem[] }

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

function baseUrl(text: string): string | null {
  try {
    const url = new URL(text)
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash) return null
    return url.toString().replace(/\/+$/, '')
  } catch {
    return null
  }
}

export function loadConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const problems: ConfigProblem[] = []
  const value = (name: string): string | undefined => {
    const v = env[name]
    return v === undefined || v.trim() === '' ? undefined : v.trim()
  }
  const required = (name: string): string => {
    const v = value(name)
    if (v === undefined) problems.push({ name, problem: 'missing' })
    return v ?? ''
  }

  const appKey = required('RONGCLOUD_APP_KEY')
  const appSecret = required('RONGCLOUD_APP_SECRET')
  const appId = required('WECHAT_APPID')
  const wechatSecret = required('WECHAT_APP_SECRET')

  let signingKey: SigningKey | null = null
  const pem = required('SERVER_SIGNING_KEY')
  if (pem) {
    try {
      signingKey = parseSigningKey(pem)
    } catch (e) {
      problems.push({
        name: 'SERVER_SIGNING_KEY',
        problem: `must be an Ed25519 private key in PKCS#8 PEM (npm run server:keygen): ${(e as Error).message}`,
      })
    }
  }

  const secret = required('USER_ID_SECRET')
  const userIdSecret = Buffer.from(secret, 'utf8')
  if (secret && userIdSecret.length < MIN_USER_ID_SECRET_BYTES) {
    problems.push({ name: 'USER_ID_SECRET', problem: `must be at least ${MIN_USER_ID_SECRET_BYTES} bytes (has ${userIdSecret.length})` })
  }

  let port = DEFAULT_PORT
  const portText = value('PORT')
  if (portText !== undefined) {
    port = Number(portText)
    if (!/^\d+$/.test(portText) || port > 65535) problems.push({ name: 'PORT', problem: 'must be a port number (0-65535)' })
  }

  let apiUrls = DEFAULT_RONGCLOUD_API_URLS
  const rcText = value('RONGCLOUD_API_URL')
  if (rcText !== undefined) {
    const urls = rcText.split(',').map((s) => baseUrl(s.trim()))
    if (urls.some((u) => u === null)) {
      problems.push({ name: 'RONGCLOUD_API_URL', problem: 'must be one base URL or a comma-separated list (http or https, no query)' })
    } else apiUrls = urls as string[]
  }

  let wechatUrl = DEFAULT_WECHAT_API_URL
  const wxText = value('WECHAT_API_URL')
  if (wxText !== undefined) {
    const url = baseUrl(wxText)
    if (!url) problems.push({ name: 'WECHAT_API_URL', problem: 'must be a base URL (http or https, no query)' })
    else wechatUrl = url
  }

  let publicUrl: string | null = null
  const publicText = value('PUBLIC_URL')
  if (publicText !== undefined) {
    publicUrl = baseUrl(publicText)
    if (!publicUrl) problems.push({ name: 'PUBLIC_URL', problem: 'must be the https base URL the mini-program reaches this server at' })
  }

  let trustProxy: boolean | number = false
  const proxyText = value('TRUST_PROXY')
  if (proxyText !== undefined) {
    if (proxyText === 'true') trustProxy = true
    else if (proxyText === 'false') trustProxy = false
    else if (/^\d{1,2}$/.test(proxyText)) trustProxy = Number(proxyText)
    else problems.push({ name: 'TRUST_PROXY', problem: 'must be true, false or the number of proxies in front of the server' })
  }

  const logLevel = value('LOG_LEVEL') ?? 'info'
  if (!LOG_LEVELS.includes(logLevel)) problems.push({ name: 'LOG_LEVEL', problem: `must be one of ${LOG_LEVELS.join(', ')}` })

  if (problems.length || !signingKey) return { ok: false, problems }
  return {
    ok: true,
    config: {
      rongcloud: { appKey, appSecret, apiUrls },
      wechat: { appId, appSecret: wechatSecret, apiUrl: wechatUrl },
      signingKey,
      userIdSecret,
      port,
      host: value('HOST') ?? '0.0.0.0',
      publicUrl,
      dataDir: value('DATA_DIR') ?? null,
      trustProxy,
      logLevel,
    },
  }
}

export function describeProblems(problems: ConfigProblem[]): string {
  return [
    `Refusing to start: missing or invalid environment variables: ${problems.map((p) => p.name).join(', ')}`,
    ...problems.map((p) => `  ${p.name}: ${p.problem}`),
    'See server/README.md ("Deploy") for what each one holds.',
  ].join('\n')
}
