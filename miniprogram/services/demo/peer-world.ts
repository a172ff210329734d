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
