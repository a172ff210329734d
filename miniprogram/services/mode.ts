import type { AppConfig } from '../config-types'
import { DEMO_PUBLIC_KEY } from './demo-key'

export type ServiceMode = 'demo' | 'rongcloud'

/** RongCloud when an AppKey is configured, otherwise the demo network. */
export function serviceMode(config: AppConfig): ServiceMode {
  return config.rongcloud.appKey.trim() ? 'rongcloud' : 'demo'
}

/** Our server's URL when one is configured; '' otherwise. */
export function backendUrl(config: AppConfig): string {
  return config.backend?.url.trim() ?? ''
}

/**
 * The public key the backend's documents verify with: our server's in RongCloud mode with a
 * backend, the demo key on the demo network (its in-memory backend signs with it); null without a
 * backend (dev tokens: unsigned rooms).
 */
export function documentKey(config: AppConfig): string | null {
  if (serviceMode(config) === 'demo') return DEMO_PUBLIC_KEY
  return backendUrl(config) ? (config.backend?.publicKey.trim() ?? '') : null
}
