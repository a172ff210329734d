/**
 * A full room chatting at the limit. 16 people (1 host + 15 audience, 16 stores on one demo
 * network) each send 5 public messages per second (80 per second) for 10 seconds (2 in quick
 * mode), with real timers, into ONE room page (an audience member's), over a realistic network:
 * the demo network's LATENCY ms per round trip (60 up, 60 down: a good 4G connection) and, on the
 * watcher's own link, up to JITTER ms more per pushed event, in order (bench/lib/jitter.ts).
 * Measures the setData calls per second on that page and its components (the busiest 1-second
 * window), the messages lost (sent and accepted, yet never in that person's store or never handed
 * to the chat list), and for EVERY accepted message the time from its send until it is in the
 * page's rendered data: p50, p95 and max (and the last one's).
 *
 * Each person sends every 200 ms (+3 ms: the demo's rate limit counts 5 per sliding second of
 * server time, and timer jitter would otherwise put a 6th send in it), the 16 spread over the
 * 200 ms so the room's traffic is even. A send the server still refuses for the rate limit is
 * counted apart: the sender was told, nothing was lost.
 */
import { reaction } from 'mobx-miniprogram'
import { createStore } from '../../miniprogram/stores/index'
import { QUICK, measure, median, sleep } from '../lib/result'
import { seeded, withDownlinkJitter } from '../lib/jitter'
import { network, person, profileOf, settle, type Person } from '../lib/people'
import { isChatList, loadInstrumentedPages, messageTextsIn, onSetData, openPage, startRecording, stopRecording } from '../lib/page'

const MEMBERS = 16
const PER_SECOND = 5
const SECONDS = QUICK ? 2 : 10
/** ms per round trip on the demo network: the app's own DEMO_LATENCY_MS (services/index.ts) */
const LATENCY = 120
/** up to this much more on the watcher's downlink, per event */
const JITTER = 60
const INTERVAL = 1000 / PER_SECOND + 3
/** how long to wait for stragglers after the last send */
const DRAIN_MS = 3000

beforeAll(() => loadInstrumentedPages())

/** nearest-rank percentile */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}

measure('room-burst', async () => {
  const net = network({ latencyMs: LATENCY })
  const people: Person[] = []
  let closeJitter = () => {}
  try {
    const host = await person(net, '主播')
    people.push(host)
    const roomId = await host.store.room.create()
    // the watcher: its pushes come over a jittery link
    const watcherProfile = profileOf('观众1')
    const jittered = withDownlinkJitter(net.connect(watcherProfile), JITTER, seeded(14))
    closeJitter = jittered.close
    const watcher: Person = { profile: watcherProfile, store: createStore(jittered) }
    await watcher.store.session.signIn(watcherProfile)
    await watcher.store.room.join(roomId)
    people.push(watcher)
    for (let i = 2; i < MEMBERS; i++) {
      const p = await person(net, `观众${i}`)
      await p.store.room.join(roomId)
      people.push(p)
    }
    await settle(net)
    const viewer = watcher
    const page = openPage('room', viewer.store, { roomId })
    await settle(net)
    await sleep(300)

    const sentAt = new Map<string, number>()
    const inStoreAt = new Map<string, number>()
    const onScreenAt = new Map<string, number>()
    const accepted = new Set<string>()
    let rateLimited = 0
    const failures: string[] = []

    const stopWatchingStore = reaction(
      () => viewer.store.room.messages,
      (messages) => {
        const now = performance.now()
        for (const m of messages) if (!inStoreAt.has(m.text)) inStoreAt.set(m.text, now)
      },
    )
    const stopWatchingScreen = onSetData((call) => {
      if (!isChatList(call)) return
      for (const text of messageTextsIn(call.data)) if (!onScreenAt.has(text)) onScreenAt.set(text, call.at)
    })

    startRecording()
    const start = performance.now()
    const senders = people.map(async (p, i) => {
      const phase = (i * INTERVAL) / MEMBERS
      const sends: Promise<void>[] = []
      let previous = Number.NEGATIVE_INFINITY
      for (let k = 0; k < SECONDS * PER_SECOND; k++) {
        // on the grid, but never closer than INTERVAL to my previous send
        const due = Math.max(start + phase + k * INTERVAL, previous + INTERVAL)
        for (let wait = due - performance.now(); wait > 0; wait = due - performance.now()) await sleep(wait)
        previous = performance.now()
        const text = `${p.profile.name}的第${k + 1}条消息`
        sentAt.set(text, previous)
        sends.push(
          p.store.room.send(text).then(
            () => void accepted.add(text),
            (err: { code?: string; message?: string }) => {
              if (err.code === 'RATE_LIMITED') rateLimited++
              else failures.push(`${err.code}: ${err.message}`)
            },
          ),
        )
      }
      await Promise.all(sends)
    })
    await Promise.all(senders)
    const sendingEnded = performance.now()

    const until = performance.now() + DRAIN_MS
    while ([...accepted].some((t) => !onScreenAt.has(t)) && performance.now() < until) await sleep(10)
    const calls = stopRecording()
    stopWatchingStore()
    stopWatchingScreen()
    page.detach()
    if (failures.length) throw new Error(`${failures.length} sends failed, e.g. ${failures[0]}`)

    // setData calls while the room was chatting: from the first send to the last one on screen
    const lastSendAt = Math.max(...[...accepted].map((t) => sentAt.get(t) ?? 0))
    const lastText = [...accepted].find((t) => sentAt.get(t) === lastSendAt) ?? ''
    const lastOnScreen = onScreenAt.get(lastText)
    const windowEnd = Math.max(sendingEnded, ...onScreenAt.values())
    const inWindow = calls.filter((c) => c.at <= windowEnd)
    // the most calls in any 1-second window: the rate a "≤ 10 per second" cap is about (the mean
    // over a short run carries a fencepost: 10 flushes a second plus the first one)
    let busiestSecond = 0
    for (let i = 0, j = 0; j < inWindow.length; j++) {
      while (inWindow[j].at - inWindow[i].at >= 1000) i++
      busiestSecond = Math.max(busiestSecond, j - i + 1)
    }
    const delays = [...accepted].filter((t) => onScreenAt.has(t)).map((t) => (onScreenAt.get(t) ?? 0) - (sentAt.get(t) ?? 0))
    const byComponent: Record<string, number> = {}
    for (const c of inWindow) {
      const name = c.component.replace(/^.*\/miniprogram\//, '')
      byComponent[name] = (byComponent[name] ?? 0) + 1
    }

    return {
      members: MEMBERS,
      seconds: SECONDS,
      latencyMs: LATENCY,
      jitterMs: JITTER,
      attempted: sentAt.size,
      accepted: accepted.size,
      rateLimited,
      sentPerSecond: accepted.size / ((sendingEnded - start) / 1000),
      lostInStore: [...accepted].filter((t) => !inStoreAt.has(t)).length,
      lostOnScreen: [...accepted].filter((t) => !onScreenAt.has(t)).length,
      setDataCalls: inWindow.length,
      setDataPerSecond: busiestSecond,
      meanSetDataPerSecond: inWindow.length / ((windowEnd - start) / 1000),
      setDataBytes: inWindow.reduce((sum, c) => sum + c.bytes, 0),
      byComponent,
      lastOnScreenMs: lastOnScreen === undefined ? null : lastOnScreen - lastSendAt,
      p50OnScreenMs: delays.length ? median(delays) : null,
      p95OnScreenMs: delays.length ? percentile(delays, 95) : null,
      maxOnScreenMs: delays.length ? Math.max(...delays) : null,
    }
  } finally {
    await settle(net).catch(() => undefined)
    for (const p of people) p.store.dispose()
    closeJitter()
    net.close()
  }
})
