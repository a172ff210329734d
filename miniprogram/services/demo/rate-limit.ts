/**
 * RongCloud refuses messages sent too fast: 20604 SEND_FREQUENCY_TOO_FAST "发送消息频率过高，1 秒钟
 * 最多只允许发送 5 条消息" (@rongcloud/engine index.d.ts L1020-1023). The demo applies one sliding
 * window per sender across room messages, signals and private messages.
 */
export const RATE_LIMIT = { count: 5, windowMs: 1000 } as const

export class RateLimiter {
  private readonly sent = new Map<string, number[]>()

  constructor(
    private readonly now: () => number = () => Date.now(),
    private readonly limit: number = RATE_LIMIT.count,
    private readonly windowMs: number = RATE_LIMIT.windowMs,
  ) {}

  /** Records a send by `key` and returns true, or returns false (recording nothing) when over the limit. */
  take(key: string): boolean {
    const t = this.now()
    const recent = (this.sent.get(key) ?? []).filter((at) => t - at < this.windowMs)
    if (recent.length >= this.limit) {
      this.sent.set(key, recent)
      return false
    }
    recent.push(t)
    this.sent.set(key, recent)
    return true
  }
}
