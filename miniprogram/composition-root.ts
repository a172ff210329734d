/**
 * The composition root: the one place the app is put together. From config.ts it picks the
 * services (RongCloud when an AppKey is set, otherwise the demo network with simulated people),
 * adds the WeChat side the store is given (platform/: camera and mic permission, keep-screen-on,
 * the profile remembered on this phone, avatar pictures made ready for upload) and makes the
 * app's one store on first use.
 * Pages and components call getStore(); tests install their own with setStore().
 *
 * The services' code is in an async subpackage (services/packages.ts): the store exists at once
 * for the lobby's first frame, and its session shows 'connecting' while the subpackage downloads
 * (sign-in starts it at launch). A failed download fails the sign-in with a Chinese message the
 * lobby banner shows beside 重试, which downloads again.
 */
import type { AppConfig } from './config-types'
import { config } from './config'
import { createDocumentVerifier } from './core/signed-docs'
import { createAvatarImages } from './platform/avatar-image'
import { createPermissions } from './platform/permissions'
import { loadProfile, profileMemory } from './platform/profile'
import { createScreen } from './platform/screen'
import { runsOnDevTokens } from './services/dev-tokens'
import { createServices, documentKey, serviceMode, type ServiceMode, type ServicePackages } from './services/index'
import { createStore, type RootStore } from './stores/index'
import type { Store } from './stores/types'

let current: RootStore | null = null

export function getStore(): RootStore {
  if (!current) current = createAppStore(config)
  return current
}

/** The app's store on `appConfig`; `packages` loads the services' subpackages (tests pass their own). */
export function createAppStore(appConfig: AppConfig, packages?: ServicePackages): RootStore {
  // no object spread here: for a file at the package root the ES5 build requires its Babel
  // helper by a bare name that is no file of the package (scripts/check-build.js says so)
  const { rts, rtc, backend, ed25519 } = createServices(appConfig, packages)
  const key = documentKey(appConfig)
  // ed25519: the services' subpackage's (@noble is not in the main package), once it is downloaded
  const documents = backend && key !== null ? createDocumentVerifier({ publicKey: key, now: () => backend.now(), ed25519 }) : undefined
  return createStore({
    rts,
    rtc,
    backend,
    documents,
    permissions: createPermissions(),
    screen: createScreen(),
    avatarImages: createAvatarImages(),
    profileMemory,
  })
}

export function setStore(store: RootStore | null): void {
  current = store
}

export function appMode(): ServiceMode {
  return serviceMode(config)
}

/** The app signs in with dev tokens from config.ts (services/dev-tokens.ts): the lobby marks it. */
export function appOnDevTokens(): boolean {
  return runsOnDevTokens(config)
}

/**
 * Signs in with the profile remembered on this phone unless signed in or on the way. The app
 * starts it at launch and lets it run in the background: the lobby renders at once and its banner
 * shows how it is going. Never rejects.
 */
export function signInWithStoredProfile(store: Store = getStore()): Promise<void> {
  return store.session.startSignIn(loadProfile)
}

/**
 * Resolves once connected (starting the sign-in when nobody has); rejects with the reason when the
 * connection is kicked or fails. A share card opens the room page first, before any sign-in.
 */
export function whenSignedIn(store: Store = getStore()): Promise<void> {
  void signInWithStoredProfile(store)
  return store.session.whenConnected()
}
