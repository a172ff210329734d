/**
 * Row 4: create → pushing and join → playing on the demo network at 100 ms per call, with real
 * timers. Elapsed time / latency = round trips on the critical path (test/stores/round-trips.test.ts
 * checks the same count with fake timers).
 */
import { when } from 'mobx-miniprogram'
import { QUICK, measure, median } from './lib/result'
import { network, person } from './lib/people'

const LATENCY = 100
const REPS = QUICK ? 1 : 5

async function timeUntil(start: number, done: () => boolean): Promise<number> {
  await when(done, { timeout: 20 * LATENCY })
  return performance.now() - start
}

measure('round-trips', async () => {
  const create: number[] = []
  const join: number[] = []
  for (let rep = 0; rep < REPS; rep++) {
    const net = network({ latencyMs: LATENCY })
    try {
      const host = await person(net, '主播')
      const viewer = await person(net, '观众')

      let start = performance.now()
      const creating = host.store.room.create()
      create.push(await timeUntil(start, () => host.store.room.media.pushUrl !== '' && host.store.room.status === 'live'))
      const roomId = await creating

      start = performance.now()
      const joining = viewer.store.room.join(roomId)
      join.push(await timeUntil(start, () => viewer.store.room.media.players.some((p) => p.url !== '')))
      await joining
      host.store.dispose()
      viewer.store.dispose()
    } finally {
      net.close()
    }
  }
  return {
    latencyMs: LATENCY,
    reps: REPS,
    createMs: median(create),
    joinMs: median(join),
    createRoundTrips: median(create) / LATENCY,
    joinRoundTrips: median(join) / LATENCY,
  }
})
