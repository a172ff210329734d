/**
 * The environment, read once at start. Missing or invalid required variables: the server refuses
 * to start and names every one of them (main.ts prints the list and exits 1).
 */
import { resolve } from 'node:path'
import { parseSigningKey } from './crypto/keys'
import type { SigningKey } from './crypto/keys'
import { aesKeyOf } from './upstream/wechat-push'

/** RongCloud's China (Beijing) data centre: the primary host and its backup, in failover order. */
export const DEFAULT_RONGCLOUD_API_URLS = ['https://api.rong-api.com', 'https://api-b.rong-api.com']
export const DEFAULT_WECHAT_API_URL = 'https://api.weixin.qq.com'
export const DEFAULT_PORT = 8787
export const MIN_USER_ID_SECRET_BYTES = 32
export const DEFAULT_DATA_DIR = 'data'
/** how long RongCloud's message callback waits for WeChat's text check (RongCloud itself waits 3 s) */
export const DEFAULT_CONTENT_CHECK_BUDGET_MS = 1500
export const QR_ENV_VERSIONS = ['release', 'trial', 'develop'] as const
export type QrEnvVersion = (typeof QR_ENV_VERSIONS)[number]

export type StorageConfig =
  | { kind: 'dir'; dir: string }
  | { kind: 's3'; endpoint: string; bucket: string; accessKeyId: string; secretAccessKey: string; region: string }

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
  wechat: {
    appId: string
    appSecret: string
    apiUrl: string
    /** message push Token (console → 消息推送); needed for avatar verdicts */
    pushToken: string | null
    /** message push EncodingAESKey as the 32-byte key: safe mode */
    pushAesKey: Buffer | null
    qrEnvVersion: QrEnvVersion
  }
  /** uploaded images: DATA_DIR, or an S3-compatible bucket */
  storage: StorageConfig
  contentCheckBudgetMs: number
  signingKey: SigningKey
  userIdSecret: Buffer
  port: number
  host: string
  publicUrl: string | null
  /** DATA_DIR as given (resolved), also when a bucket is configured */
  dataDir: string
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

  const pushToken = value('WECHAT_PUSH_TOKEN') ?? null
  if (pushToken !== null && !/^[A-Za-z0-9]{3,32}$/.test(pushToken)) {
    problems.push({ name: 'WECHAT_PUSH_TOKEN', problem: 'must be the message-push Token: 3-32 letters and digits' })
  }
  let pushAesKey: Buffer | null = null
  const aesText = value('WECHAT_PUSH_AES_KEY')
  if (aesText !== undefined) {
    pushAesKey = aesKeyOf(aesText)
    if (!pushAesKey) problems.push({ name: 'WECHAT_PUSH_AES_KEY', problem: 'must be the 43-character EncodingAESKey' })
    if (pushToken === null) problems.push({ name: 'WECHAT_PUSH_TOKEN', problem: 'is required with WECHAT_PUSH_AES_KEY' })
  }
  const qrEnv = (value('WECHAT_QR_ENV_VERSION') ?? 'release') as QrEnvVersion
  if (!QR_ENV_VERSIONS.includes(qrEnv)) problems.push({ name: 'WECHAT_QR_ENV_VERSION', problem: `must be one of ${QR_ENV_VERSIONS.join(', ')}` })

  let contentCheckBudgetMs = DEFAULT_CONTENT_CHECK_BUDGET_MS
  const budgetText = value('CONTENT_CHECK_BUDGET_MS')
  if (budgetText !== undefined) {
    contentCheckBudgetMs = Number(budgetText)
    if (!/^\d+$/.test(budgetText) || contentCheckBudgetMs < 100 || contentCheckBudgetMs > 2500) {
      problems.push({ name: 'CONTENT_CHECK_BUDGET_MS', problem: 'must be 100-2500 (RongCloud waits 3000 ms in all)' })
    }
  }

  const dataDir = resolve(value('DATA_DIR') ?? DEFAULT_DATA_DIR)
  let storage: StorageConfig = { kind: 'dir', dir: dataDir }
  const s3Names = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY', 'S3_SECRET_KEY'] as const
  if (s3Names.some((n) => value(n) !== undefined)) {
    for (const n of s3Names) if (value(n) === undefined) problems.push({ name: n, problem: 'missing (the S3_* variables go together)' })
    const endpoint = baseUrl(value('S3_ENDPOINT') ?? '')
    if (value('S3_ENDPOINT') !== undefined && !endpoint) problems.push({ name: 'S3_ENDPOINT', problem: 'must be a base URL (http or https, no query)' })
    const bucket = value('S3_BUCKET') ?? ''
    if (bucket && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) problems.push({ name: 'S3_BUCKET', problem: 'must be a bucket name (3-63 of a-z 0-9 . -)' })
    storage = {
      kind: 's3',
      endpoint: endpoint ?? '',
      bucket,
      accessKeyId: value('S3_ACCESS_KEY') ?? '',
      secretAccessKey: value('S3_SECRET_KEY') ?? '',
      region: value('S3_REGION') ?? 'us-east-1',
    }
  }

  const logLevel = value('LOG_LEVEL') ?? 'info'
  if (!LOG_LEVELS.includes(logLevel)) problems.push({ name: 'LOG_LEVEL', problem: `must be one of ${LOG_LEVELS.join(', ')}` })

  if (problems.length || !signingKey) return { ok: false, problems }
  return {
    ok: true,
    config: {
      rongcloud: { appKey, appSecret, apiUrls },
      wechat: { appId, appSecret: wechatSecret, apiUrl: wechatUrl, pushToken, pushAesKey, qrEnvVersion: qrEnv },
      storage,
      contentCheckBudgetMs,
      signingKey,
      userIdSecret,
      port,
      host: value('HOST') ?? '0.0.0.0',
      publicUrl,
      dataDir,
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
