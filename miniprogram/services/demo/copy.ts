/**
 * What crosses the demo network is copied, as a real network serialises it: a client that changes
 * a message it received must not change the server's history or another client's copy.
 * Plain objects and arrays are copied deeply; anything else (errors, functions) passes as is.
 */
export function copy<T>(value: T): T {
  return copyValue(value) as T
}

function copyValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyValue)
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) out[key] = copyValue(item)
    return out
  }
  return value
}
