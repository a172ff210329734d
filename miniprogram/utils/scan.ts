/**
 * Reads a room number out of whatever a QR code held: our share path
 * ('/pages/room/room?roomId=123456'), our mini-program code (wx.scanCode's `path` for it:
 * 'pages/room/room?scene=r%3D123456', its scene as utils/query.ts roomIdFromScene reads it), a URL
 * with a roomId parameter, or the bare number. Returns the candidate string for the store to
 * validate (the store decides what a valid number is), or null when nothing room-like is in it.
 */
import { roomIdFromScene, safeDecode } from './query'

export function roomNumberFromScan(scanned: { result?: string; path?: string }): string | null {
  for (const source of [scanned.path, scanned.result]) {
    if (!source) continue
    const raw = source.trim()
    // the scene is read from the raw text: it is encoded once more inside the path
    const scene = /(?:^|[?&#])scene=([^&#\s]*)/.exec(raw)
    const fromScene = scene ? roomIdFromScene(scene[1]) : null
    if (fromScene) return fromScene
    // a malformed escape: read it as it is
    const text = safeDecode(raw) ?? raw
    const param = /(?:^|[?&#]|scene=)roomId=([^&#\s]*)/.exec(text)
    if (param) return param[1]
    if (/^\S+$/.test(text) && !/[/?=:]/.test(text)) return text
  }
  return null
}
