/**
 * Picks the services the app runs on: RongCloud when an AppKey is configured, otherwise the
 * in-memory demo network with a few simulated people, so one person in DevTools sees a living app.
 * Either comes from its own async subpackage (services/packages.ts), so the services returned here
 * are ready at once for the store to subscribe to, and bind to the real ones when connect() has
 * the subpackage (services/bind-on-connect.ts): the lobby renders meanwhile, 'connecting'.
 */
import type { AppConfig } from '../config-types'
import { bindOnConnect } from './bind-on-connect'
import { serviceMode } from './mode'
import { wechatPackages, type DemoPackage, type ServicePackages } from './packages'
import type { Services } from './types'

export { serviceMode, type ServiceMode } from './mode'
export type { ServicePackages } from './packages'

/** Feels like a real network in DevTools without slowing anything down. */
const DEMO_LATENCY_MS = 120

export function createServices(config: AppConfig, packages: ServicePackages = wechatPackages): Services {
  if (serviceMode(config) === 'rongcloud') {
    const rongcloud = config.rongcloud
    // made once (createRongCloudServices returns the same pair): one SDK client for the app
    return bindOnConnect(() => packages.rongcloud().then((sdk) => sdk.createRongCloudServices(rongcloud)))
  }
  let network: ReturnType<typeof DemoPackage.createDemoNetwork> | null = null
  return bindOnConnect((profile) =>
    packages.demo().then((demo) => {
      if (!network) {
        network = demo.createDemoNetwork({ latencyMs: DEMO_LATENCY_MS })
        // they run for the life of the app; their rooms reach the lobby through RtsService.listRooms
        demo.startSimulatedPeers(network)
      }
      return network.connect(profile)
    }),
  )
}
