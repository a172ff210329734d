/**
 * scripts/bench/rows.js judges the benches' numbers against the targets. Every row must be able to
 * fail: starting from the numbers of a real full run (fixtures/bench-raw.json; the trust and
 * co-guest rows from real runs of their benches alone, added when their rows were) with the few misses
 * it had set to passing figures, one change per row turns that row into a MISS (a row derived from
 * it, like a growth between two sizes, may miss with it); a missing or unreadable result makes its rows "not measured"
 * (what makes npm run bench exit 1), never a pass.
 */
import * as path from 'path'

interface Row {
  group: string
  metric: string
  value: string
  target: string
  ok: boolean | null
  note: string
}
const { buildRows, ORDER } = require(path.resolve(__dirname, '../../scripts/bench/rows.js')) as {
  buildRows(results: Record<string, unknown>): Row[]
  ORDER: string[]
}
const fixture = require('./fixtures/bench-raw.json') as Record<string, Record<string, unknown>>

type Raw = Record<string, any>
const fresh = (): Record<string, Raw> => JSON.parse(JSON.stringify(fixture))

test('a real full run reads into measured rows, each with its target', () => {
  const rows = buildRows(fresh())
  expect(rows.length).toBeGreaterThanOrEqual(35)
  for (const r of rows) {
    expect(r.ok).not.toBeNull()
    expect(r.target).not.toBe('')
  }
})

/** [metric (a unique part of it), change that must make that row miss] */
const misses: [string, (r: Record<string, Raw>) => void][] = [
  ['main package as uploaded', (r) => (r.size.packages.main.total = 301 * 1024)],
  ['main package, our own code', (r) => (r.size.packages.main.ourBytes = 121 * 1024)],
  ['subpackage services/rongcloud', (r) => (r.size.packages['services/rongcloud'].total = 2049 * 1024)],
  ['subpackage services/demo', (r) => (r.size.packages['services/demo'].total = 2049 * 1024)],
  ['demo mode: downloaded before the first frame', (r) => (r.size.modes.demo.beforeFirstFrame = 301 * 1024)],
  ['RongCloud mode: downloaded before the first frame', (r) => (r.size.modes.rongcloud.beforeFirstFrame = 301 * 1024)],
  ['demo mode: downloaded before connected', (r) => (r.size.modes.demo.beforeConnected = 1392 * 1024)],
  ['RongCloud mode: downloaded before connected', (r) => (r.size.modes.rongcloud.beforeConnected = 1392 * 1024)],
  ['room page, 100 messages', (r) => (r['room-bytes'].byHistory['100'].mean = 2049)],
  ['room page, 500 of history', (r) => (r['room-bytes'].byHistory['500'].mean = 2049)],
  ['room page, 100 → 500', (r) => (r['room-bytes'].byHistory['500'].mean = r['room-bytes'].byHistory['100'].mean * 1.2)],
  ['private chat page, 100 messages', (r) => (r['chat-bytes'].byHistory['100'].mean = 2049)],
  ['private chat page, 1,000 of history', (r) => (r['chat-bytes'].byHistory['1000'].mean = 2049)],
  ['private chat page, 5,000 of history', (r) => (r['chat-bytes'].byHistory['5000'].mean = 2049)],
  ['private chat page, 100 → 5,000', (r) => (r['chat-bytes'].byHistory['5000'].mean = r['chat-bytes'].byHistory['100'].mean * 1.2)],
  ['setData calls per second', (r) => (r['room-burst'].setDataPerSecond = 11)],
  ['messages lost', (r) => (r['room-burst'].lostOnScreen = 1)],
  ['p50 / p95 / max', (r) => (r['room-burst'].p95OnScreenMs = 381)],
  ['the slowest message', (r) => (r['room-burst'].maxOnScreenMs = 1001)],
  ['demo network: create → pushing', (r) => (r['round-trips'].createRoundTrips = 2.6)],
  ['demo network: join → playing', (r) => (r['round-trips'].joinRoundTrips = 2.6)],
  ['RongCloud adapters (fake RongCloud): create', (r) => (r['round-trips-rongcloud'].createRoundTrips = 3)],
  ['RongCloud adapters (fake RongCloud): join', (r) => (r['round-trips-rongcloud'].joinRoundTrips = 3)],
  ['with our server (demo mode): create', (r) => (r['trust-round-trips'].createRoundTripsWithServer = 2.6)],
  ['with our server (demo mode): join', (r) => (r['trust-round-trips'].joinRoundTripsWithServer = 2.6)],
  ['dev tokens (no server, unsigned): create', (r) => (r['trust-round-trips'].createRoundTripsWithout = 3.6)],
  ['dev tokens (no server, unsigned): join', (r) => (r['trust-round-trips'].joinRoundTripsWithout = 2.6)],
  ['co-guests, no backend', (r) => (r['co-guest-round-trips'].acceptToPlayingRoundTrips = 3.6)],
  ['co-guests, with our server', (r) => (r['co-guest-round-trips'].signedAcceptToPlayingRoundTrips = 4.6)],
  ['demo mode: lobby first frame', (r) => (r['lobby-first-frame'].demo.worstMarginMs = -1)],
  ['RongCloud mode: lobby first frame', (r) => (r['lobby-first-frame'].rongcloud.worstMarginMs = -1)],
  ['network listeners', (r) => (r.cycles.after.listeners += 1)],
  ['timers (network + store)', (r) => (r.cycles.after.storeTimers += 1)],
  ['MobX reactions', (r) => (r.cycles.after.reactions += 1)],
  ['store bindings', (r) => (r.cycles.after.bindings += 1)],
  ['heap growth', (r) => (r.cycles.heapGrowthMB = 2.5)],
  ['login at 500/s', (r) => (r.server.login.ownP99Ms = 5.1)],
  ['create room at 500/s', (r) => (r.server.create.ownP99Ms = 5.1)],
  ['login throughput', (r) => (r.server.closedLoop.loginPerSecond = 499)],
  ['create-room throughput', (r) => (r.server.closedLoop.createPerSecond = 99)],
  ['verify one signature', (r) => (r['signed-docs'].warmOneMs = 5.1)],
  ['verify 100 lobby listings', (r) => (r['signed-docs'].lobbyAllMs = 51)],
  ['only the first screen', (r) => (r['signed-docs'].lobbyFirstScreenMs = 51)],
  ['jitless, an app run', (r) => (r['trust-lobby-verify'].jitless.firstLobby.firstFrameMs = 51)],
  ['a later lobby', (r) => (r['trust-lobby-verify'].jitless.nextLobby.firstFrameMs = 51)],
  ['first lobby, with JIT', (r) => (r['trust-lobby-verify'].node.firstLobby.firstFrameMs = 51)],
]

test('every row has a change that makes it miss', () => {
  const passing = (r: Record<string, Raw>) => {
    // start from a run where every row passes, so a MISS can only come from the change
    r.size.packages.main.ourBytes = 100 * 1024
    for (const w of ['createRoundTrips', 'joinRoundTrips']) r['round-trips-rongcloud'][w] = 2.1
    r.server.create.ownP99Ms = 1
    r['signed-docs'].lobbyAllMs = 40
    r['signed-docs'].lobbyFirstScreenMs = 40
    return r
  }
  const baseline = buildRows(passing(fresh()))
  expect(baseline.filter((r) => r.ok !== true)).toEqual([])
  const covered = new Set<string>()
  for (const [metric, change] of misses) {
    const results = passing(fresh())
    change(results)
    const missed = buildRows(results).filter((r) => r.ok === false)
    const row = missed.find((r) => r.metric.includes(metric))
    expect({ metric, missed: !!row }).toEqual({ metric, missed: true })
    expect(missed.length).toBeLessThanOrEqual(2)
    covered.add(row!.metric)
  }
  expect(covered.size).toBe(baseline.length)
})

test('a result that is missing or broken makes its rows "not measured", never a pass', () => {
  for (const id of ORDER) {
    const results = fresh()
    delete results[id]
    const rows = buildRows(results)
    expect(rows.some((r) => r.ok === null)).toBe(true)
    const broken = fresh()
    broken[id] = { id, notMeasured: 'the bench threw' }
    expect(buildRows(broken).filter((r) => r.ok === null).every((r) => r.note === 'the bench threw')).toBe(true)
  }
  const unreadable = fresh()
  delete unreadable.size.modes
  expect(buildRows(unreadable).filter((r) => r.group === 'packages').every((r) => r.ok === null)).toBe(true)
  // a lobby that showed other than the first screen before its first frame measured something else
  const otherLobby = fresh()
  otherLobby['trust-lobby-verify'].jitless.unwarmed.shownFirst = 100
  expect(buildRows(otherLobby).filter((r) => r.group === 'lobby listings verified').every((r) => r.ok === null)).toBe(true)
})

test('the private chat rows say what the cap covers once the conversation holds fewer messages than arrived', () => {
  const results = fresh()
  const chat = results['chat-bytes']
  chat.cap = 500
  chat.byHistory['100'].arrived = 151
  for (const n of ['1000', '5000']) {
    chat.byHistory[n].arrived = Number(n) + 51
    chat.byHistory[n].storeMessages = 500
  }
  const rows = buildRows(results).filter((r) => r.metric.startsWith('private chat page'))
  expect(rows.find((r) => r.metric.includes('100 messages'))!.note).toContain('store holds 151 (under the cap, 500)')
  expect(rows.find((r) => r.metric.includes('1,000 of history'))!.note).toContain('store holds the newest 500 of 1,051 (the cap, 500')
  expect(rows.find((r) => r.metric.includes('5,000 of history'))!.note).toContain('store holds the newest 500 of 5,051 (the cap, 500')
  // still judged on the bytes: the cap does not excuse a dear message
  chat.byHistory['5000'].mean = 2049
  expect(buildRows(results).find((r) => r.metric.includes('5,000 of history'))!.ok).toBe(false)
})
