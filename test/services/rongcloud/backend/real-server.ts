/**
 * The real server (server/src, built in this process by its own test harness with fake RongCloud
 * and WeChat upstreams on loopback), and a BackendPlatform whose wx.request is real HTTP to it and
 * whose wx.login asks the fake WeChat for a fresh code, as a phone would get one.
 */
import type { BackendPlatform, HttpRequest, HttpResponse } from '../../../../miniprogram/services/rongcloud/backend/index'

/** What the tests use of server/test/support/harness.ts (required, not imported: the server type-checks under its own tsconfig). */
export interface ServerHarness {
  urls: string[]
  publicKey: string
  wechat: { issueCode(openid: string): string; calls: { path: string }[] }
  rc: { clientJoin(chatroomId: string, userId: string): void }
  close(): Promise<void>
}

export function startServer(): Promise<ServerHarness> {
  const { startHarness } = require('../../../../server/test/support/harness')
  // the real clock: documents expire by it, and the Date header the adapter reads is real time
  return startHarness({ realClock: true })
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
    getStorage: (key) => storage.get(key),
    setStorage: (key, value) => void storage.set(key, JSON.parse(JSON.stringify(value))),
    removeStorage: (key) => void storage.delete(key),
  }
  return phone
}
