/**
 * Counts the live MobX reactions of this process: every autorun, reaction(), when() and page or
 * component store binding (mobx-miniprogram-bindings) is a Reaction; one that has run (track) and
 * was never disposed is live. A reaction that a page or a store part forgot to dispose stays
 * counted here, however little memory it holds.
 *
 * How: Reaction.prototype's public track() and dispose() are wrapped (the production build of
 * mobx-miniprogram mangles its internal fields, so its observer lists cannot be read; its public
 * methods keep their names). Install before the stores and pages exist.
 */
import { Reaction } from 'mobx-miniprogram'

interface ReactionLike {
  track(fn: () => void): void
  dispose(): void
}

export function countReactions(): { live(): number; uninstall(): void } {
  const proto = Reaction.prototype as unknown as ReactionLike
  const track = proto.track
  const dispose = proto.dispose
  const live = new Set<ReactionLike>()
  const disposed = new WeakSet<ReactionLike>()
  proto.track = function (this: ReactionLike, fn: () => void) {
    if (!disposed.has(this)) live.add(this)
    return track.call(this, fn)
  }
  proto.dispose = function (this: ReactionLike) {
    disposed.add(this)
    live.delete(this)
    return dispose.call(this)
  }
  return {
    live: () => live.size,
    uninstall: () => {
      proto.track = track
      proto.dispose = dispose
    },
  }
}
