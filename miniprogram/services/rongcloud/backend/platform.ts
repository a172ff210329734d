/**
 * The few wx calls the backend adapter makes, behind one seam: tests run it under jest without
 * wx (test/services/rongcloud/backend: a fake wx.request that speaks real HTTP to the real server).
 */

export interface HttpRequest {
  url: string
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  header: Record<string, string>
  /** JSON-encoded by the platform (wx.request with dataType json) */
  data?: Record<string, unknown>
  timeoutMs: number
}

export interface HttpResponse {
  statusCode: number
  /** parsed JSON when the body was JSON, else the raw text (wx.request's behaviour) */
  data: unknown
  header: Record<string, string>
}

export interface BackendPlatform {
  /** a fresh wx.login code (single use); rejects with the wx errMsg */
  login(): Promise<string>
  /** resolves with any HTTP status; rejects only when no answer came (timeout, no network, TLS) */
  request(request: HttpRequest): Promise<HttpResponse>
  getStorage(key: string): unknown
  setStorage(key: string, value: unknown): void
  removeStorage(key: string): void
}

const LOGIN_TIMEOUT_MS = 10_000

export function wxBackendPlatform(): BackendPlatform {
  return {
    login: () =>
      new Promise((resolve, reject) => {
        wx.login({
          timeout: LOGIN_TIMEOUT_MS,
          success: (res) => resolve(res.code),
          fail: (err) => reject(new Error(err.errMsg)),
        })
      }),
    request: (request) =>
      new Promise((resolve, reject) => {
        wx.request({
          url: request.url,
          method: request.method,
          header: request.header,
          data: request.data,
          dataType: 'json',
          timeout: request.timeoutMs,
          success: (res) => resolve({ statusCode: res.statusCode, data: res.data, header: (res.header ?? {}) as Record<string, string> }),
          fail: (err) => reject(new Error(err.errMsg)),
        })
      }),
    getStorage: (key) => {
      try {
        return wx.getStorageSync(key)
      } catch {
        return undefined
      }
    },
    setStorage: (key, value) => {
      try {
        wx.setStorageSync(key, value)
      } catch {
        // storage full or unavailable: the session still works until the app restarts
      }
    },
    removeStorage: (key) => {
      try {
        wx.removeStorageSync(key)
      } catch {
        // nothing to do
      }
    },
  }
}
