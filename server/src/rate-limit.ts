/**
 * Per-key token buckets in this instance's memory: `limit` actions per `windowMs`, refilled
 * continuously, so a burst of `limit` is allowed and then one action every windowMs/limit.
 * Several instances behind a load balancer each keep their own buckets (the effective limit is
 * N × limit); that is accepted — the limits are there against abuse, not for billing.
 */
import type { Clock } from './clock'

export interface RateRule {
  limit: number
  windowMs: number
}

export type Take = { ok: true } | { ok: false; retryAfterMs: number }

interface Bucket {
  tokens: number
  at: number
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>()

  constructor(
    private readonly clock: Clock,
    private readonly rule: RateRule,
    /** beyond this many keys, full buckets are forgotten (they hold no information) */
    private readonly maxKeys = 50_000,
  ) {}

  take(key: string): Take {
    const now = this.clock.now()
    const perMs = this.rule.limit / this.rule.windowMs
    const bucket = this.buckets.get(key)
    const tokens = bucket ? Math.min(this.rule.limit, bucket.tokens + (now - bucket.at) * perMs) : this.rule.limit
    if (tokens < 1) {
      if (bucket) {
        bucket.tokens = tokens
        bucket.at = now
      }
      return { ok: false, retryAfterMs: Math.ceil((1 - tokens) / perMs) }
    }
    if (!bucket && this.buckets.size >= this.maxKeys) this.sweep(now, perMs)
    this.buckets.set(key, { tokens: tokens - 1, at: now })
    return { ok: true }
  }

  get size(): number {
    return this.buckets.size
  }

  private sweep(now: number, perMs: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.at) * perMs >= this.rule.limit) this.buckets.delete(key)
    }
    // everyone is mid-burst: drop the oldest half rather than grow without bound
    if (this.buckets.size >= this.maxKeys) {
      let n = Math.floor(this.buckets.size / 2)
      for (const key of this.buckets.keys()) {
        if (n-- <= 0) break
        this.buckets.delete(key)
      }
    }
  }
}

/** The limits of this server (generous for people, tight enough to protect RongCloud's quotas). */
export const RATE_RULES = {
  /** per address: at least 20 logins a minute must pass */
  login: { limit: 30, windowMs: 60_000 },
  /** per user: at least 10 room creations a minute must pass */
  createRoom: { limit: 20, windowMs: 60_000 },
  /** per user: heartbeats come every 30 s */
  heartbeat: { limit: 20, windowMs: 60_000 },
  /** per user: profile, mutes, guests, ending a room */
  write: { limit: 60, windowMs: 60_000 },
  /** per user: reading rooms */
  read: { limit: 120, windowMs: 60_000 },
  /** per user: avatar uploads (each costs a media check) */
  avatar: { limit: 10, windowMs: 60_000 },
} satisfies Record<string, RateRule>
