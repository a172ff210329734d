/**
 * Picks the services the app runs on: RongCloud when an AppKey is configured, otherwise the
 * in-memory demo network with simulated people.
 */
import type { AppConfig } from '../config-types'

export type ServiceMode = 'demo' | 'rongcloud'

export function serviceMode(config: AppConfig): ServiceMode {
  return config.rongcloud.appKey.trim() ? 'rongcloud' : 'demo'
}
