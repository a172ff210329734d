/**
 * Round trips on the critical path on the RongCloud adapters: create → pushing and join → playing
 * with LATENCY per call to RongCloud (bench/lib/rongcloud.ts: the real adapters over the fake
 * RongCloud server and the fake RTC plugin, each call and pushed event delayed), real timers.
 * Elapsed time / latency = round trips. The same measurement as round-trips.bench.ts on the demo
 * network, whose model is one call, one round trip; here the adapters make the calls they make.
 *
 * The plugin hands push and play URLs through one process-wide context (rtc/core-context.ts
 * routes them to the adapter that joined last), so host and viewer are measured one after the
 * other, as on two phones.
 */
import { when } from 'mobx-miniprogram'
import { QUICK, measure, median, sleep } from './lib/result'
import { FakeRongCloudServer, FakeStream, rongCloudPerson } from './lib/rongcloud'

const LATENCY = 100
const REPS = QUICK ? 1 : 5

async function timeUntil(start: number, done: () => boolean): Promise<number> {
  await when(done, { timeout: 40 * LATENCY })
  return performance.now() - start
}

/** SDK calls the fake server saw between two snapshots, by method. */
function callsSince(server: FakeRongCloudServer, before: Map<string, number>): Record<string, number> {
  const calls: Record<string, number> = {}
  for (const [method, n] of server.calls) if (n - (before.get(method) ?? 0) > 0) calls[method] = n - (before.get(method) ?? 0)
  return calls
}

measure('round-trips-rongcloud', async () => {
  const create: number[] = []
  const join: number[] = []
  let createCalls: Record<string, number> = {}
  let joinCalls: Record<string, number> = {}
  for (let rep = 0; rep < REPS; rep++) {
    const server = new FakeRongCloudServer()
    const host = await rongCloudPerson(server, `host${rep}`, '主播', LATENCY)
    // the host publishes before the viewer joins: its join answer lists the host's stream
    const viewer = await rongCloudPerson(server, `viewer${rep}`, '观众', LATENCY, () => [new FakeStream(host.profile.id)])
    // what signing in starts (the lobby chatroom, the conversation list) is over before we count
    await sleep(10 * LATENCY)
    try {
      let before = new Map(server.calls)
      let start = performance.now()
      const creating = host.store.room.create()
      create.push(await timeUntil(start, () => host.store.room.media.pushUrl !== '' && host.store.room.status === 'live'))
      const roomId = await creating
      createCalls = callsSince(server, before)

      before = new Map(server.calls)
      start = performance.now()
      const joining = viewer.store.room.join(roomId)
      join.push(await timeUntil(start, () => viewer.store.room.media.players.some((p) => p.url !== '')))
      await joining
      joinCalls = callsSince(server, before)
    } finally {
      for (const p of [viewer, host]) {
        await p.store.session.signOut().catch(() => undefined)
        p.store.dispose()
      }
    }
  }
  return {
    latencyMs: LATENCY,
    reps: REPS,
    createMs: median(create),
    joinMs: median(join),
    createRoundTrips: median(create) / LATENCY,
    joinRoundTrips: median(join) / LATENCY,
    createCalls,
    joinCalls,
  }
})
