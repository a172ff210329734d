/**
 * Outbound HTTP for RongCloud and WeChat: undici with its own connection pool. RongCloud asks
 * that kept-alive connections idle less than 55 s and serve fewer than 80 requests
 * (https://docs.rongcloud.io/platform-chat-api/base-url), hence the pool settings.
 */
import { Agent } from 'undici'

/**
 * Time spent waiting on upstreams while serving one request (reported in Server-Timing): the
 * wall-clock time during which at least one call was in flight, so parallel calls count once.
 */
export interface Trace {
  upstreamMs: number
  calls: number
  inFlight: number
  since: number
}

export function newTrace(): Trace {
  return { upstreamMs: 0, calls: 0, inFlight: 0, since: 0 }
}

export interface UpstreamResponse {
  status: number
  contentType: string
  /** the body as UTF-8 text (JSON answers) */
  text: string
  /** the body as received (images: WeChat's QR codes) */
  bytes: Buffer
}

/** The request never produced a response: refused, reset, timed out. */
export class UpstreamUnreachable extends Error {
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(`${url}: ${(cause as Error)?.message ?? String(cause)}`)
    this.name = 'UpstreamUnreachable'
  }
}

export interface UpstreamHttpOptions {
  /** per attempt: connect + headers + body */
  timeoutMs: number
}

const MAX_RESPONSE_BYTES = 1024 * 1024

export class UpstreamHttp {
  private readonly agent: Agent

  constructor(options: UpstreamHttpOptions) {
    this.agent = new Agent({
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 50_000,
      maxRequestsPerClient: 80,
      connectTimeout: options.timeoutMs,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connections: 64,
      maxResponseSize: MAX_RESPONSE_BYTES,
    })
  }

  async request(
    method: 'GET' | 'POST' | 'PUT' | 'HEAD' | 'DELETE',
    url: string,
    headers: Record<string, string>,
    body: string | Buffer | undefined,
    trace?: Trace,
  ): Promise<UpstreamResponse> {
    if (trace && trace.inFlight++ === 0) trace.since = performance.now()
    try {
      const { origin } = new URL(url)
      const res = await this.agent.request({
        origin,
        path: url.slice(origin.length) || '/',
        method,
        headers,
        body,
      })
      const bytes = Buffer.from(await res.body.arrayBuffer())
      const contentType = String(res.headers['content-type'] ?? '')
      return { status: res.statusCode, contentType, text: bytes.toString('utf8'), bytes }
    } catch (e) {
      throw new UpstreamUnreachable(url, e)
    } finally {
      if (trace) {
        trace.calls += 1
        if (--trace.inFlight === 0) trace.upstreamMs += performance.now() - trace.since
      }
    }
  }

  close(): Promise<void> {
    return this.agent.close()
  }
}
