/**
 * Which store a page or component instance works with, and the view fields bound to it. Tests
 * open several people's pages at once, each with its own store, so an instance keeps the store
 * that was current when it attached. Kept out of setData: a store is not view data.
 *
 * Components take `storeBehavior()`; pages (built with Page(), whose behaviors do not reliably get
 * lifetimes — mobx-miniprogram-bindings documents its behavior for Component() only) call
 * attachStore in onLoad and detachStore in onUnload. Both end in the same two functions.
 */
import { createStoreBindings } from 'mobx-miniprogram-bindings'
import { getStore } from '../composition-root'
import type { Store } from '../stores/types'

/** Derived view fields: each a function over the store returning plain data. */
export type ViewFields = Record<string, () => unknown>

interface Attachment {
  store: Store
  release: (() => void)[]
}

const attachments = new WeakMap<object, Attachment>()

/**
 * Attaches `instance` to the current store (once: a second call returns the same store) and binds
 * `fields(store)` to its data. Structural comparison: a field goes to the view only when its value
 * really changed.
 */
export function attachStore(instance: object, fields?: (store: Store) => ViewFields): Store {
  let attachment = attachments.get(instance)
  if (!attachment) {
    attachment = { store: getStore(), release: [] }
    attachments.set(instance, attachment)
  }
  const { store } = attachment
  if (fields) {
    const manager = createStoreBindings(instance, { store, fields: fields(store), actions: [], structuralComparison: true })
    // the bindings defer their first setData to wx.nextTick; the first frame should already show
    // the store's values (not a tick of "not allowed to send" before the real state arrives)
    manager.updateStoreBindings()
    attachment.release.push(() => manager.destroyStoreBindings())
  }
  return store
}

/** The store `instance` is attached to; undefined once it detached (a page left while awaiting). */
export function storeOf(instance: object): Store | undefined {
  return attachments.get(instance)?.store
}

/** Runs `release` when `instance` detaches (e.g. a list sync's dispose). */
export function onDetach(instance: object, release: () => void): void {
  attachments.get(instance)?.release.push(release)
}

/** Releases the bindings and whatever onDetach registered; returns the store it was attached to. */
export function detachStore(instance: object): Store | undefined {
  const attachment = attachments.get(instance)
  if (!attachment) return undefined
  attachments.delete(instance)
  for (const release of attachment.release.splice(0)) release()
  return attachment.store
}

let behavior: WechatMiniprogram.Behavior.Identifier | null = null

/** For components: attached → attachStore, detached → detachStore. Made on first use (Behavior() exists only in WeChat and miniprogram-simulate). */
export function storeBehavior(): WechatMiniprogram.Behavior.Identifier {
  if (!behavior) behavior = Behavior({
    lifetimes: {
      attached() {
        attachStore(this)
      },
      detached() {
        detachStore(this)
      },
    },
  })
  return behavior
}
