import { CHATROOM_INFO_RULES, createRateLimiter } from '../../../miniprogram/services/rongcloud/rate-limiter'
import type { Clock } from '../../../miniprogram/services/rongcloud/clock'

function manualClock(start = 0): Clock & { advance(ms: number): void } {
  let now = start
  return {
    now: () => now,
    schedule: () => () => undefined,
    random: () => 0,
    advance(ms) {
      now += ms
    },
  }
}

test('getChatRoomInfo limiter: at most one call per second', () => {
  const clock = manualClock()
  const limiter = createRateLimiter(CHATROOM_INFO_RULES, clock)
  expect(limiter.tryAcquire()).toBe(true)
  expect(limiter.tryAcquire()).toBe(false)
  expect(limiter.waitTime()).toBe(1000)
  clock.advance(999)
  expect(limiter.tryAcquire()).toBe(false)
  clock.advance(1)
  expect(limiter.tryAcquire()).toBe(true)
})

test('getChatRoomInfo limiter: at most 20 calls per minute', () => {
  const clock = manualClock()
  const limiter = createRateLimiter(CHATROOM_INFO_RULES, clock)
  let granted = 0
  // one attempt every second for a minute: the 21st in that minute is refused
  for (let s = 0; s < 60; s++) {
    if (limiter.tryAcquire()) granted++
    clock.advance(1000)
  }
  expect(granted).toBe(20)
  // the first call was at t=0; at t=60s it has aged out
  expect(limiter.tryAcquire()).toBe(true)
})

test('the per-minute wait names the call that has to age out', () => {
  const clock = manualClock()
  const limiter = createRateLimiter(CHATROOM_INFO_RULES, clock)
  for (let i = 0; i < 20; i++) {
    expect(limiter.tryAcquire()).toBe(true)
    clock.advance(1000)
  }
  expect(limiter.waitTime()).toBe(40_000)
})
