/**
 * Mirrors a long, growing store list (chat messages) into a view's data without resending it.
 *
 * Why: setData serialises everything it is given and ships it to the render thread. Binding a
 * 500-message array through store bindings would resend all of it for every new message. Here
 * only the new items go out, by path (`messages[57]`), and the view holds a window of the most
 * recent items; the window is trimmed in batches so the one full setData a trim costs is shared by
 * many messages. Bursts are coalesced: at most one flush per `flushMs`. An item replaced in place
 * (a new object with the same id, e.g. my message marked blocked) goes out by its path too.
 */
import { reaction } from 'mobx-miniprogram'
import { systemSchedule, type Cancel, type Schedule } from '../core/timers'

export interface SetDataTarget {
  setData(data: Record<string, unknown>): void
}

/** Injected so tests can drive time; defaults to the real clock and timers (core/timers.ts). */
export interface ListSyncClock {
  now(): number
  schedule: Schedule
}

export interface ListSyncOptions<T, V> {
  target: SetDataTarget
  /** the data key the view renders, e.g. 'messages' */
  key: string
  /** reads the store list (tracked by MobX); oldest first */
  read: () => readonly T[]
  idOf: (item: T) => string
  /** `previous`: the item rendered just before it (undefined for the first one shown) */
  toView: (item: T, previous: T | undefined) => V
  /** extra data sent in the same setData, e.g. the scroll anchor */
  extra?: (lastId: string | null) => Record<string, unknown>
  /** how many recent items the view keeps (default 100) */
  windowSize?: number
  /** how far past the window the view may grow before one trim (default 50) */
  trimBatch?: number
  /** minimum time between two flushes (default 125 ms: at most 8 a second, leaving the page's
   *  other updates room under the 10 setData a second a full room may cost) */
  flushMs?: number
  clock?: ListSyncClock
}

export interface ListSync {
  /** renders pending changes now */
  flush(): void
  /** shows every item older than the oldest rendered one (after history was loaded) */
  revealOlder(): number
  /** ids currently rendered, oldest first (for tests and scroll anchors) */
  renderedIds(): readonly string[]
  dispose(): void
}

const systemClock: ListSyncClock = { now: () => Date.now(), schedule: systemSchedule }

export function createListSync<T, V>(options: ListSyncOptions<T, V>): ListSync {
  const { target, key, read, idOf, toView } = options
  const trimBatch = options.trimBatch ?? 50
  const flushMs = options.flushMs ?? 125
  const clock = options.clock ?? systemClock
  let windowSize = options.windowSize ?? 100
  let ids: string[] = []
  /** the items rendered and their views, parallel to ids: another object at the same place may be a changed item */
  let items: T[] = []
  let views: V[] = []
  let timer: Cancel | null = null
  let lastFlushAt = Number.NEGATIVE_INFINITY
  let disposed = false

  const send = (data: Record<string, unknown>): void => {
    const lastId = ids.length ? ids[ids.length - 1] : null
    target.setData(options.extra ? { ...data, ...options.extra(lastId) } : data)
  }

  const renderAll = (list: readonly T[]): void => {
    const shown = list.slice(Math.max(0, list.length - windowSize))
    ids = shown.map(idOf)
    items = shown.slice()
    views = shown.map((item, i) => toView(item, i ? shown[i - 1] : undefined))
    send({ [key]: views })
  }

  /** Is `ids` the run of `list` ending at index `end`? Then only what follows `end` is new. */
  const isRenderedRunAt = (list: readonly T[], end: number): boolean => {
    const start = end - ids.length + 1
    if (start < 0) return false
    for (let i = 0; i < ids.length; i++) if (idOf(list[start + i]) !== ids[i]) return false
    return true
  }

  const lastIndexOfId = (list: readonly T[], id: string): number => {
    for (let i = list.length - 1; i >= 0; i--) if (idOf(list[i]) === id) return i
    return -1
  }

  const flush = (): void => {
    timer?.()
    timer = null
    if (disposed) return
    lastFlushAt = clock.now()
    const list = read()
    if (!ids.length) {
      if (list.length) renderAll(list)
      return
    }
    const end = lastIndexOfId(list, ids[ids.length - 1])
    // anything but a pure append (another room, an insert, a removal): one full render
    if (end < 0 || !isRenderedRunAt(list, end)) {
      renderAll(list)
      return
    }
    const fresh = list.slice(end + 1)
    if (ids.length + fresh.length > windowSize + trimBatch) {
      renderAll(list)
      return
    }
    const data: Record<string, unknown> = {}
    const start = end - ids.length + 1
    items.forEach((shown, i) => {
      const now = list[start + i]
      if (now === shown) return
      items[i] = now
      // a copy with the same content (the store rebuilt its list) costs nothing
      const view = toView(now, i ? list[start + i - 1] : undefined)
      if (JSON.stringify(view) === JSON.stringify(views[i])) return
      views[i] = view
      data[`${key}[${i}]`] = view
    })
    fresh.forEach((item, i) => {
      const view = toView(item, list[end + i])
      views.push(view)
      data[`${key}[${ids.length + i}]`] = view
    })
    if (!Object.keys(data).length) return
    ids = ids.concat(fresh.map(idOf))
    items = items.concat(fresh)
    send(data)
  }

  const schedule = (): void => {
    if (timer !== null || disposed) return
    const wait = Math.max(0, lastFlushAt + flushMs - clock.now())
    timer = clock.schedule(flush, wait)
  }

  // the store replaces its list on every change (an append, a trim, a reset, an item changed in place)
  const dispose = reaction(read, schedule)

  flush()
  if (!ids.length) target.setData({ [key]: [], ...(options.extra ? options.extra(null) : {}) })

  return {
    flush,
    revealOlder() {
      const list = read()
      if (!ids.length) {
        renderAll(list)
        return ids.length
      }
      const first = lastIndexOfId(list, ids[0])
      if (first <= 0) return 0
      windowSize = Math.max(windowSize, list.length)
      const before = ids.length
      renderAll(list)
      return ids.length - before
    },
    renderedIds: () => ids,
    dispose() {
      disposed = true
      dispose()
      timer?.()
      timer = null
    },
  }
}
