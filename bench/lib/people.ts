/** People on a demo network for the benches: real timers, real clock. */
import type { Profile } from '../../miniprogram/core/types'
import { createDemoNetwork, type DemoNetwork, type DemoNetworkOptions } from '../../miniprogram/services/demo'
import { createStore, type RootStore, type StoreDeps } from '../../miniprogram/stores'

export type { DemoNetwork }

export interface Person {
  profile: Profile
  store: RootStore
}

export function network(options: DemoNetworkOptions = {}): DemoNetwork {
  return createDemoNetwork(options)
}

/** Waits until the demo network has had no pending timer for a few turns of the event loop. */
export async function settle(net: DemoNetwork, maxMs = 10_000): Promise<void> {
  const until = Date.now() + maxMs
  let quiet = 0
  while (quiet < 3) {
    if (Date.now() > until) throw new Error(`demo network still busy after ${maxMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 0))
    quiet = net.stats().timers === 0 ? quiet + 1 : 0
  }
}

let seq = 0
export function profileOf(name: string): Profile {
  seq++
  return { id: `b${seq}`, name }
}

/** A store on its own client of `net`, signed in. */
export async function person(net: DemoNetwork, name: string, deps: Partial<StoreDeps> = {}): Promise<Person> {
  const profile = profileOf(name)
  const store = createStore({ ...net.connect(profile), ...deps })
  await store.session.signIn(profile)
  return { profile, store }
}
