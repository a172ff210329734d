/**
 * A bounded map that forgets the least recently used entry past `max`, and entries older than
 * `ttlMs`. Per instance, in memory: losing it costs only repeated upstream calls.
 */
import type { Clock } from '../clock'

export class Lru<V> {
  private readonly map = new Map<string, { value: V; at: number }>()

  constructor(
    private readonly clock: Clock,
    readonly max: number,
    private readonly ttlMs: number,
  ) {}

  get(key: string): V | undefined {
    const hit = this.map.get(key)
    if (!hit) return undefined
    if (this.clock.now() - hit.at > this.ttlMs) {
      this.map.delete(key)
      return undefined
    }
    // re-insert: a Map iterates in insertion order, so the first key is the least recently used
    this.map.delete(key)
    this.map.set(key, hit)
    return hit.value
  }

  set(key: string, value: V): void {
    this.map.delete(key)
    this.map.set(key, { value, at: this.clock.now() })
    while (this.map.size > this.max) {
      const oldest = this.map.keys().next().value as string
      this.map.delete(oldest)
    }
  }

  has(key: string): boolean {
    return this.get(key) !== undefined
  }

  get size(): number {
    return this.map.size
  }
}
