/**
 * WeChat's text security check (msgSecCheck v2) with a per-instance verdict cache.
 *
 * Verdicts are cached by scene and SHA-256 of the text (a bounded LRU, never the text itself), so a
 * name that appears on every chat message or a greeting sent a thousand times costs WeChat one
 * call. The verdict of msgSecCheck v2 may also weigh the author (it takes the openid); the cache
 * deliberately ignores that: the same words get the same answer from this server.
 *
 * Two ways to ask:
 * - `check` waits for WeChat (bounded by the upstream timeout) and throws when it cannot answer:
 *   for nicknames and titles, which fail closed (the route answers 502 NETWORK);
 * - `checkWithin` never throws and never waits longer than a budget: for RongCloud's message
 *   callback, which must answer inside RongCloud's 3 s. A call that is still running when the
 *   budget is spent goes on, and its verdict lands in the cache for the next message.
 */
import { createHash } from 'node:crypto'
import type { Clock } from '../clock'
import type { Trace } from '../upstream/http'
import type { Scene, Suggest, WeChatClient } from '../upstream/wechat'
import { Lru } from './lru'

/** WeChat's limit for `content` */
export const MAX_CHECK_CHARS = 2500

export type Outcome =
  | { kind: 'verdict'; suggest: Suggest; label: number; cached: boolean }
  | { kind: 'timeout' }
  | { kind: 'error'; error: unknown }

export interface TextCheckerOptions {
  maxEntries?: number
  ttlMs?: number
}

export class TextChecker {
  private readonly cache: Lru<{ suggest: Suggest; label: number }>
  private readonly inFlight = new Map<string, Promise<{ suggest: Suggest; label: number }>>()
  /** upstream calls made (tests and logs read it) */
  calls = 0

  constructor(
    private readonly wechat: WeChatClient,
    clock: Clock,
    options: TextCheckerOptions = {},
  ) {
    this.cache = new Lru(clock, options.maxEntries ?? 10_000, options.ttlMs ?? 24 * 3600_000)
  }

  static key(scene: Scene, text: string): string {
    return `${scene}:${createHash('sha256').update(text, 'utf8').digest('base64url')}`
  }

  /** The verdict, from the cache or from WeChat; throws when WeChat fails or does not answer. */
  async check(openid: string, scene: Scene, text: string, trace?: Trace): Promise<{ suggest: Suggest; label: number; cached: boolean }> {
    const content = text.slice(0, MAX_CHECK_CHARS)
    const key = TextChecker.key(scene, content)
    const hit = this.cache.get(key)
    if (hit) return { ...hit, cached: true }
    let pending = this.inFlight.get(key)
    if (!pending) {
      this.calls++
      pending = this.wechat
        .msgSecCheck(openid, scene, content, trace)
        .then((v) => {
          const verdict = { suggest: v.suggest, label: v.label }
          this.cache.set(key, verdict)
          return verdict
        })
        .finally(() => this.inFlight.delete(key))
      this.inFlight.set(key, pending)
    }
    return { ...(await pending), cached: false }
  }

  /** The verdict if it comes within `budgetMs`; otherwise timeout (the call goes on and fills the cache). */
  async checkWithin(openid: string, scene: Scene, text: string, budgetMs: number, trace?: Trace): Promise<Outcome> {
    const work = this.check(openid, scene, text, trace).then(
      (v): Outcome => ({ kind: 'verdict', ...v }),
      (error: unknown): Outcome => ({ kind: 'error', error }),
    )
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<Outcome>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'timeout' }), Math.max(0, budgetMs))
    })
    try {
      return await Promise.race([work, late])
    } finally {
      clearTimeout(timer)
    }
  }

  get cacheSize(): number {
    return this.cache.size
  }
}
