/**
 * Our server as a BackendService (services/types.ts), over wx.request. The composition root makes
 * one when config.backend.url is set; tests hand in their own platform (platform.ts).
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
