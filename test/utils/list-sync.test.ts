import { observable, runInAction } from 'mobx-miniprogram'
import { createListSync, type ListSyncClock } from '../../miniprogram/utils/list-sync'

interface Item {
  id: string
  text: string
}

/** A clock and timers the test moves by hand. */
function manualTimers() {
  let now = 0
  let next = 1
  const pending = new Map<number, { at: number; fn: () => void }>()
  const timers: ListSyncClock = {
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
  return { timers, advance, pendingCount: () => pending.size }
}

function setup(initial: Item[], options: { windowSize?: number; trimBatch?: number; flushMs?: number } = {}) {
  const state = observable({ items: initial }, { items: observable.ref })
  const calls: Record<string, unknown>[] = []
  const view: Record<string, unknown> = {}
  const target = {
    setData(data: Record<string, unknown>) {
      calls.push(data)
      // apply like WeChat: plain keys replace, `key[i]` paths set one element
      for (const [k, v] of Object.entries(data)) {
        const path = /^(\w+)\[(\d+)\]$/.exec(k)
        if (path) {
          const arr = ((view[path[1]] as unknown[]) ?? []).slice()
          arr[Number(path[2])] = v
          view[path[1]] = arr
        } else view[k] = v
      }
    },
  }
  const t = manualTimers()
  const sync = createListSync({
    target,
    key: 'messages',
    read: () => state.items,
    idOf: (m: Item) => m.id,
    toView: (m: Item) => ({ id: m.id, text: m.text }),
    clock: t.timers,
    // these tests step the clock in 100 ms: one flush per step
    flushMs: 100,
    ...options,
  })
  const push = (...items: Item[]) => runInAction(() => (state.items = [...state.items, ...items]))
  const replace = (items: Item[]) => runInAction(() => (state.items = items))
  const shown = () => ((view.messages as Item[]) ?? []).map((m) => m.id)
  return { state, calls, view, sync, push, replace, shown, ...t }
}

const items = (from: number, count: number, prefix = 'm'): Item[] =>
  Array.from({ length: count }, (_, i) => ({ id: `${prefix}${from + i}`, text: `消息 ${from + i}` }))

const bytes = (data: Record<string, unknown>): number => Buffer.byteLength(JSON.stringify(data))

test('first render: one full setData with the most recent window', () => {
  const s = setup(items(1, 150), { windowSize: 100 })
  expect(s.calls).toHaveLength(1)
  expect(s.shown()).toEqual(items(51, 100).map((m) => m.id))
})

test('an empty list still initialises the view', () => {
  const s = setup([])
  expect(s.calls).toEqual([{ messages: [] }])
})

test('a new message is appended by path, not by resending the list', () => {
  const s = setup(items(1, 10))
  s.push(...items(11, 1))
  expect(s.calls).toHaveLength(1) // not yet: flushes are deferred to coalesce bursts
  s.advance(100)
  expect(s.calls).toHaveLength(2)
  expect(Object.keys(s.calls[1])).toEqual(['messages[10]'])
  expect(s.shown()).toEqual(items(1, 11).map((m) => m.id))
})

test('a burst within one flush interval becomes one setData', () => {
  const s = setup(items(1, 5), { flushMs: 100 })
  for (let i = 6; i <= 25; i++) s.push(...items(i, 1))
  s.advance(100)
  expect(s.calls).toHaveLength(2)
  expect(Object.keys(s.calls[1])).toHaveLength(20)
  expect(s.shown()).toEqual(items(1, 25).map((m) => m.id))
})

test('by default at most 8 flushes a second, so the page keeps room for its other updates', () => {
  const s = setup([], { flushMs: undefined })
  for (let i = 1; i <= 80; i++) {
    s.push(...items(i, 1))
    s.advance(1000 / 80)
  }
  const flushes = s.calls.length - 1
  expect(flushes).toBeLessThanOrEqual(8)
  expect(flushes).toBeGreaterThanOrEqual(7)
  s.advance(125)
  expect(s.shown()).toHaveLength(80)
})

test('at 80 messages per second the view is updated at most 10 times per second', () => {
  const s = setup([], { flushMs: 100 })
  for (let i = 1; i <= 80; i++) {
    s.push(...items(i, 1))
    s.advance(1000 / 80)
  }
  s.advance(100)
  const flushes = s.calls.length - 1
  expect(flushes).toBeLessThanOrEqual(11) // 10 per second, plus the tail flushed after the second
  expect(s.shown()).toHaveLength(80)
})

test('past window + batch the oldest are trimmed in one full setData, then appends resume by path', () => {
  const s = setup(items(1, 100), { windowSize: 100, trimBatch: 50 })
  for (let i = 101; i <= 150; i++) {
    s.push(...items(i, 1))
    s.advance(100)
  }
  // 150 shown: still within window + batch, every flush was by path
  expect(s.shown()).toHaveLength(150)
  expect(s.calls.slice(1).every((c) => Object.keys(c).every((k) => k.startsWith('messages[')))).toBe(true)
  s.push(...items(151, 1))
  s.advance(100)
  const trim = s.calls[s.calls.length - 1]
  expect(Array.isArray(trim.messages)).toBe(true)
  expect(s.shown()).toEqual(items(52, 100).map((m) => m.id))
  s.push(...items(152, 1))
  s.advance(100)
  expect(Object.keys(s.calls[s.calls.length - 1])).toEqual(['messages[100]'])
})

test.each([100, 1000, 5000])('bytes handed to setData per new message stay small and flat with %i messages of history', (history) => {
  const s = setup(items(1, history), { windowSize: 100, trimBatch: 50 })
  const before = s.calls.length
  const count = 200
  for (let i = 1; i <= count; i++) {
    s.push(...items(history + i, 1))
    s.advance(100)
  }
  const sent = s.calls.slice(before).reduce((sum, c) => sum + bytes(c), 0)
  const perMessage = sent / count
  expect(perMessage).toBeLessThanOrEqual(2048)
  // the same per-message cost whatever the history: the window, not the history, is what is sent
  const single = bytes(s.calls[s.calls.length - 1])
  expect(single).toBeLessThan(200)
})

test('a different list (another room) is one full render', () => {
  const s = setup(items(1, 10))
  s.replace(items(1, 3, 'x'))
  s.advance(100)
  expect(s.calls).toHaveLength(2)
  expect(s.shown()).toEqual(['x1', 'x2', 'x3'])
})

test('an insert before the newest (late, older timestamp) re-renders instead of losing it', () => {
  const s = setup(items(1, 3))
  s.replace([items(1, 1)[0], { id: 'late', text: 'late' }, ...items(2, 2)])
  s.advance(100)
  expect(s.shown()).toEqual(['m1', 'late', 'm2', 'm3'])
})

test('the store trimming its oldest (cap) does not resend: only the new message goes out', () => {
  const s = setup(items(1, 50), { windowSize: 20 })
  s.replace([...items(2, 49), ...items(51, 1)])
  s.advance(100)
  expect(Object.keys(s.calls[1])).toEqual(['messages[20]'])
})

test('revealOlder shows older history loaded at the front', () => {
  const s = setup(items(21, 20), { windowSize: 100 })
  s.replace([...items(1, 20), ...s.state.items])
  s.advance(100)
  // the rendered run is still the newest: nothing to send yet
  expect(s.calls).toHaveLength(1)
  expect(s.sync.revealOlder()).toBe(20)
  expect(s.shown()).toEqual(items(1, 40).map((m) => m.id))
})

test('dispose stops updates and clears the pending flush', () => {
  const s = setup(items(1, 2))
  s.push(...items(3, 1))
  s.sync.dispose()
  s.advance(1000)
  s.push(...items(4, 1))
  s.advance(1000)
  expect(s.calls).toHaveLength(1)
  expect(s.pendingCount()).toBe(0)
})

test('an item replaced in place (my message marked blocked) goes out by its path alone; an equal copy costs nothing', () => {
  const s = setup(items(1, 30), { windowSize: 20 })
  const list = s.state.items.slice()
  list[25] = { ...list[25], text: '已拦截' }
  s.replace(list)
  s.advance(100)
  expect(s.calls).toHaveLength(2)
  // m26 is the 16th of the 20 shown (m11 … m30)
  expect(s.calls[1]).toEqual({ 'messages[15]': { id: 'm26', text: '已拦截' } })
  expect((s.view.messages as Item[])[15].text).toBe('已拦截')

  // the same content in new objects (the store rebuilt its list): no setData at all
  s.replace(s.state.items.map((m) => ({ ...m })))
  s.advance(100)
  expect(s.calls).toHaveLength(2)
})
