/**
 * A phone's own link on top of the demo network's fixed latency: what the server pushes to this
 * person (room, lobby and private events) arrives up to `maxMs` later, a different delay for each
 * event, in the order it was sent (one connection keeps order; a later event never overtakes an
 * earlier one, it waits behind it). Seeded, so two runs see the same delays.
 */
import type { Services, Unsubscribe } from '../../miniprogram/services/types'

/** mulberry32: a small seeded generator, [0, 1) */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** One ordered link: deliver(fn) runs fn after a random delay, never before what came earlier. */
function orderedLink(maxMs: number, random: () => number) {
  const queue: { due: number; run: () => void }[] = []
  let timer: ReturnType<typeof setTimeout> | null = null
  let lastDue = 0
  const drain = () => {
    timer = null
    const now = performance.now()
    while (queue.length && queue[0].due <= now) queue.shift()!.run()
    arm()
  }
  const arm = () => {
    if (timer || !queue.length) return
    timer = setTimeout(drain, Math.max(0, queue[0].due - performance.now()))
  }
  return {
    deliver(run: () => void) {
      lastDue = Math.max(lastDue, performance.now() + random() * maxMs)
      queue.push({ due: lastDue, run })
      arm()
    },
    close() {
      if (timer) clearTimeout(timer)
      timer = null
      queue.length = 0
    },
  }
}

type Subscribe<T> = (listener: (event: T) => void) => Unsubscribe

export function withDownlinkJitter(services: Services, maxMs: number, random: () => number): Services & { close(): void } {
  const link = orderedLink(maxMs, random)
  const delayed =
    <T>(subscribe: Subscribe<T>): Subscribe<T> =>
    (listener) =>
      subscribe((event) => link.deliver(() => listener(event)))
  const { rts, rtc } = services
  const replaced: Partial<Record<keyof typeof rts, unknown>> = {
    onRoom: delayed(rts.onRoom.bind(rts)),
    onLobby: delayed(rts.onLobby.bind(rts)),
    onPrivate: delayed(rts.onPrivate.bind(rts)),
  }
  // the client may be a class instance: its methods live on the prototype, so no spread
  const jittered = new Proxy(rts, {
    get(target, prop, receiver) {
      if (prop in replaced) return replaced[prop as keyof typeof rts]
      const value: unknown = Reflect.get(target, prop, receiver)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  // the rest (our server and its verifier, when the network hands them out) as they are
  return { ...services, rts: jittered, rtc, close: () => link.close() }
}
