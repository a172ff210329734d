import { AppError } from './errors'

/** Six ASCII digits, the first 1-9. Nothing else: no spaces, no full-width digits. */
const ROOM_NUMBER = /^[1-9][0-9]{5}$/

export function isRoomNumber(value: unknown): value is string {
  return typeof value === 'string' && ROOM_NUMBER.test(value)
}

/** Returns the room number unchanged, or throws INVALID_ROOM_NUMBER. */
export function parseRoomNumber(input: unknown): string {
  if (!isRoomNumber(input)) throw new AppError('INVALID_ROOM_NUMBER')
  return input
}

/** A uniformly random room number; `random` returns [0, 1) like Math.random. */
export function generateRoomNumber(random: () => number = Math.random): string {
  const r = random()
  // a broken source (NaN, out of range) must still give a valid number
  const n = 100000 + Math.floor((Number.isFinite(r) ? r : 0) * 900000)
  return String(Math.min(Math.max(n, 100000), 999999))
}
