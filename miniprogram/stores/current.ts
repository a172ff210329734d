/**
 * The app's one store, made on first use from miniprogram/config.ts: RongCloud when an AppKey is
 * set, otherwise the demo network with simulated people. Pages and components call getStore();
 * tests install their own with setStore().
 */
import { config } from '../config'
import { createServices } from '../services/index'
import { serviceMode, type ServiceMode } from '../services/mode'
import type { StoreDeps } from './deps'
import { createStore, type RootStore } from './index'

let current: RootStore | null = null
let platformDeps: Partial<StoreDeps> = {}

/** WeChat-side pieces (permissions, screen) that app.ts provides before the first getStore(). */
export function providePlatform(deps: Partial<StoreDeps>): void {
  platformDeps = deps
}

export function getStore(): RootStore {
  if (!current) current = createStore({ ...platformDeps, ...createServices(config) })
  return current
}

export function setStore(store: RootStore | null): void {
  current = store
}

export function appMode(): ServiceMode {
  return serviceMode(config)
}
