/**
 * The few wx calls the backend adapter makes, behind one seam: tests run it under jest without
 * wx (test/services/rongcloud/backend: a fake wx.request that speaks real HTTP to the real server).
 */

export interface HttpRequest {
  url: string
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE'
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

/** A local file sent as multipart/form-data (wx.uploadFile), with its progress. */
export interface UploadRequest {
  url: string
  filePath: string
  /** the form field name of the file */
  name: string
  header: Record<string, string>
  timeoutMs: number
  /** 0-100 as the bytes go out */
  onProgress?: (percent: number) => void
}

/** A GET whose body lands in a local file (wx.downloadFile). */
export interface DownloadRequest {
  url: string
  header: Record<string, string>
  timeoutMs: number
}

export interface DownloadResponse {
  statusCode: number
  /** where the body was written (a temporary file of this run of the app) */
  tempFilePath: string
  /** the body read as text, for answers that are not 2xx (our JSON errors) */
  data?: unknown
}

export interface BackendPlatform {
  /** a fresh wx.login code (single use); rejects with the wx errMsg */
  login(): Promise<string>
  /** resolves with any HTTP status; rejects only when no answer came (timeout, no network, TLS) */
  request(request: HttpRequest): Promise<HttpResponse>
  /** wx.uploadFile; rejects only when no answer came. Absent where files cannot be sent (SERVICE_NOT_ENABLED). */
  uploadFile?(request: UploadRequest): Promise<HttpResponse>
  /** wx.downloadFile; rejects only when no answer came. Absent where files cannot be fetched. */
  downloadFile?(request: DownloadRequest): Promise<DownloadResponse>
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
    uploadFile: (request) =>
      new Promise((resolve, reject) => {
        const task = wx.uploadFile({
          url: request.url,
          filePath: request.filePath,
          name: request.name,
          header: request.header,
          timeout: request.timeoutMs,
          success: (res) => resolve({ statusCode: res.statusCode, data: parseJson(res.data), header: {} }),
          fail: (err) => reject(new Error(err.errMsg)),
        })
        const onProgress = request.onProgress
        if (onProgress) task.onProgressUpdate((res) => onProgress(res.progress))
      }),
    downloadFile: (request) =>
      new Promise((resolve, reject) => {
        wx.downloadFile({
          url: request.url,
          header: request.header,
          timeout: request.timeoutMs,
          success: (res) => {
            const ok = res.statusCode >= 200 && res.statusCode < 300
            resolve({ statusCode: res.statusCode, tempFilePath: res.tempFilePath, data: ok ? undefined : readText(res.tempFilePath) })
          },
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

/** wx.uploadFile hands the body over as text: our answers are JSON. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** An error answer wx.downloadFile wrote to a file, as text (our JSON error); '' when unreadable. */
function readText(path: string): string {
  try {
    return String(wx.getFileSystemManager().readFileSync(path, 'utf8'))
  } catch {
    return ''
  }
}
