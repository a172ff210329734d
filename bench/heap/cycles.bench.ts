/**
 * Row 6: 100 create/leave cycles through two stores (a host creates, a viewer joins and says
 * hello, both leave). Counts the demo network's live subscriptions and timers (network.stats())
 * and the store's own timers (through its `schedule` dependency) before and after, and the heap
 * growth with a forced GC on both sides. A few warm-up cycles run first so that lazily built
 * things (JIT code, derivations MobX builds once) do not count as growth; the subscription and
 * timer counts are taken before the warm-up.
 */
import * as v8 from 'v8'
import * as vm from 'vm'
import type { Schedule } from '../miniprogram/stores/deps'
import { QUICK, measure } from './lib/result'
import { network, person, settle } from './lib/people'

const CYCLES = 100
const WARM_UP = QUICK ? 2 : 5

/** gc() whether or not node runs with --expose-gc. */
function collector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc
  if (exposed) return exposed
  v8.setFlagsFromString('--expose-gc')
  return vm.runInNewContext('gc') as () => void
}

function heapAfterGc(gc: () => void): number {
  for (let i = 0; i < 3; i++) gc()
  return process.memoryUsage().heapUsed
}

/** A `schedule` that counts the store's pending timers. */
function countingSchedule(): { schedule: Schedule; pending: () => number } {
  const live = new Set<ReturnType<typeof setTimeout>>()
  const schedule: Schedule = (fn, ms) => {
    const handle = setTimeout(() => {
      live.delete(handle)
      fn()
    }, ms)
    live.add(handle)
    return () => {
      live.delete(handle)
      clearTimeout(handle)
    }
  }
  return { schedule, pending: () => live.size }
}

measure('cycles', async () => {
  const gc = collector()
  // each cycle sends one chat message; the server clock moves a second per cycle so that the
  // demo's rate limit (5 per second per sender) does not refuse it at this speed
  let clockOffset = 0
  const net = network({ latencyMs: 0, now: () => Date.now() + clockOffset })
  const timers = countingSchedule()
  try {
    const host = await person(net, '主播', { schedule: timers.schedule })
    const viewer = await person(net, '观众', { schedule: timers.schedule })
    await settle(net)

    const cycle = async (): Promise<void> => {
      const roomId = await host.store.room.create()
      await viewer.store.room.join(roomId)
      await viewer.store.room.send('你好')
      await viewer.store.room.leave()
      await host.store.room.leave()
      await settle(net)
      clockOffset += 1000
    }

    const before = { ...net.stats(), storeTimers: timers.pending() }
    for (let i = 0; i < WARM_UP; i++) await cycle()
    const heapBefore = heapAfterGc(gc)
    const started = performance.now()
    for (let i = 0; i < CYCLES; i++) await cycle()
    const elapsedMs = performance.now() - started
    const heapAfter = heapAfterGc(gc)
    const after = { ...net.stats(), storeTimers: timers.pending() }
    if (host.store.room.status !== 'idle' || viewer.store.room.status !== 'idle') throw new Error('a store did not get back to idle')

    return {
      cycles: CYCLES,
      warmUp: WARM_UP,
      before,
      after,
      heapBeforeMB: heapBefore / 2 ** 20,
      heapAfterMB: heapAfter / 2 ** 20,
      heapGrowthMB: (heapAfter - heapBefore) / 2 ** 20,
      msPerCycle: elapsedMs / CYCLES,
    }
  } finally {
    net.close()
  }
})
