/**
 * A sliding-window limiter for calls the vendor rate-limits per device, e.g. getChatRoomInfo:
 * "单个设备每秒钟支持调用一次，每分钟单个设备最多调用 20 次". Callers ask before calling and skip
 * (or try later) when refused, rather than burn the quota and get errors back.
 */
import type { Clock } from './clock'
import { systemClock } from './clock'

export interface WindowRule {
  limit: number
  windowMs: number
}

export interface RateLimiter {
  /** true and records the call when every window has room */
  tryAcquire(): boolean
  /** ms until tryAcquire would succeed (0 now) */
  waitTime(): number
}

export const CHATROOM_INFO_RULES: readonly WindowRule[] = [
  { limit: 1, windowMs: 1000 },
  { limit: 20, windowMs: 60_000 },
]

export function createRateLimiter(rules: readonly WindowRule[], clock: Clock = systemClock): RateLimiter {
  const longest = Math.max(...rules.map((r) => r.windowMs))
  const calls: number[] = []

  function waitTime(): number {
    const now = clock.now()
    while (calls.length && calls[0] <= now - longest) calls.shift()
    let wait = 0
    for (const rule of rules) {
      const inWindow = calls.filter((t) => t > now - rule.windowMs)
      if (inWindow.length >= rule.limit) {
        // the call that has to age out before there is room again
        const blocker = inWindow[inWindow.length - rule.limit]
        wait = Math.max(wait, blocker + rule.windowMs - now)
      }
    }
    return wait
  }

  return {
    waitTime,
    tryAcquire() {
      if (waitTime() > 0) return false
      calls.push(clock.now())
      return true
    },
  }
}
