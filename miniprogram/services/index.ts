/**
 * Picks the services the app runs on: RongCloud when an AppKey is configured, otherwise the
 * in-memory demo network with a few simulated people, so one person in DevTools sees a living app.
 */
import type { AppConfig } from '../config-types'
import { hasBigInt } from '../core/ed25519'
import { createBackendService } from './backend/index'
import { bindOnConnect } from './demo/bind-on-connect'
import { createDemoNetwork, startSimulatedPeers } from './demo/index'
import { backendUrl, serviceMode } from './mode'
import type { Services } from './types'

export { documentKey, serviceMode, type ServiceMode } from './mode'

/** Feels like a real network in DevTools without slowing anything down. */
const DEMO_LATENCY_MS = 120

export function createServices(config: AppConfig): Services {
  if (serviceMode(config) === 'rongcloud') {
    // loaded only when configured: the SDK reads wx at import time and is large
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const rongcloud = require('./rongcloud/index') as typeof import('./rongcloud/index')
    const url = backendUrl(config)
    return rongcloud.createRongCloudServices(config.rongcloud, url ? createBackendService({ url }) : undefined)
  }
  const network = createDemoNetwork({ latencyMs: DEMO_LATENCY_MS })
  // they run for the life of the app; their rooms reach the lobby as anyone's: signed listings
  startSimulatedPeers(network)
  const services = bindOnConnect((profile) => network.connect(profile))
  // the demo's stand-in for our server signs with @noble, which needs BigInt (iOS 14+): without
  // it demo rooms run unsigned, as with dev tokens, and the room page says so
  return hasBigInt() ? services : { rts: services.rts, rtc: services.rtc }
}
