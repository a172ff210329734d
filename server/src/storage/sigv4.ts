/**
 * AWS Signature Version 4 for S3-compatible stores (AWS S3, MinIO, Cloudflare R2, Tencent COS and
 * Alibaba OSS in S3 mode), header form, payload hashed
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html). Hand-written:
 * the whole algorithm is these few lines, and the AWS SDK is megabytes.
 */
import { createHash, createHmac } from 'node:crypto'

export interface SigV4Credentials {
  accessKeyId: string
  secretAccessKey: string
  region: string
  service: string
}

export interface SigV4Request {
  method: string
  /** the path as sent, already URI-encoded */
  path: string
  /** the query string as sent, without `?` ('' for none) */
  query: string
  /** lower-case names; every one of them is signed */
  headers: Record<string, string>
  payloadHash: string
}

export const sha256Hex = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex')
const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest()

/** RFC 3986 encoding of one path segment or query part, as SigV4 wants it. */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

function canonicalQuery(query: string): string {
  if (!query) return ''
  return query
    .split('&')
    .map((pair) => {
      const i = pair.indexOf('=')
      const k = decodeURIComponent(i < 0 ? pair : pair.slice(0, i))
      const v = i < 0 ? '' : decodeURIComponent(pair.slice(i + 1))
      return [uriEncode(k), uriEncode(v)]
    })
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
}

/** `amzDate` is YYYYMMDD'T'HHMMSS'Z'. Returns the signature and the Authorization header. */
export function signV4(creds: SigV4Credentials, req: SigV4Request, amzDate: string): { signature: string; authorization: string } {
  const names = Object.keys(req.headers)
    .map((n) => n.toLowerCase())
    .sort()
  const lower: Record<string, string> = {}
  for (const [k, v] of Object.entries(req.headers)) lower[k.toLowerCase()] = v
  const signedHeaders = names.join(';')
  const canonicalRequest = [
    req.method,
    req.path,
    canonicalQuery(req.query),
    names.map((n) => `${n}:${lower[n].trim().replace(/\s+/g, ' ')}\n`).join(''),
    signedHeaders,
    req.payloadHash,
  ].join('\n')
  const date = amzDate.slice(0, 8)
  const scope = `${date}/${creds.region}/${creds.service}/aws4_request`
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n')
  const key = hmac(hmac(hmac(hmac(`AWS4${creds.secretAccessKey}`, date), creds.region), creds.service), 'aws4_request')
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex')
  return {
    signature,
    authorization: `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  }
}

export function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')
}
