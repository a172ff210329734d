/**
 * An S3-compatible object store on 127.0.0.1 (path-style: /<bucket>/<key>), as unkind as S3 about
 * what a client gets wrong (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html):
 * - every request must be signed with SigV4: the signature is recomputed from the request as it
 *   arrived (method, raw path, the signed headers' received values); a wrong one is 403
 *   SignatureDoesNotMatch, an unknown key 403 InvalidAccessKeyId, a missing one 403 AccessDenied;
 * - x-amz-date more than 15 minutes from the store's clock: 403 RequestTimeTooSkewed;
 * - x-amz-content-sha256 must be the body's hash: 400 XAmzContentSHA256Mismatch;
 * - a missing key is 404 NoSuchKey, an unknown bucket 404 NoSuchBucket; DELETE is 204 either way.
 */
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { sha256Hex, signV4 } from '../../src/storage/sigv4'

const SKEW_MS = 15 * 60_000

export class FakeS3 {
  readonly objects = new Map<string, { bytes: Buffer; contentType: string }>()
  readonly requests: { method: string; path: string; status: number }[] = []
  private server: Server | null = null
  private readonly sockets = new Set<Socket>()

  constructor(
    readonly bucket: string,
    readonly accessKeyId: string,
    readonly secretAccessKey: string,
    readonly region = 'us-east-1',
    public now: () => number = () => Date.now(),
  ) {}

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

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks)
    const rawPath = (req.url ?? '/').split('?')[0]
    const query = (req.url ?? '').includes('?') ? (req.url ?? '').slice((req.url ?? '').indexOf('?') + 1) : ''
    const fail = (status: number, code: string) => {
      this.requests.push({ method: req.method ?? '', path: rawPath, status })
      res.writeHead(status, { 'Content-Type': 'application/xml' })
      res.end(req.method === 'HEAD' ? undefined : `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code></Error>`)
    }
    const auth = String(req.headers.authorization ?? '')
    const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(auth)
    if (!m) return fail(403, 'AccessDenied')
    const [, keyId, date, region, signedNames, signature] = m
    if (keyId !== this.accessKeyId) return fail(403, 'InvalidAccessKeyId')
    const amzDate = String(req.headers['x-amz-date'] ?? '')
    const at = Date.parse(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'))
    if (!Number.isFinite(at) || Math.abs(at - this.now()) > SKEW_MS) return fail(403, 'RequestTimeTooSkewed')
    const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '')
    if (payloadHash !== sha256Hex(body)) return fail(400, 'XAmzContentSHA256Mismatch')
    const names = signedNames.split(';')
    if (!names.includes('host') || !names.includes('x-amz-date')) return fail(403, 'AccessDenied')
    const headers: Record<string, string> = {}
    for (const n of names) headers[n] = String(req.headers[n] ?? '')
    const expected = signV4(
      { accessKeyId: keyId, secretAccessKey: this.secretAccessKey, region, service: 's3' },
      { method: req.method ?? '', path: rawPath, query, headers, payloadHash },
      amzDate,
    ).signature
    if (expected !== signature || region !== this.region || date !== amzDate.slice(0, 8)) return fail(403, 'SignatureDoesNotMatch')

    const parts = rawPath.split('/')
    if (parts[1] !== this.bucket) return fail(404, 'NoSuchBucket')
    const key = parts.slice(2).map(decodeURIComponent).join('/')
    const ok = (status: number, headersOut: Record<string, string | number> = {}, out?: Buffer) => {
      this.requests.push({ method: req.method ?? '', path: rawPath, status })
      res.writeHead(status, headersOut)
      res.end(req.method === 'HEAD' ? undefined : out)
    }
    switch (req.method) {
      case 'PUT':
        this.objects.set(key, { bytes: body, contentType: String(req.headers['content-type'] ?? 'application/octet-stream') })
        return ok(200, { ETag: `"${sha256Hex(body).slice(0, 32)}"` })
      case 'GET':
      case 'HEAD': {
        const object = this.objects.get(key)
        if (!object) return fail(404, 'NoSuchKey')
        return ok(200, { 'Content-Type': object.contentType, 'Content-Length': object.bytes.length }, object.bytes)
      }
      case 'DELETE':
        this.objects.delete(key)
        return ok(204)
      default:
        return fail(405, 'MethodNotAllowed')
    }
  }
}
