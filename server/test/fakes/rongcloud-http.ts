/**
 * An HTTP front for FakeRongCloud on 127.0.0.1 (a random port): what the server's RongCloud
 * client talks to in tests. It checks the signature headers like RongCloud
 * (https://docs.rongcloud.cn/platform-chat-api/auth): App-Key, Nonce (at most 18 characters),
 * Timestamp, Signature = sha1(AppSecret + Nonce + Timestamp) in hex, or the same with an `RC-`
 * prefix; a missing or wrong one is HTTP 401 with code 1004. Several fronts can share one state:
 * a primary and a backup host, each of which can be made to fail.
 */
import { createHash } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { RcApiError } from './rongcloud-state'
import type { FakeRongCloud } from './rongcloud-state'

/** up; refuse: the connection is cut; error: HTTP 503; hang: no answer at all */
export type FrontMode = 'up' | 'refuse' | 'error' | 'hang'

export class FakeRongCloudHttp {
  mode: FrontMode = 'up'
  /** requests this front answered (any status) */
  served = 0
  rejectedSignatures = 0
  private server: Server | null = null
  private readonly sockets = new Set<Socket>()

  constructor(readonly state: FakeRongCloud) {}

  get url(): string {
    const addr = this.server?.address() as AddressInfo | null
    if (!addr) throw new Error('not listening')
    return `http://127.0.0.1:${addr.port}`
  }

  async listen(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res))
    this.server.on('connection', (s) => {
      this.sockets.add(s)
      s.on('close', () => this.sockets.delete(s))
    })
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    return this
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()))
    this.server = null
  }

  private header(req: IncomingMessage, name: string): string | undefined {
    const v = req.headers[name.toLowerCase()] ?? req.headers[`rc-${name.toLowerCase()}`]
    return typeof v === 'string' ? v : undefined
  }

  private signatureOk(req: IncomingMessage): boolean {
    const appKey = this.header(req, 'App-Key')
    const nonce = this.header(req, 'Nonce')
    const timestamp = this.header(req, 'Timestamp')
    const signature = this.header(req, 'Signature')
    if (!appKey || !nonce || !timestamp || !signature) return false
    if (appKey !== this.state.appKey || nonce.length > 18 || !/^\d+$/.test(timestamp)) return false
    const expected = createHash('sha1').update(this.state.appSecret + nonce + timestamp).digest('hex')
    return signature.toLowerCase() === expected
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.mode === 'hang') return
    if (this.mode === 'refuse') {
      req.socket.destroy()
      return
    }
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    this.served += 1
    const send = (status: number, body: object) => {
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' })
      res.end(JSON.stringify(body))
    }
    if (this.mode === 'error') return send(503, { code: 1000, errorMessage: 'service unavailable' })
    if (req.method !== 'POST') return send(405, { code: 1002, errorMessage: 'POST only' })
    if (!this.signatureOk(req)) {
      this.rejectedSignatures += 1
      return send(401, { code: 1004, errorMessage: 'signature error' })
    }
    const params = new Map<string, string[]>()
    for (const [k, v] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) {
      params.set(k, [...(params.get(k) ?? []), v])
    }
    const path = (req.url ?? '/').split('?')[0]
    try {
      send(200, this.state.api(path, params))
    } catch (e) {
      if (e instanceof RcApiError) send(e.httpStatus, { code: e.code, errorMessage: e.message })
      else send(500, { code: 1000, errorMessage: String(e) })
    }
  }
}
