/**
 * Picks the services the app runs on: RongCloud when an AppKey is configured, otherwise the
 * in-memory demo network with a few simulated people, so one person in DevTools sees a living app.
 * Either comes from its own async subpackage (services/packages.ts), so the services returned here
 * are ready at once for the store to subscribe to, and bind to the real ones when connect() has
 * the subpackage (services/bind-on-connect.ts): the lobby renders meanwhile, 'connecting'.
 *
 * Our server (BackendService) is reached the same way in both modes: through the binding, once
 * connect() has the subpackage. Its HTTP client (services/rongcloud/backend) travels in the
 * RongCloud subpackage, the only mode that talks to our server, and logs in there for the tokens;
 * the demo network brings its own stand-in (services/demo/backend-*.ts). Nothing before the
 * lobby's first frame needs either.
 *
 * Nor does Ed25519 (@noble, ~35 KB), which only checks and signs documents once connected: each
 * subpackage carries its own copy (services/noble-ed25519.ts), and the app's verifier reaches the
 * downloaded one's through `ed25519`.
 */
import type { AppConfig } from '../config-types'
import type { Ed25519 } from '../core/ed25519'
import { nobleEd25519, type NobleModules } from './noble-ed25519'
import { bindOnConnect } from './bind-on-connect'
import { backendUrl, serviceMode } from './mode'
import { wechatPackages, type DemoPackage, type ServicePackages } from './packages'
import type { BackendService, Services } from './types'

export { documentKey, serviceMode, type ServiceMode } from './mode'
export type { ServicePackages } from './packages'

/** Feels like a real network in DevTools without slowing anything down. */
const DEMO_LATENCY_MS = 120

/** The app's services, and the Ed25519 of the subpackage that brings them (for the app's verifier). */
export interface AppServices extends Services {
  /**
   * null where this phone has no BigInt. Usable once connect() has the subpackage: nothing checks a
   * document before (the store's first check, warmUp, runs on the bound services' 'connecting').
   */
  ed25519: Ed25519 | null
}

function withEd25519(services: Services, ed25519: Ed25519 | null): AppServices {
  return { rts: services.rts, rtc: services.rtc, backend: services.backend, ed25519 }
}

export function createServices(config: AppConfig, packages: ServicePackages = wechatPackages): AppServices {
  // @noble of the downloaded subpackage, loaded on the first check
  let noble: (() => NobleModules) | undefined
  const ed25519 = nobleEd25519(() => noble?.())
  if (serviceMode(config) === 'rongcloud') {
    const rongcloud = config.rongcloud
    const url = backendUrl(config)
    let backend: BackendService | undefined
    const services = bindOnConnect(() =>
      packages.rongcloud().then((sdk) => {
        noble = sdk.nobleModules
        if (url && !backend) backend = sdk.createBackendService({ url })
        // made once (createRongCloudServices returns the same services): one SDK client for the app
        return sdk.createRongCloudServices(rongcloud, backend)
      }),
    )
    // without a server of ours (dev tokens) there is no backend to offer
    return withEd25519(url ? services : { rts: services.rts, rtc: services.rtc }, ed25519)
  }
  let network: ReturnType<typeof DemoPackage.createDemoNetwork> | null = null
  const services = bindOnConnect((profile) =>
    packages.demo().then((demo) => {
      noble = demo.nobleModules
      if (!network) {
        network = demo.createDemoNetwork({ latencyMs: DEMO_LATENCY_MS })
        // they run for the life of the app; their rooms reach the lobby as anyone's: signed listings
        demo.startSimulatedPeers(network)
      }
      // { rts, rtc, backend }: the demo's stand-in for our server comes with the client
      return network.connect(profile)
    }),
  )
  // the demo's stand-in for our server signs with @noble, which needs BigInt (iOS 14+): without
  // it (no Ed25519) demo rooms run unsigned, as with dev tokens, and the room page says so
  return withEd25519(ed25519 ? services : { rts: services.rts, rtc: services.rtc }, ed25519)
}
