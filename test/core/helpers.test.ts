/** The shared helpers in core/: one timer helper, one listener list, one stale-result guard. */
import { Generation } from '../../miniprogram/core/generation'
import { Listeners } from '../../miniprogram/core/listeners'
import { Serial } from '../../miniprogram/core/serial'
import { backgroundSchedule, Timers, type Schedule } from '../../miniprogram/core/timers'

/** A Schedule the test runs by hand. */
function manual() {
  const pending: { fn: () => void; ms: number; cancelled: boolean }[] = []
  const schedule: Schedule = (fn, ms) => {
    const t = { fn, ms, cancelled: false }
    pending.push(t)
    return () => void (t.cancelled = true)
  }
  const runAll = () => pending.splice(0).forEach((t) => !t.cancelled && t.fn())
  return { schedule, pending, runAll }
}

describe('Timers', () => {
  it('counts what is pending; a timer that ran or was cancelled is gone, cancelling twice is harmless', () => {
    const m = manual()
    const timers = new Timers(m.schedule)
    const ran: string[] = []
    const cancelA = timers.after(10, () => ran.push('a'))
    timers.after(20, () => ran.push('b'))
    expect(timers.count).toBe(2)
    cancelA()
    cancelA()
    expect(timers.count).toBe(1)
    m.runAll()
    expect(ran).toEqual(['b'])
    expect(timers.count).toBe(0)
  })

  it('clear() cancels everything and new timers still start; close() refuses new ones', () => {
    const m = manual()
    const timers = new Timers(m.schedule)
    const ran: number[] = []
    timers.after(1, () => ran.push(1))
    timers.clear()
    timers.after(2, () => ran.push(2))
    expect(timers.count).toBe(1)
    timers.close()
    timers.after(3, () => ran.push(3))
    expect(timers.count).toBe(0)
    expect(timers.closed).toBe(true)
    m.runAll()
    expect(ran).toEqual([])
  })

  it('never runs a task synchronously, even for 0 ms (real timers)', async () => {
    const timers = new Timers()
    let ran = false
    timers.after(0, () => (ran = true))
    expect(ran).toBe(false)
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(ran).toBe(true)
  })

  it('backgroundSchedule: its timers run and cancel like any, but do not keep Node alive (unref)', async () => {
    const unref = jest.spyOn(Object.getPrototypeOf(setTimeout(() => undefined, 0)) as { unref(): unknown }, 'unref')
    try {
      const timers = new Timers(backgroundSchedule)
      const ran: string[] = []
      timers.after(0, () => ran.push('kept'))
      const cancel = timers.after(0, () => ran.push('cancelled'))
      cancel()
      expect(unref).toHaveBeenCalledTimes(2)
      await new Promise((resolve) => setTimeout(resolve, 5))
      expect(ran).toEqual(['kept'])
      expect(timers.count).toBe(0)
    } finally {
      unref.mockRestore()
    }
  })
})

describe('Listeners', () => {
  it('the same function subscribed twice is two subscriptions; unsubscribing twice is harmless', () => {
    const counter = { live: 0 }
    const list = new Listeners<number>({ counter })
    const seen: number[] = []
    const f = (n: number) => seen.push(n)
    const off1 = list.on(f)
    const off2 = list.on(f)
    expect(counter.live).toBe(2)
    list.emit(1)
    off1()
    off1()
    list.emit(2)
    off2()
    expect(seen).toEqual([1, 1, 2])
    expect(counter.live).toBe(0)
    expect(list.size).toBe(0)
  })

  it('every listener gets the value even if one throws; the first error is thrown after, or reported', () => {
    const seen: string[] = []
    const list = new Listeners<string>()
    list.on(() => {
      throw new Error('first')
    })
    list.on(() => {
      throw new Error('second')
    })
    list.on((v) => seen.push(v))
    expect(() => list.emit('x')).toThrow('first')
    expect(seen).toEqual(['x'])

    const reported: unknown[] = []
    const quiet = new Listeners<string>({ onError: (e) => reported.push(e) })
    quiet.on(() => {
      throw new Error('boom')
    })
    expect(() => quiet.emit('y')).not.toThrow()
    expect(reported).toEqual([new Error('boom')])
  })

  it('a listener added while emitting waits for the next value', () => {
    const list = new Listeners<number>()
    const late: number[] = []
    list.on(() => void list.on((n) => late.push(n)))
    list.emit(1)
    expect(late).toEqual([])
    list.emit(2)
    expect(late).toEqual([2])
  })
})

describe('Generation', () => {
  it('a token is current until the next generation starts', () => {
    const gen = new Generation()
    const first = gen.next()
    expect(gen.isCurrent(first)).toBe(true)
    expect(gen.current).toBe(first)
    const second = gen.next()
    expect(gen.isCurrent(first)).toBe(false)
    expect(gen.isCurrent(second)).toBe(true)
  })
})

describe('Serial', () => {
  it('starts each task once the ones before it settled, in order, whether they resolved or rejected', async () => {
    const serial = new Serial()
    const log: string[] = []
    let releaseFirst: () => void = () => undefined
    const first = serial.run(
      () =>
        new Promise<string>((resolve) => {
          log.push('first starts')
          releaseFirst = () => resolve('one')
        }),
    )
    const second = serial.run(async () => {
      log.push('second starts')
      throw new Error('two')
    })
    const third = serial.run(async () => {
      log.push('third starts')
      return 'three'
    })
    await Promise.resolve()
    await Promise.resolve()
    expect(log).toEqual(['first starts'])
    expect(serial.pending).toBe(3)
    releaseFirst()
    await expect(first).resolves.toBe('one')
    await expect(second).rejects.toThrow('two')
    await expect(third).resolves.toBe('three')
    expect(log).toEqual(['first starts', 'second starts', 'third starts'])
    expect(serial.pending).toBe(0)
  })
})
