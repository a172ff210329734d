import type { AppConfig } from '../config-types'

export type ServiceMode = 'demo' | 'rongcloud'

/** RongCloud when an AppKey is configured, otherwise the demo network. */
export function serviceMode(config: AppConfig): ServiceMode {
  return config.rongcloud.appKey.trim() ? 'rongcloud' : 'demo'
}
