/**
 * Likes (stores/room/likes.ts) on the demo network with 50 ms per call: taps go out batched, at
 * most one signal a second per person; every phone shows the same total within 3 s, late joiners
 * and people who missed signals included; liking never costs chat its send budget.
 */
import { AppError } from '../../../miniprogram/core/errors'
import type { Signal } from '../../../miniprogram/core/wire'
import { createDemoNetwork } from '../../../miniprogram/services/demo'
import { createStore, type RootStore } from '../../../miniprogram/stores'
import { profileOf } from '../people'

const LATENCY = 50
type Network = ReturnType<typeof createDemoNetwork>

let network: Network
let stores: RootStore[]

beforeEach(() => {
  jest.useFakeTimers()
  network = createDemoNetwork({ latencyMs: LATENCY })
  stores = []
})
afterEach(() => {
  for (const s of stores) s.dispose()
  network.close()
  jest.useRealTimers()
})

const run = (ms: number) => jest.advanceTimersByTimeAsync(ms)

async function settled<T>(promise: Promise<T>): Promise<T> {
  let done = false
  const result = promise.finally(() => (done = true))
  for (let i = 0; i < 400 && !done; i++) await run(10)
  return result
}

interface Phone {
  id: string
  store: RootStore
  /** like signals this phone sent, with the fake clock's time */
  likeSignals: { at: number; count: number }[]
}

async function phone(name: string): Promise<Phone> {
  const profile = profileOf(name)
  const services = network.connect(profile)
  const likeSignals: Phone['likeSignals'] = []
  const send = services.rts.sendRoomSignal.bind(services.rts)
  services.rts.sendRoomSignal = (signal: Signal) => {
    if (signal.type === 'like') likeSignals.push({ at: Date.now(), count: signal.count })
    return send(signal)
  }
  const store = createStore({ ...services })
  stores.push(store)
  await settled(store.session.signIn(profile))
  return { id: profile.id, store, likeSignals }
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run()
  } catch (e) {
    return e instanceof AppError ? e.code : 'not an AppError'
  }
  return undefined
}

/** Taps `count` times, `everyMs` apart. */
async function tap(p: Phone, count: number, everyMs: number): Promise<void> {
  await together([[p, count, everyMs]])
}

/** Several people tapping at once on one clock: [phone, taps, ms between taps]. */
async function together(plans: [Phone, number, number][]): Promise<void> {
  const left = plans.map(([, count]) => count)
  for (let t = 0; left.some((n) => n > 0); t += 10) {
    plans.forEach(([p, , every], i) => {
      if (left[i] > 0 && t % every === 0) {
        p.store.room.like()
        left[i] -= 1
      }
    })
    await run(10)
  }
}

test('only the audience may like, and only in a live room: anyone else gets NOT_ALLOWED at once, nothing changes', async () => {
  const host = await phone('主播')
  const viewer = await phone('观众')
  const bystander = await phone('路人')
  expect(codeOf(() => bystander.store.room.like())).toBe('NOT_ALLOWED')
  const roomId = await settled(host.store.room.create())
  await settled(viewer.store.room.join(roomId))
  expect(codeOf(() => host.store.room.like())).toBe('NOT_ALLOWED')
  expect(codeOf(() => viewer.store.room.like())).toBeUndefined()
  expect(viewer.store.room.likes).toBe(1)
  await run(3000)
  expect(host.store.room.likes).toBe(1)
  expect(host.likeSignals).toEqual([])
  await settled(viewer.store.room.leave())
  expect(codeOf(() => viewer.store.room.like())).toBe('NOT_ALLOWED')
  expect(viewer.store.room.likes).toBe(0)
})

test('taps from several people: at most one signal a second each, carrying the count; every phone shows the total within 3 s', async () => {
  const host = await phone('主播')
  const roomId = await settled(host.store.room.create())
  const viewers = [await phone('一'), await phone('二'), await phone('三')]
  for (const v of viewers) await settled(v.store.room.join(roomId))
  const start = Date.now()
  // 一 taps 40 times in 4 s, 二 12 times in 6 s, 三 once
  await together([
    [viewers[0], 40, 100],
    [viewers[1], 12, 500],
    [viewers[2], 1, 10],
  ])
  expect(Date.now() - start).toBeGreaterThanOrEqual(5500)
  expect(Date.now() - start).toBeLessThan(6500)
  for (const v of viewers) {
    const gaps = v.likeSignals.slice(1).map((s, i) => s.at - v.likeSignals[i].at)
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1000)
  }
  expect(viewers[0].likeSignals.length).toBeLessThanOrEqual(5)
  await run(3000)
  const sent = viewers.map((v) => v.likeSignals.reduce((n, s) => n + s.count, 0))
  expect(sent).toEqual([40, 12, 1])
  for (const p of [host, ...viewers]) expect(p.store.room.likes).toBe(53)
})

test('a late joiner starts from the host’s total; someone who missed signals while away catches up', async () => {
  const host = await phone('主播')
  const roomId = await settled(host.store.room.create())
  const early = await phone('早来的')
  const away = await phone('掉线的')
  await settled(early.store.room.join(roomId))
  await settled(away.store.room.join(roomId))
  network.drop(away.id)
  await tap(early, 25, 100)
  await run(2000)
  expect(host.store.room.likes).toBe(25)
  expect(away.store.room.likes).toBe(0)
  network.restore(away.id)
  const late = await phone('晚来的')
  await settled(late.store.room.join(roomId))
  await run(3000)
  expect(late.store.room.likes).toBe(25)
  expect(away.store.room.likes).toBe(25)
  // and they keep counting from there
  await tap(late, 3, 100)
  await run(3000)
  for (const p of [host, early, away, late]) expect(p.store.room.likes).toBe(28)
})

test('the host writes the total at most once a second however many people like', async () => {
  const host = await phone('主播')
  const roomId = await settled(host.store.room.create())
  const viewers = await Promise.all(['甲', '乙', '丙', '丁', '戊'].map((n) => phone(n)))
  for (const v of viewers) await settled(v.store.room.join(roomId))
  const writes: number[] = []
  const rts = host.store.rts
  const set = rts.setRoomEntry.bind(rts)
  rts.setRoomEntry = (key: string, value: string) => {
    if (key === 'likes') writes.push(Date.now())
    return set(key, value)
  }
  const start = Date.now()
  await together(viewers.map((v) => [v, 50, 100] as [Phone, number, number]))
  await run(3000)
  const seconds = (Date.now() - start) / 1000
  expect(writes.length).toBeLessThanOrEqual(Math.ceil(seconds) + 1)
  for (let i = 1; i < writes.length; i++) expect(writes[i] - writes[i - 1]).toBeGreaterThanOrEqual(1000)
  for (const p of [host, ...viewers]) expect(p.store.room.likes).toBe(250)
})

test('liking as fast as a thumb goes never makes chat RATE_LIMITED (four messages a second)', async () => {
  const host = await phone('主播')
  const roomId = await settled(host.store.room.create())
  const viewer = await phone('话痨')
  await settled(viewer.store.room.join(roomId))
  const sends: Promise<void>[] = []
  for (let t = 0; t < 5000; t += 50) {
    viewer.store.room.like()
    if (t % 250 === 0) sends.push(viewer.store.room.send(`第 ${t / 250} 句`))
    await run(50)
  }
  const results = await Promise.allSettled(sends)
  expect(results.filter((r) => r.status === 'rejected')).toEqual([])
  expect(results).toHaveLength(20)
  await run(3000)
  expect(host.store.room.likes).toBe(100)
  expect(host.store.room.messages).toHaveLength(20)
})

test('a new room starts at 0 and ignores what the last one still had on its way', async () => {
  const host = await phone('主播')
  const viewer = await phone('观众')
  const first = await settled(host.store.room.create())
  await settled(viewer.store.room.join(first))
  await tap(viewer, 5, 50)
  await settled(viewer.store.room.leave())
  await settled(host.store.room.leave())
  const second = await settled(host.store.room.create())
  await settled(viewer.store.room.join(second))
  await run(3000)
  expect(host.store.room.likes).toBe(0)
  expect(viewer.store.room.likes).toBe(0)
})
