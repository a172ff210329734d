/**
 * Reads a room number out of whatever a QR code held: our share path
 * ('/pages/room/room?roomId=123456' or a mini-program code's scene 'roomId=123456'), a URL with a
 * roomId parameter, or the bare number. Returns the candidate string for the store to validate
 * (the store decides what a valid number is), or null when nothing room-like is in it.
 */
import { safeDecode } from './query'

export function roomNumberFromScan(scanned: { result?: string; path?: string }): string | null {
  for (const source of [scanned.path, scanned.result]) {
    if (!source) continue
    // a malformed escape: read it as it is
    const text = safeDecode(source.trim()) ?? source.trim()
    const param = /(?:^|[?&#]|scene=)roomId=([^&#\s]*)/.exec(text)
    if (param) return param[1]
    if (/^\S+$/.test(text) && !/[/?=:]/.test(text)) return text
  }
  return null
}
