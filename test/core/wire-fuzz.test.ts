import type { Profile } from '../../miniprogram/core/types'
import { decodeSignal, encodeSignal, Signal } from '../../miniprogram/core/wire'
import { picker, seededRandom } from './seeded-random'

/**
 * Property: whatever arrives, decodeSignal never throws, and what it returns is either null or a
 * signal that survives encode → decode unchanged. Inputs are replayable (fixed seed).
 */
const SEED = 0x5eed_2026
const RUNS = 10_000

const random = seededRandom(SEED)
const { int, pick, chance } = picker(random)

const FIELD_NAMES = ['v', 'type', 'userId', 'state', 'profile', 'id', 'name', 'avatar', 'micOn', 'cameraOn', 'paused', 'reason', '__proto__', 'constructor', 'toString', '']
const TYPES = ['mute', 'unmute', 'room-ended', 'presence', 'media-state', 'host-paused', 'MUTE', 'kick', '']
const CHARS = ['a', 'Z', '0', '-', '_', ' ', '\t', '\n', '\u3000', '"', '\\', '{', '}', '[', ']', ':', ',', '字', '😀', '\ud800', '\udc00', '\u0000', '\u2028']

function randomString(maxLength: number): string {
  let s = ''
  const length = int(0, maxLength)
  for (let i = 0; i < length; i++) s += pick(CHARS)
  return s
}

function randomId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_'
  let s = ''
  for (let i = int(1, 64); i > 0; i--) s += alphabet[int(0, alphabet.length - 1)]
  return s
}

function randomProfile(): Profile {
  let name = ''
  for (let i = int(1, 20); i > 0; i--) name += pick(['名', 'a', 'B', '字', '7']) // core/profile.ts MAX_NAME_CHARS
  const profile: Profile = { id: randomId(), name }
  if (chance(0.5)) profile.avatar = `https://example.com/${randomId()}.png`
  return profile
}

function randomValidSignal(): Signal {
  switch (int(0, 5)) {
    case 0: return { type: 'mute', userId: randomId() }
    case 1: return { type: 'unmute', userId: randomId() }
    case 2: return { type: 'room-ended' }
    case 3: return { type: 'presence', state: pick(['online', 'offline', 'here'] as const), profile: randomProfile() }
    case 4: return { type: 'media-state', micOn: chance(0.5), cameraOn: chance(0.5) }
    default: {
      const paused = chance(0.5)
      return chance(0.5) ? { type: 'host-paused', paused } : { type: 'host-paused', paused, reason: pick(['background', 'call'] as const) }
    }
  }
}

function randomJsonish(depth: number): unknown {
  const kind = int(0, depth > 0 ? 9 : 6)
  switch (kind) {
    case 0: return null
    case 1: return chance(0.5)
    case 2: return pick([0, 1, -1, 2, 1.5, NaN, Infinity, -0, 1e308, Number.MAX_SAFE_INTEGER + 2])
    case 3: return randomString(12)
    case 4: return pick(TYPES)
    case 5: return randomId()
    case 6: return undefined
    case 7:
    case 8: {
      const object: Record<string, unknown> = {}
      for (let i = int(0, 5); i > 0; i--) object[pick(FIELD_NAMES)] = randomJsonish(depth - 1)
      if (chance(0.5)) object.v = pick([1, 1, 1, 2, '1'])
      if (chance(0.5)) object.type = pick(TYPES)
      return object
    }
    default: return Array.from({ length: int(0, 4) }, () => randomJsonish(depth - 1))
  }
}

/** Breaks a valid encoding in one of several ways; some breakages leave it valid, which is fine. */
function mutate(signal: Signal): unknown {
  const text = encodeSignal(signal)
  const object = JSON.parse(text) as Record<string, unknown>
  const keys = Object.keys(object)
  switch (int(0, 7)) {
    case 0: return text.slice(0, int(0, text.length - 1)) // truncated
    case 1: { // a field deleted
      delete object[pick(keys)]
      return chance(0.5) ? JSON.stringify(object) : object
    }
    case 2: { // a field's type swapped
      object[pick(keys)] = randomJsonish(1)
      return chance(0.5) ? JSON.stringify(object) : object
    }
    case 3: { // characters flipped
      const chars = text.split('')
      for (let i = int(1, 3); i > 0; i--) chars[int(0, chars.length - 1)] = pick(CHARS)
      return chars.join('')
    }
    case 4: { // characters inserted
      const at = int(0, text.length)
      return text.slice(0, at) + randomString(4) + text.slice(at)
    }
    case 5: { // nested profile field broken
      const profile = object.profile
      if (profile && typeof profile === 'object') (profile as Record<string, unknown>)[pick(['id', 'name', 'avatar'])] = randomJsonish(1)
      else object[pick(FIELD_NAMES)] = randomJsonish(2)
      return JSON.stringify(object)
    }
    case 6: // whole thing wrapped or repeated
      return pick([`[${text}]`, `${text}${text}`, JSON.stringify(text), `{"signal":${text}}`])
    default: return text // left valid: the property must also hold for good input
  }
}

function randomInput(): unknown {
  switch (int(0, 3)) {
    case 0: return randomJsonish(3)
    case 1: return JSON.stringify(randomJsonish(3)) ?? randomString(40)
    case 2: return randomString(60)
    default: return mutate(randomValidSignal())
  }
}

describe('decodeSignal under fuzzing', () => {
  it(`never throws and returns null or a stable signal over ${RUNS} seeded inputs`, () => {
    let accepted = 0
    let rejected = 0
    const acceptedTypes = new Set<string>()
    const failures: string[] = []
    for (let run = 0; run < RUNS; run++) {
      const input = randomInput()
      let decoded: Signal | null
      try {
        decoded = decodeSignal(input)
      } catch (error) {
        // the seed replays it; the input is named so the failing case can be read off the report
        failures.push(`run ${run} threw ${String(error)} on ${String(JSON.stringify(input))}`)
        continue
      }
      if (decoded === null) {
        rejected++
        continue
      }
      accepted++
      acceptedTypes.add(decoded.type)
      const again = decodeSignal(encodeSignal(decoded))
      if (JSON.stringify(again) !== JSON.stringify(decoded)) {
        failures.push(`run ${run}: ${JSON.stringify(decoded)} re-decoded as ${JSON.stringify(again)}`)
      }
    }
    expect(failures).toEqual([])
    expect(accepted + rejected).toBe(RUNS)
    // guard against a vacuous run: both outcomes and every signal type must occur
    expect(accepted).toBeGreaterThan(RUNS / 20)
    expect(rejected).toBeGreaterThan(RUNS / 2)
    expect(acceptedTypes).toEqual(new Set(['mute', 'unmute', 'room-ended', 'presence', 'media-state', 'host-paused']))
  })

  it('round-trips 2,000 random valid signals exactly', () => {
    for (let i = 0; i < 2000; i++) {
      const signal = randomValidSignal()
      expect(decodeSignal(encodeSignal(signal))).toEqual(signal)
    }
  })
})
