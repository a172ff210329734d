/**
 * The heap row: create / leave cycles through two people, with their pages, alone in a process of
 * its own (scripts/bench.js runs this project by itself under `node --expose-gc`: nothing else's
 * garbage is on the heap, and gc() is the real one).
 *
 * Both people sit in the lobby (its page attached all along, as it stays in the page stack). Each
 * cycle: the host creates a room and its room page opens; a viewer joins and its room page opens;
 * the viewer says hello; the viewer's page closes (leaving), then the host's (ending the room).
 *
 * Counted before the first cycle and after the last (they must be back where they started): the
 * demo network's live listeners and timers, the store's own timers (its `schedule`), the live MobX
 * reactions (bench/lib/mobx-census.ts: stores and bindings alike) and the live page / component
 * store bindings (every createStoreBindings not yet destroyed). Heap: after a few warm-up cycles,
 * ROUNDS rounds of CYCLES cycles, each measured between two forced full collections (three gc()
 * each); the row reports the median round and the largest.
 */
import * as v8 from 'v8'
import * as vm from 'vm'
import type { Schedule } from '../../miniprogram/stores/deps'
import { QUICK, measure, median } from '../lib/result'
import { countReactions } from '../lib/mobx-census'
import { network, person, settle } from '../lib/people'
import { loadInstrumentedPages, openPage, type SimRoot } from '../lib/page'

/** Live store bindings: every createStoreBindings whose destroyStoreBindings has not run. */
const liveBindings = { count: 0 }
jest.mock('mobx-miniprogram-bindings', () => {
  const actual = jest.requireActual<typeof import('mobx-miniprogram-bindings')>('mobx-miniprogram-bindings')
  return {
    ...actual,
    createStoreBindings: (...args: Parameters<typeof actual.createStoreBindings>) => {
      const manager = actual.createStoreBindings(...args)
      liveBindings.count++
      const destroy = manager.destroyStoreBindings.bind(manager)
      let destroyed = false
      manager.destroyStoreBindings = () => {
        if (!destroyed) liveBindings.count--
        destroyed = true
        destroy()
      }
      return manager
    },
  }
})

const CYCLES = QUICK ? 20 : 100
const ROUNDS = QUICK ? 1 : 3
/** enough for the bounded caches to fill (ids remembered against redelivery, the demo server's history) */
const WARM_UP = QUICK ? 10 : 30

const reactions = countReactions()
beforeAll(() => loadInstrumentedPages())
afterAll(() => reactions.uninstall())

/** The process's gc(): node runs this project with --expose-gc; without it, V8 is asked for one. */
function collector(): { gc: () => void; exposed: boolean } {
  const exposed = (globalThis as { gc?: () => void }).gc
  if (exposed) return { gc: exposed, exposed: true }
  v8.setFlagsFromString('--expose-gc')
  return { gc: vm.runInNewContext('gc') as () => void, exposed: process.execArgv.includes('--expose-gc') }
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
  const { gc, exposed } = collector()
  // each cycle sends one chat message; the server clock moves a second per cycle so that the
  // demo's rate limit (5 per second per sender) does not refuse it at this speed
  let clockOffset = 0
  const net = network({ latencyMs: 0, now: () => Date.now() + clockOffset })
  const timers = countingSchedule()
  const pages: SimRoot[] = []
  try {
    const host = await person(net, '主播', { schedule: timers.schedule })
    const viewer = await person(net, '观众', { schedule: timers.schedule })
    for (const p of [host, viewer]) pages.push(openPage('lobby', p.store))
    await settle(net)

    const census = () => ({
      ...net.stats(),
      storeTimers: timers.pending(),
      reactions: reactions.live(),
      bindings: liveBindings.count,
    })

    const cycle = async (): Promise<void> => {
      const roomId = await host.store.room.create()
      const hostPage = openPage('room', host.store, { roomId })
      await viewer.store.room.join(roomId)
      const viewerPage = openPage('room', viewer.store, { roomId })
      await viewer.store.room.send('你好')
      await settle(net)
      viewerPage.detach()
      await settle(net)
      hostPage.detach()
      await settle(net)
      if (host.store.room.status !== 'idle' || viewer.store.room.status !== 'idle') throw new Error('closing the room pages did not leave the room')
      clockOffset += 1000
    }

    const before = census()
    for (let i = 0; i < WARM_UP; i++) await cycle()
    const rounds: { heapBeforeMB: number; heapAfterMB: number; growthMB: number; msPerCycle: number }[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const heapBefore = heapAfterGc(gc)
      const started = performance.now()
      for (let i = 0; i < CYCLES; i++) await cycle()
      const elapsedMs = performance.now() - started
      const heapAfter = heapAfterGc(gc)
      rounds.push({
        heapBeforeMB: heapBefore / 2 ** 20,
        heapAfterMB: heapAfter / 2 ** 20,
        growthMB: (heapAfter - heapBefore) / 2 ** 20,
        msPerCycle: elapsedMs / CYCLES,
      })
    }
    const after = census()
    const growth = rounds.map((r) => r.growthMB)
    return {
      cycles: CYCLES,
      rounds,
      warmUp: WARM_UP,
      gcExposed: exposed,
      before,
      after,
      heapGrowthMB: median(growth),
      heapGrowthMaxMB: Math.max(...growth),
      msPerCycle: median(rounds.map((r) => r.msPerCycle)),
    }
  } finally {
    for (const page of pages) page.detach()
    net.close()
  }
}, 900_000)
