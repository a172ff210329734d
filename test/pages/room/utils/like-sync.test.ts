/**
 * pages/room/utils/like-sync.ts: the like total and the floating hearts reach the view in at most one setData
 * per 500 ms, however many likes arrive, the first one at once.
 */
import { observable, runInAction } from 'mobx-miniprogram'
import { createLikeSync, type HeartView } from '../../../../miniprogram/pages/room/utils/like-sync'
import type { ListSyncClock } from '../../../../miniprogram/utils/list-sync'

function manualClock() {
  let now = 0
  let next = 1
  const pending = new Map<number, { at: number; fn: () => void }>()
  const clock: ListSyncClock = {
    now: () => now,
    schedule(fn, ms) {
      const id = next++
      pending.set(id, { at: now + ms, fn })
      return () => void pending.delete(id)
    },
  }
  const advance = (ms: number) => {
    const until = now + ms
    for (;;) {
      const due = [...pending.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0]
      if (!due) break
      pending.delete(due[0])
      now = due[1].at
      due[1].fn()
    }
    now = until
  }
  return { clock, advance, pending: () => pending.size, now: () => now }
}

function setup(initial = 0) {
  const room = observable({ likes: initial })
  const calls: { at: number; data: Record<string, unknown> }[] = []
  const view: { total?: string; hearts?: HeartView[] } = {}
  const t = manualClock()
  const target = {
    setData(data: Record<string, unknown>) {
      calls.push({ at: t.now(), data })
      for (const [k, v] of Object.entries(data)) {
        const path = /^hearts\[(\d+)\]$/.exec(k)
        if (path) {
          const hearts = (view.hearts ?? []).slice()
          hearts[Number(path[1])] = v as HeartView
          view.hearts = hearts
        } else (view as Record<string, unknown>)[k] = v
      }
    },
  }
  const sync = createLikeSync({ target, read: () => room.likes, clock: t.clock })
  const add = (n: number) => runInAction(() => (room.likes += n))
  const set = (n: number) => runInAction(() => (room.likes = n))
  const shownHearts = () => (view.hearts ?? []).filter((h) => h.on)
  return { room, calls, view, sync, add, set, shownHearts, ...t }
}

test('the first like after a quiet spell shows at once, with a heart', () => {
  const s = setup(12)
  expect(s.view).toEqual({ total: '12', hearts: expect.any(Array) })
  expect(s.view.hearts).toHaveLength(8)
  expect(s.shownHearts()).toHaveLength(0)
  s.calls.length = 0
  s.add(1)
  s.advance(0)
  expect(s.calls).toHaveLength(1)
  expect(s.view.total).toBe('13')
  expect(s.shownHearts()).toHaveLength(1)
})

test('a full room (15 people liking every second for 10 s): at most 2 setData a second, the total exact, a few hearts each', () => {
  const s = setup()
  s.calls.length = 0
  for (let i = 0; i < 150; i++) {
    s.add(3)
    s.advance(1000 / 15)
  }
  s.advance(1000)
  expect(s.view.total).toBe(String(3 * 150))
  expect(s.calls.length).toBeLessThanOrEqual(2 * 11)
  for (let i = 1; i < s.calls.length; i++) expect(s.calls[i].at - s.calls[i - 1].at).toBeGreaterThanOrEqual(500)
  // each setData is small: the total and at most 4 hearts, by path
  for (const { data } of s.calls) {
    expect(Object.keys(data).filter((k) => k.startsWith('hearts[')).length).toBeLessThanOrEqual(4)
    expect(Buffer.byteLength(JSON.stringify(data))).toBeLessThan(400)
  }
  expect(s.shownHearts().length).toBeLessThanOrEqual(8)
})

test('every new heart has a new key (a new node, so its animation starts), slots go round', () => {
  const s = setup()
  const keys = new Set<number>()
  for (let i = 0; i < 12; i++) {
    s.add(4)
    s.advance(500)
    for (const h of s.shownHearts()) keys.add(h.key)
  }
  expect(keys.size).toBe(48)
  expect(s.view.hearts).toHaveLength(8)
})

test('a lower total (another room, or none) starts over without hearts; nothing after dispose', () => {
  const s = setup()
  s.add(5)
  s.advance(500)
  expect(s.shownHearts().length).toBeGreaterThan(0)
  s.set(0)
  s.advance(500)
  expect(s.view.total).toBe('0')
  expect(s.shownHearts()).toHaveLength(0)
  s.sync.dispose()
  s.calls.length = 0
  s.add(2)
  s.advance(1000)
  expect(s.calls).toHaveLength(0)
  expect(s.pending()).toBe(0)
})

test('counts read the Chinese way', () => {
  const s = setup(12_345)
  expect(s.view.total).toBe('1.2万')
})
