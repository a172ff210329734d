/** What the simulated people share (peers.ts): the network, their timers, their script's options. */
import type { Timers } from '../../core/timers'
import type { Hub } from './hub'
import type { DemoNetwork } from './network'
import type { Range } from './peer-script'
import type { SimulatedPeersOptions } from './peers'

export interface PeerWorld {
  network: DemoNetwork
  hub: Hub
  /** on the network's scheduler, so stats() sees them; stop() closes them */
  timers: Timers
  /** runs `task` once after a delay drawn from `range` */
  later(range: Range, task: () => void): void
  /** runs `task` again and again, a delay drawn from `range` apart */
  every(range: Range, task: () => void): void
  random: () => number
  now: () => number
  options: Required<Omit<SimulatedPeersOptions, 'random' | 'hosts'>>
  isPeer(userId: string): boolean
  pick<T>(items: readonly T[]): T
  rooms(): { id: string; name: string; roomId: string }[]
}

/**
 * The world's pick: a random item, but never the one this list gave last time (a simulated host
 * saying 「想看什么可以在公屏告诉我」 twice in a row reads like a bug). Lists built afresh for each
 * call (the rooms) are not remembered. Draws one random number per pick, as a plain pick would.
 */
export function pickFresh(random: () => number): <T>(items: readonly T[]) => T {
  const last = new WeakMap<readonly unknown[], number>()
  return <T>(items: readonly T[]): T => {
    let i = Math.min(items.length - 1, Math.floor(random() * items.length))
    if (items.length > 1 && last.get(items) === i) i = (i + 1) % items.length
    last.set(items, i)
    return items[i]
  }
}
