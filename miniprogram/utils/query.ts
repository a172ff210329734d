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

/**
 * The room number in a mini-program code's scene: `r=<roomId>` as our server makes it
 * (server/src/routes/qrcode.ts roomScene; at most 32 visible characters), or an older
 * `roomId=<roomId>`. WeChat passes the scene to onLoad encoded: `query.scene` is `r%3D123456`, and
 * decodeURIComponent gives `r=123456` (WeChat's getUnlimited docs). Digits only; null for a scene
 * that is malformed or holds no room, so the page can say the link cannot be read.
 */
export function roomIdFromScene(rawScene: string): string | null {
  let scene = safeDecode(rawScene.trim())
  // encoded once more on the way (a path inside a path): decode again, once
  if (scene !== null && !scene.includes('=') && /%3D/i.test(scene)) scene = safeDecode(scene)
  if (scene === null) return null
  for (const pair of scene.split('&')) {
    const eq = pair.indexOf('=')
    const key = eq < 0 ? '' : pair.slice(0, eq)
    const value = eq < 0 ? '' : pair.slice(eq + 1)
    if ((key === 'r' || key === 'roomId') && /^\d{1,12}$/.test(value)) return value
  }
  return null
}
