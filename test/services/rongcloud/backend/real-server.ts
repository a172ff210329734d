/**
 * The real server (server/src, built in this process by its own test harness with fake RongCloud
 * and WeChat upstreams on loopback), and a BackendPlatform whose wx.request is real HTTP to it and
 * whose wx.login asks the fake WeChat for a fresh code, as a phone would get one.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import type { BackendPlatform, HttpRequest, HttpResponse } from '../../../../miniprogram/services/rongcloud/backend/index'

/** What the tests use of server/test/support/harness.ts (required, not imported: the server type-checks under its own tsconfig). */
export interface ServerHarness {
  urls: string[]
  publicKey: string
  wechat: {
    issueCode(openid: string): string
    calls: { path: string }[]
    /** the verdict WeChat's media check gives an image (server/test/fakes/wechat.ts) */
    mediaVerdict: (bytes: Buffer | null) => 'pass' | 'risky' | 'review'
    mediaCheckDelayMs: number
    mediaChecks: { verdict: string | null }[]
    /** what getwxacodeunlimit was asked for */
    qrRequests: { scene: unknown; page: unknown; check_path: unknown }[]
  }
  rc: { clientJoin(chatroomId: string, userId: string): void }
  close(): Promise<void>
}

/** `avatars`: uploads on (PUBLIC_URL, WeChat's push), as server/test/support/harness.ts offers. */
export function startServer(options: { avatars?: boolean } = {}): Promise<ServerHarness> {
  const { startHarness } = require('../../../../server/test/support/harness')
  // the real clock: documents expire by it, and the Date header the adapter reads is real time
  return startHarness({ realClock: true, ...options })
}

/** Where the fake phone keeps the files wx.downloadFile writes. */
const downloads = mkdtempSync(join(tmpdir(), 'fake-phone-'))
let downloadSeq = 0

function headersOf(res: Response): Record<string, string> {
  const header: Record<string, string> = {}
  res.headers.forEach((value, key) => (header[key] = value))
  return header
}

export interface FakePhone extends BackendPlatform {
  storage: Map<string, unknown>
  /** wx.login calls, and the requests made */
  logins: number
  requests: HttpRequest[]
  /** makes wx.login hand out this code instead of a fresh one (a reused code) */
  stickyCode: string | null
}

export function fakePhone(server: ServerHarness, openid: string, storage = new Map<string, unknown>()): FakePhone {
  const phone: FakePhone = {
    storage,
    logins: 0,
    requests: [],
    stickyCode: null,
    async login() {
      phone.logins++
      return phone.stickyCode ?? server.wechat.issueCode(openid)
    },
    async request(request) {
      phone.requests.push(request)
      // wx.request's fail: no answer at all
      const res = await fetch(request.url, {
        method: request.method,
        headers: request.header,
        body: request.data === undefined ? undefined : JSON.stringify(request.data),
        signal: AbortSignal.timeout(request.timeoutMs),
      }).catch((e: Error) => Promise.reject(new Error(`request:fail ${e.message}`)))
      const text = await res.text()
      let data: unknown = text
      if ((res.headers.get('content-type') ?? '').includes('json')) {
        try {
          data = JSON.parse(text)
        } catch {
          data = text
        }
      }
      const header: Record<string, string> = {}
      res.headers.forEach((value, key) => (header[key] = value))
      return { statusCode: res.status, data, header } satisfies HttpResponse
    },
    // wx.uploadFile: multipart/form-data with the file under `name`; progress at the start and the end
    async uploadFile(request) {
      const bytes = readFileSync(request.filePath)
      const type = /\.png$/i.test(request.filePath) ? 'image/png' : 'image/jpeg'
      const form = new FormData()
      form.append(request.name, new Blob([bytes], { type }), basename(request.filePath))
      request.onProgress?.(0)
      const res = await fetch(request.url, { method: 'POST', headers: request.header, body: form, signal: AbortSignal.timeout(request.timeoutMs) }).catch(
        (e: Error) => Promise.reject(new Error(`uploadFile:fail ${e.message}`)),
      )
      request.onProgress?.(100)
      const text = await res.text()
      let data: unknown
      try {
        data = JSON.parse(text)
      } catch {
        data = text
      }
      return { statusCode: res.status, data, header: headersOf(res) }
    },
    // wx.downloadFile: the body into a temporary file, whatever the status
    async downloadFile(request) {
      const res = await fetch(request.url, { headers: request.header, signal: AbortSignal.timeout(request.timeoutMs) }).catch((e: Error) =>
        Promise.reject(new Error(`downloadFile:fail ${e.message}`)),
      )
      const bytes = Buffer.from(await res.arrayBuffer())
      const tempFilePath = join(downloads, `tmp-${++downloadSeq}`)
      writeFileSync(tempFilePath, bytes)
      const ok = res.status >= 200 && res.status < 300
      return { statusCode: res.status, tempFilePath, data: ok ? undefined : bytes.toString('utf8') }
    },
    getStorage: (key) => storage.get(key),
    setStorage: (key, value) => void storage.set(key, JSON.parse(JSON.stringify(value))),
    removeStorage: (key) => void storage.delete(key),
  }
  return phone
}
