/**
 * Our server as a BackendService (services/types.ts), over wx.request (and wx.uploadFile /
 * wx.downloadFile for files, platform.ts). services/index.ts makes one in this subpackage when
 * config.backend.url is set; tests hand in their own platform.
 */
import type { BackendService } from '../../types'
import { HttpBackendService, type BackendOptions } from './backend-service'
import { wxBackendPlatform } from './platform'

export type { BackendOptions } from './backend-service'
export type { BackendPlatform, HttpRequest, HttpResponse } from './platform'
export { SESSION_STORAGE_KEY } from './session'
export { DEFAULT_RETRY, DEFAULT_TIMEOUT_MS, errorOf } from './http'

export function createBackendService(options: Omit<BackendOptions, 'platform'> & { platform?: BackendOptions['platform'] }): BackendService {
  return new HttpBackendService({ ...options, platform: options.platform ?? wxBackendPlatform() })
}
