import type { StoreDeps } from './deps'
import { RootStore } from './root-store'

export type { MediaPermissions, ScreenControl, StoreDeps } from './deps'
export type * from './types'
export { RootStore }

/** The store pages bind to (docs/ARCHITECTURE.md "Store contract"). */
export function createStore(deps: StoreDeps): RootStore {
  return new RootStore(deps)
}
