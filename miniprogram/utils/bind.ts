/**
 * Binds derived view fields to a page or component with mobx-miniprogram-bindings. Each field is
 * a function over the store returning plain data; structural comparison means a field is only
 * sent to the view when its value really changed.
 */
import { createStoreBindings } from 'mobx-miniprogram-bindings'
import type { Store } from '../stores/types'

export interface ViewBinding {
  /** pushes pending changes now (the bindings otherwise flush on wx.nextTick) */
  update(): void
  destroy(): void
}

export function bindView(target: object, store: Store, fields: Record<string, () => unknown>): ViewBinding {
  const manager = createStoreBindings(target, { store, fields, actions: [], structuralComparison: true })
  // the bindings defer their first setData to wx.nextTick; the first frame should already show
  // the store's values (not a tick of "not allowed to send" before the real state arrives)
  manager.updateStoreBindings()
  return {
    update: () => manager.updateStoreBindings(),
    destroy: () => manager.destroyStoreBindings(),
  }
}
