/**
 * Likes in demo rooms, the way the app does them (stores/room/likes.ts): a simulated visitor taps
 * the heart now and then, a few taps per signal; a simulated host keeps its room's total in the
 * likes attribute, written at most once a second, so a late joiner starts from the right number.
 */
import { likeTotalEntry, type RoomEntry } from '../../core/room-protocol'
import type { Range } from './peer-script'

/** How often a visitor's thumb comes back to the heart, and how many taps a signal carries. */
export const LIKE_EVERY_MS: Range = [2500, 7000]
const TAPS_PER_SIGNAL: Range = [1, 5]
/** As the app's host: at most one write a second. */
const WRITE_EVERY_MS = 1000

const ignore = (): undefined => undefined

export class HostLikeTally {
  private total = 0
  private dirty = false
  /** a write is on its way or the second after it has not passed */
  private busy = false

  constructor(
    private readonly write: (entry: RoomEntry) => Promise<void>,
    private readonly after: (ms: number, task: () => void) => void,
  ) {}

  add(count: number): void {
    this.total += count
    this.dirty = true
    if (!this.busy) this.flush()
  }

  private flush(): void {
    this.busy = true
    this.dirty = false
    const done = () =>
      this.after(WRITE_EVERY_MS, () => {
        this.busy = false
        if (this.dirty) this.flush()
      })
    this.write(likeTotalEntry(this.total)).then(done, done)
  }
}

/** While `visiting()`, sends a like signal of a few taps every few seconds. */
export function tapHeartsWhile(
  visiting: () => boolean,
  later: (range: Range, task: () => void) => void,
  random: () => number,
  send: (count: number) => Promise<void>,
): void {
  later(LIKE_EVERY_MS, () => {
    if (!visiting()) return
    const taps = TAPS_PER_SIGNAL[0] + Math.floor(random() * (TAPS_PER_SIGNAL[1] - TAPS_PER_SIGNAL[0] + 1))
    send(taps).catch(ignore)
    tapHeartsWhile(visiting, later, random, send)
  })
}
