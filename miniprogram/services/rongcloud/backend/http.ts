/**
 * One JSON call to our server with what every call needs: a timeout per attempt, bounded jittered
 * backoff on transport failures and 5xx (never on 4xx: the answer would be the same), errors as
 * AppError, and the server's clock from each answer's Date header (documents expire by it).
 */
import { AppError, ERROR_CODES, type ErrorCode } from '../../../core/errors'
import type { Schedule } from '../../../core/timers'
import type { BackendPlatform, HttpRequest, HttpResponse } from './platform'

export interface RetryPolicy {
  /** attempts in all, the first included (default 3) */
  attempts: number
  /** the first backoff; doubled each time, capped at maxDelayMs, then "full jitter" (0..delay) */
  baseDelayMs: number
  maxDelayMs: number
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 400, maxDelayMs: 4000 }
export const DEFAULT_TIMEOUT_MS = 10_000
/** an avatar of up to 1 MB on a slow mobile network */
export const UPLOAD_TIMEOUT_MS = 60_000

export interface HttpOptions {
  baseUrl: string
  platform: BackendPlatform
  schedule: Schedule
  random: () => number
  /** this phone's clock */
  now: () => number
  timeoutMs?: number
  retry?: RetryPolicy
}

export interface CallOptions {
  body?: Record<string, unknown>
  session?: string
  headers?: Record<string, string>
  /** false for calls that must not repeat (a login code is single use; a creation without a number) */
  retry: boolean
}

export type CallResult = { ok: true; status: number; data: unknown } | { ok: false; status: number; error: AppError }

const OUR_CODES = new Set<string>(ERROR_CODES)

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** An error answer as the app's AppError: our code if it is one of ours, NETWORK with the server's words otherwise. */
export function errorOf(status: number, data: unknown): AppError {
  let body: unknown = data
  if (typeof data === 'string') {
    try {
      body = JSON.parse(data)
    } catch {
      body = null
    }
  }
  const code = isRecord(body) && typeof body.code === 'string' ? body.code : ''
  const message = isRecord(body) && typeof body.message === 'string' && body.message.trim() && body.message.length <= 200 ? body.message : ''
  if (OUR_CODES.has(code)) return message ? new AppError(code as ErrorCode, message) : new AppError(code as ErrorCode)
  if (status === 401) return new AppError('TOKEN_INVALID', message || '登录已失效，请重新进入小程序')
  if (status === 429) return new AppError('RATE_LIMITED', message || '操作太频繁，请稍后再试')
  if (status >= 500) return new AppError('NETWORK', message || `服务器暂时不可用（${status}），请稍后再试`)
  return new AppError('NETWORK', message || `服务器拒绝了这个请求（${status}），请稍后再试`)
}

export class BackendHttp {
  /** server clock minus this phone's clock, from the last Date header */
  private offsetMs = 0
  private readonly retry: RetryPolicy
  private readonly timeoutMs: number

  constructor(private readonly options: HttpOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  }

  serverNow(): number {
    return this.options.now() + this.offsetMs
  }

  call(method: HttpRequest['method'], path: string, options: CallOptions): Promise<CallResult> {
    return this.attempts(options.retry, () => this.once(method, path, options))
  }

  /** One request to a full URL the server handed out (an avatar), without the session; retried like a call. */
  callUrl(method: HttpRequest['method'], url: string): Promise<CallResult> {
    return this.attempts(true, () => this.settle(() => this.options.platform.request({ url, method, header: {}, timeoutMs: this.timeoutMs })))
  }

  /**
   * A local file to `path` as multipart/form-data (field `file`), with the session. Never
   * repeated here: a failed upload is the person's to retry (it may be a megabyte).
   */
  async upload(path: string, filePath: string, session: string, onProgress?: (percent: number) => void): Promise<CallResult> {
    const send = this.options.platform.uploadFile
    if (!send) return { ok: false, status: 0, error: new AppError('SERVICE_NOT_ENABLED', '当前环境不能上传文件') }
    const header = { authorization: `Bearer ${session}` }
    const request = { url: this.url(path), filePath, name: 'file', header, timeoutMs: Math.max(this.timeoutMs, UPLOAD_TIMEOUT_MS), onProgress }
    return this.settle(() => send(request))
  }

  /** GET `path` into a local file, with the session; `data` of the result is the file's path. Retried like a call. */
  download(path: string, session: string): Promise<CallResult> {
    const fetchFile = this.options.platform.downloadFile
    if (!fetchFile) return Promise.resolve({ ok: false, status: 0, error: new AppError('SERVICE_NOT_ENABLED', '当前环境不能下载文件') })
    const request = { url: this.url(path), header: { authorization: `Bearer ${session}` }, timeoutMs: this.timeoutMs }
    return this.attempts(true, async () => {
      let res
      try {
        res = await fetchFile(request)
      } catch {
        return transportFailure()
      }
      if (res.statusCode >= 200 && res.statusCode < 300 && res.tempFilePath) return { ok: true, status: res.statusCode, data: res.tempFilePath }
      return { ok: false, status: res.statusCode, error: errorOf(res.statusCode, res.data) }
    })
  }

  private async attempts(retry: boolean, once: () => Promise<CallResult>): Promise<CallResult> {
    const attempts = retry ? Math.max(1, this.retry.attempts) : 1
    let last: CallResult = transportFailure()
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await this.backoff(attempt)
      last = await once()
      // a transport failure (status 0) or a server error may pass; a 4xx will not
      if (last.ok || (last.status !== 0 && last.status < 500)) return last
    }
    return last
  }

  private url(path: string): string {
    return this.options.baseUrl.replace(/\/+$/, '') + path
  }

  /** One exchange as a CallResult, learning the server's clock from its Date header. */
  private async settle(exchange: () => Promise<HttpResponse>): Promise<CallResult> {
    const sentAt = this.options.now()
    let res: HttpResponse
    try {
      res = await exchange()
    } catch {
      return transportFailure()
    }
    this.learnClock(res.header, sentAt)
    if (res.statusCode >= 200 && res.statusCode < 300) return { ok: true, status: res.statusCode, data: res.data }
    return { ok: false, status: res.statusCode, error: errorOf(res.statusCode, res.data) }
  }

  /** attempt n (1-based retry): random in [0, min(max, base·2^(n-1))] */
  backoffDelay(attempt: number): number {
    const cap = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1))
    return Math.floor(this.options.random() * cap)
  }

  private backoff(attempt: number): Promise<void> {
    return new Promise((resolve) => this.options.schedule(resolve, this.backoffDelay(attempt)))
  }

  private async once(method: HttpRequest['method'], path: string, options: CallOptions): Promise<CallResult> {
    const header: Record<string, string> = { 'content-type': 'application/json', ...options.headers }
    if (options.session) header.authorization = `Bearer ${options.session}`
    const request: HttpRequest = { url: this.url(path), method, header, timeoutMs: this.timeoutMs }
    if (options.body) request.data = options.body
    return this.settle(() => this.options.platform.request(request))
  }

  private learnClock(header: Record<string, string> | undefined, sentAt: number): void {
    if (!header) return
    const key = Object.keys(header).find((k) => k.toLowerCase() === 'date')
    const at = key ? Date.parse(header[key]) : NaN
    if (!Number.isFinite(at)) return
    // the Date header is whole seconds, stamped somewhere during the round trip
    const local = (sentAt + this.options.now()) / 2
    this.offsetMs = at + 500 - local
  }
}

function transportFailure(): CallResult {
  return { ok: false, status: 0, error: new AppError('NETWORK', '无法连接服务器，请检查网络后重试') }
}
