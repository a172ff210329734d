/**
 * Blobs in an S3-compatible bucket, path-style URLs (`<endpoint>/<bucket>/<key>`), every request
 * signed with SigV4 (src/storage/sigv4.ts) through the server's outbound HTTP pool.
 */
import type { Clock } from '../clock'
import type { UpstreamHttp } from '../upstream/http'
import { checkKey } from './blob-store'
import type { Blob, BlobStore } from './blob-store'
import { amzDate, sha256Hex, signV4, uriEncode } from './sigv4'

export interface S3Options {
  endpoint: string
  bucket: string
  accessKeyId: string
  secretAccessKey: string
  region: string
  http: UpstreamHttp
  clock: Clock
}

export class S3Error extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(`S3 ${status}: ${detail.slice(0, 200)}`)
    this.name = 'S3Error'
  }
}

export class S3Store implements BlobStore {
  private readonly host: string
  private readonly origin: string
  private readonly basePath: string

  constructor(private readonly options: S3Options) {
    const url = new URL(options.endpoint)
    this.host = url.host
    this.origin = url.origin
    this.basePath = url.pathname.replace(/\/+$/, '')
  }

  get description(): string {
    return `bucket ${this.options.bucket} at ${this.options.endpoint}`
  }

  private async send(method: 'GET' | 'PUT' | 'HEAD' | 'DELETE', key: string, body?: Buffer, contentType?: string) {
    const path = `${this.basePath}/${uriEncode(this.options.bucket)}/${checkKey(key).split('/').map(uriEncode).join('/')}`
    const payloadHash = sha256Hex(body ?? '')
    const date = amzDate(this.options.clock.now())
    const headers: Record<string, string> = { host: this.host, 'x-amz-content-sha256': payloadHash, 'x-amz-date': date }
    if (contentType) headers['content-type'] = contentType
    const { authorization } = signV4(
      { accessKeyId: this.options.accessKeyId, secretAccessKey: this.options.secretAccessKey, region: this.options.region, service: 's3' },
      { method, path, query: '', headers, payloadHash },
      date,
    )
    const { host: _host, ...sent } = headers
    return this.options.http.request(method, this.origin + path, { ...sent, authorization }, body)
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    const res = await this.send('PUT', key, bytes, contentType)
    if (res.status !== 200) throw new S3Error(res.status, res.text)
  }

  async get(key: string): Promise<Blob | null> {
    const res = await this.send('GET', key)
    if (res.status === 404) return null
    if (res.status !== 200) throw new S3Error(res.status, res.text)
    return { bytes: res.bytes, contentType: res.contentType || 'application/octet-stream' }
  }

  async exists(key: string): Promise<boolean> {
    const res = await this.send('HEAD', key)
    if (res.status === 404) return false
    if (res.status !== 200) throw new S3Error(res.status, res.text)
    return true
  }

  async delete(key: string): Promise<void> {
    const res = await this.send('DELETE', key)
    if (res.status !== 204 && res.status !== 200 && res.status !== 404) throw new S3Error(res.status, res.text)
  }
}
