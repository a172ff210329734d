/**
 * Reading a page's query. WeChat hands page queries over as they were written (a share card's
 * path, a QR code's scene), so values are percent-encoded, and a malformed escape (a lone `%`)
 * makes decodeURIComponent throw: in onLoad that left the page blank. Pages decode through here.
 */

/** decodeURIComponent that never throws: a malformed escape gives null. */
export function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text)
  } catch {
    return null
  }
}

/** The query value `name`, decoded: '' when absent, null when present but malformed. */
export function queryValue(query: Record<string, string | undefined> | undefined, name: string): string | null {
  const raw = query?.[name]
  return raw ? safeDecode(raw) : ''
}
