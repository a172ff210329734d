/**
 * What the native live-pusher / live-player tags report, in the app's words: the media components
 * turn each event detail into a NativeMediaEvent and hand it up; the room store reacts to it
 * (stores/room/media-recovery.ts) and passes it to the RTC service for its reports.
 *
 * WeChat sends numbers, but some versions send numeric strings, so codes are read leniently and a
 * detail without a usable code yields null (nothing is forwarded rather than a NaN).
 */

export type NativeMediaEvent =
  | { source: 'pusher'; kind: 'state'; code: number; message?: string }
  | { source: 'pusher'; kind: 'error'; code: number; message?: string }
  | { source: 'pusher'; kind: 'net'; info: Record<string, unknown> }
  | { source: 'player'; streamId: string; kind: 'state'; code: number; message?: string }
  | { source: 'player'; streamId: string; kind: 'net'; info: Record<string, unknown> }

type Detail = Record<string, unknown> | null | undefined

const codeOf = (v: unknown): number | null => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v
  return typeof n === 'number' && Number.isFinite(n) ? n : null
}
const textOf = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined)
const infoOf = (v: unknown): Record<string, unknown> | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? { ...(v as Record<string, unknown>) } : null

/** bindstatechange: { code, message } */
export function pusherState(detail: Detail): NativeMediaEvent | null {
  const code = codeOf(detail?.code)
  return code === null ? null : { source: 'pusher', kind: 'state', code, message: textOf(detail?.message) }
}

/** binderror: { errCode, errMsg } (10001 camera denied, 10002 mic denied, ...) */
export function pusherError(detail: Detail): NativeMediaEvent | null {
  const code = codeOf(detail?.errCode)
  return code === null ? null : { source: 'pusher', kind: 'error', code, message: textOf(detail?.errMsg) }
}

/** bindnetstatus: { info } */
export function pusherNet(detail: Detail): NativeMediaEvent | null {
  const info = infoOf(detail?.info)
  return info ? { source: 'pusher', kind: 'net', info } : null
}

export function playerState(streamId: string, detail: Detail): NativeMediaEvent | null {
  const code = codeOf(detail?.code)
  return code === null ? null : { source: 'player', streamId, kind: 'state', code, message: textOf(detail?.message) }
}

export function playerNet(streamId: string, detail: Detail): NativeMediaEvent | null {
  const info = infoOf(detail?.info)
  return info ? { source: 'player', streamId, kind: 'net', info } : null
}
