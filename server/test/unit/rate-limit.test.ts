import { RATE_RULES, RateLimiter } from '../../src/rate-limit'
import { KeyedMutex } from '../../src/rooms/keyed-mutex'
import { FakeClock } from '../support/harness'

describe('rate limiter', () => {
  test('a burst of `limit`, then one per window/limit', () => {
    const clock = new FakeClock()
    const rl = new RateLimiter(clock, { limit: 3, windowMs: 3000 })
    expect([rl.take('a'), rl.take('a'), rl.take('a')].every((r) => r.ok)).toBe(true)
    const refused = rl.take('a')
    expect(refused).toEqual({ ok: false, retryAfterMs: 1000 })
    expect(rl.take('b').ok).toBe(true) // another key is not affected
    clock.advance(999)
    expect(rl.take('a').ok).toBe(false)
    clock.advance(1)
    expect(rl.take('a').ok).toBe(true)
    expect(rl.take('a').ok).toBe(false)
  })

  test('the contract minimums pass: 20 logins a minute per address, 10 rooms a minute per user', () => {
    const clock = new FakeClock()
    const login = new RateLimiter(clock, RATE_RULES.login)
    const rooms = new RateLimiter(clock, RATE_RULES.createRoom)
    for (let minute = 0; minute < 5; minute++) {
      for (let i = 0; i < 20; i++) expect(login.take('ip').ok).toBe(true)
      for (let i = 0; i < 10; i++) expect(rooms.take('user').ok).toBe(true)
      clock.advance(60_000)
    }
  })

  test('memory stays bounded', () => {
    const clock = new FakeClock()
    const rl = new RateLimiter(clock, { limit: 2, windowMs: 1000 }, 100)
    for (let i = 0; i < 1000; i++) rl.take(`k${i}`)
    expect(rl.size).toBeLessThanOrEqual(100)
  })
})

describe('keyed mutex', () => {
  test('one task at a time per key, keys independent', async () => {
    const m = new KeyedMutex()
    const log: string[] = []
    const task = (name: string, ms: number) => async () => {
      log.push(`${name}+`)
      await new Promise((r) => setTimeout(r, ms))
      log.push(`${name}-`)
    }
    await Promise.all([m.run('r', task('a', 20)), m.run('r', task('b', 1)), m.run('s', task('c', 1))])
    expect(log.indexOf('a-')).toBeLessThan(log.indexOf('b+'))
    expect(log.indexOf('c+')).toBeLessThan(log.indexOf('a-'))
    await expect(m.run('r', async () => Promise.reject(new Error('x')))).rejects.toThrow('x')
    expect(await m.run('r', async () => 7)).toBe(7)
  })
})
