import { getStore } from '../stores/current'
import type { Store } from '../stores/types'

/**
 * Remembers which store a component instance was attached under. Tests open several people's
 * pages at once, each with its own store, so an instance keeps the one current when it attached.
 * Kept out of setData: a store is not view data.
 */
export function instanceStore() {
  const stores = new WeakMap<object, Store>()
  return {
    lifetimes: {
      attached(this: object) {
        stores.set(this, getStore())
      },
      detached(this: object) {
        stores.delete(this)
      },
    },
    of: (instance: object): Store | undefined => stores.get(instance),
  }
}
