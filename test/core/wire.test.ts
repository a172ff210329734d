import type { Profile } from '../../miniprogram/core/types'
import {
  decodeHostClaim,
  decodeLikeTotal,
  decodeMuteList,
  decodeProfile,
  decodeSignal,
  encodeHostClaim,
  encodeLikeTotal,
  encodeMuteList,
  encodeProfile,
  encodeSignal,
  HOST_ONLY_SIGNALS,
  HostClaim,
  MAX_LIKES_PER_SIGNAL,
  MAX_WIRE_CHARS,
  memberKey,
  ROOM_KEYS,
  Signal,
  SignalType,
  WIRE_VERSION,
} from '../../miniprogram/core/wire'

const alice: Profile = { id: 'u-alice', name: '爱丽丝' }
const bob: Profile = { id: 'bob_01', name: 'Bob', avatar: 'https://example.com/b.png' }
// names are 1–20 characters (core/profile.ts, the backend's rule); ids up to RongCloud's 64
const longest: Profile = { id: 'i'.repeat(64), name: '名'.repeat(20), avatar: 'a'.repeat(512) }

const SIGNALS: Signal[] = [
  { type: 'mute', userId: 'u-alice' },
  { type: 'unmute', userId: 'u-alice' },
  { type: 'mute', userId: 'x'.repeat(64) },
  { type: 'room-ended' },
  { type: 'presence', state: 'online', profile: alice },
  { type: 'presence', state: 'offline', profile: bob },
  { type: 'presence', state: 'here', profile: longest },
  { type: 'media-state', micOn: true, cameraOn: true },
  { type: 'media-state', micOn: true, cameraOn: false },
  { type: 'media-state', micOn: false, cameraOn: true },
  { type: 'media-state', micOn: false, cameraOn: false },
  { type: 'host-paused', paused: true },
  { type: 'host-paused', paused: false },
  { type: 'host-paused', paused: true, reason: 'background' },
  { type: 'host-paused', paused: true, reason: 'call' },
  { type: 'like', count: 1 },
  { type: 'like', count: MAX_LIKES_PER_SIGNAL },
]

const ALL_TYPES: SignalType[] = ['mute', 'unmute', 'room-ended', 'presence', 'media-state', 'host-paused', 'like']

const json = (value: unknown): string => JSON.stringify(value)

describe('signal round trips', () => {
  it('covers every signal type', () => {
    expect(new Set(SIGNALS.map((s) => s.type))).toEqual(new Set(ALL_TYPES))
  })

  it.each(SIGNALS.map((s) => [s.type, s] as const))('%s: encode → decode gives it back', (_type, signal) => {
    const wire = encodeSignal(signal)
    expect(typeof wire).toBe('string')
    expect(wire.length).toBeLessThanOrEqual(MAX_WIRE_CHARS)
    expect(JSON.parse(wire).v).toBe(WIRE_VERSION)
    expect(decodeSignal(wire)).toEqual(signal)
  })

  it.each(SIGNALS.map((s) => [s.type, s] as const))('%s: an already parsed object decodes too', (_type, signal) => {
    expect(decodeSignal(JSON.parse(encodeSignal(signal)))).toEqual(signal)
  })

  it('marks exactly the host-only signals (presence is anyone\'s)', () => {
    expect(new Set(HOST_ONLY_SIGNALS)).toEqual(new Set<SignalType>(['mute', 'unmute', 'room-ended', 'media-state', 'host-paused', 'mic-rejected', 'guests']))
  })

  it('drops unknown extra fields instead of passing them on', () => {
    const decoded = decodeSignal(json({ v: 1, type: 'mute', userId: 'a', isAdmin: true, html: '<b>' }))
    expect(decoded).toEqual({ type: 'mute', userId: 'a' })
    expect(Object.keys(decoded ?? {}).sort()).toEqual(['type', 'userId'])
    const presence = decodeSignal(json({ v: 1, type: 'presence', state: 'here', profile: { id: 'a', name: 'n', role: 'host' } }))
    expect(presence).toEqual({ type: 'presence', state: 'here', profile: { id: 'a', name: 'n' } })
  })

  it('trims a profile name and then round-trips the trimmed form', () => {
    const decoded = decodeSignal(json({ v: 1, type: 'presence', state: 'online', profile: { id: 'a', name: '  小明 ' } }))
    expect(decoded).toEqual({ type: 'presence', state: 'online', profile: { id: 'a', name: '小明' } })
    expect(decodeSignal(encodeSignal(decoded as Signal))).toEqual(decoded)
  })
})

describe('profile, host claim and mute list round trips', () => {
  it.each([alice, bob, longest])('profile %p', (profile) => {
    expect(decodeProfile(encodeProfile(profile))).toEqual(profile)
    expect(decodeProfile(JSON.parse(encodeProfile(profile)))).toEqual(profile)
  })

  it('drops an empty avatar', () => {
    expect(encodeProfile({ id: 'a', name: 'n', avatar: '' })).toBe(json({ id: 'a', name: 'n' }))
    expect(decodeProfile(json({ id: 'a', name: 'n', avatar: '' }))).toEqual({ id: 'a', name: 'n' })
  })

  it.each([
    { host: alice, since: 1764115200000 },
    { host: bob, since: 0 },
    { host: longest, since: Number.MAX_SAFE_INTEGER },
  ] as HostClaim[])('host claim %#', (claim) => {
    const wire = encodeHostClaim(claim)
    expect(JSON.parse(wire).v).toBe(WIRE_VERSION)
    expect(decodeHostClaim(wire)).toEqual(claim)
    expect(decodeHostClaim(JSON.parse(wire))).toEqual(claim)
  })

  it.each([[[]], [['a']], [['u-1', 'u-2', 'u-3']], [['x'.repeat(64), 'y']]])('mute list %p', (ids) => {
    expect(decodeMuteList(encodeMuteList(ids))).toEqual(ids)
  })

  it('de-duplicates a mute list both ways, keeping first-seen order', () => {
    expect(encodeMuteList(['b', 'a', 'b'])).toBe(json(['b', 'a']))
    expect(decodeMuteList(json(['b', 'a', 'b', 'a']))).toEqual(['b', 'a'])
  })
})

describe('room keys', () => {
  it('uses only letters, digits and - in keys', () => {
    for (const key of [ROOM_KEYS.host, ROOM_KEYS.muted, ROOM_KEYS.likes, memberKey('u-123')]) expect(key).toMatch(/^[A-Za-z0-9-]+$/)
    expect(memberKey('u-123')).toBe('m-u-123')
    expect(memberKey('u-123').startsWith(ROOM_KEYS.memberPrefix)).toBe(true)
  })
})

// ---- the strict decoder -------------------------------------------------------------------------

function cyclic(): Record<string, unknown> {
  const value: Record<string, unknown> = { v: 1, type: 'room-ended' }
  value.self = value
  return value
}

function throwingGetter(): Record<string, unknown> {
  const value: Record<string, unknown> = { v: 1, type: 'mute' }
  Object.defineProperty(value, 'userId', { enumerable: true, get: () => { throw new Error('getter') } })
  return value
}

const hostileProxy = new Proxy({}, {
  ownKeys: () => { throw new Error('ownKeys') },
  get: () => { throw new Error('get') },
  getOwnPropertyDescriptor: () => { throw new Error('descriptor') },
})

/** Values no decoder may accept; none may throw. */
const GARBAGE: [string, unknown][] = [
  ['null', null],
  ['undefined', undefined],
  ['number', 1],
  ['NaN', NaN],
  ['true', true],
  ['bigint', BigInt(1)],
  ['symbol', Symbol('s')],
  ['function', () => ({ v: 1, type: 'room-ended' })],
  ['empty string', ''],
  ['non-JSON text', 'hello 你好'],
  ['JSON number text', '42'],
  ['JSON null text', 'null'],
  ['JSON string text', '"{\\"v\\":1}"'],
  ['truncated JSON', '{"v":1,"type":"room-en'],
  ['single-quoted JSON', "{'v':1,'type':'room-ended'}"],
  ['empty object', {}],
  ['empty JSON object', '{}'],
  ['Date', new Date(0)],
  ['Map', new Map([['v', 1]])],
  ['cyclic object', cyclic()],
  ['object holding a BigInt', { v: 1, type: 'mute', userId: 'a', n: BigInt(2) }],
  ['object with a throwing getter', throwingGetter()],
  ['object with a throwing toJSON', { toJSON: () => { throw new Error('toJSON') } }],
  ['object whose toJSON gives undefined', { toJSON: () => undefined }],
  ['hostile proxy', hostileProxy],
  ['oversized text', 'x'.repeat(MAX_WIRE_CHARS + 1)],
  ['deeply nested JSON within the size limit', '['.repeat(1000) + ']'.repeat(1000)],
  ['deeply nested JSON over the size limit', '['.repeat(5000) + ']'.repeat(5000)],
]

const enc = (fields: Record<string, unknown>): string => json({ v: 1, ...fields })
const valid = {
  mute: { type: 'mute', userId: 'u1' },
  presence: { type: 'presence', state: 'here', profile: { id: 'u1', name: 'n' } },
  media: { type: 'media-state', micOn: true, cameraOn: false },
  paused: { type: 'host-paused', paused: true, reason: 'call' },
}

/** Padding inside an otherwise valid signal so its text is exactly `length` characters long. */
function paddedTo(length: number): string {
  const base = enc({ type: 'room-ended', pad: '' })
  return enc({ type: 'room-ended', pad: 'p'.repeat(length - base.length) })
}

const SIGNAL_REJECTS: [string, unknown][] = [
  ...GARBAGE,
  // type and version
  ['unknown type', enc({ type: 'kick', userId: 'u1' })],
  // likes: a whole count from 1 to MAX_LIKES_PER_SIGNAL
  ['like count 0', enc({ type: 'like', count: 0 })],
  ['like count negative', enc({ type: 'like', count: -3 })],
  ['like count a fraction', enc({ type: 'like', count: 1.5 })],
  ['like count a string', enc({ type: 'like', count: '3' })],
  ['like count missing', enc({ type: 'like' })],
  ['like count over the cap', enc({ type: 'like', count: MAX_LIKES_PER_SIGNAL + 1 })],
  ['type in another case', enc({ type: 'MUTE', userId: 'u1' })],
  ['type missing', enc({ userId: 'u1' })],
  ['type not a string', enc({ type: 1 })],
  ['type as an inherited name', enc({ type: 'constructor' })],
  ['type as __proto__', enc({ type: '__proto__' })],
  ['version 2', json({ v: 2, type: 'room-ended' })],
  ['version 0', json({ v: 0, type: 'room-ended' })],
  ['version as a string', json({ v: '1', type: 'room-ended' })],
  ['version as true', json({ v: true, type: 'room-ended' })],
  ['version missing', json({ type: 'room-ended' })],
  // missing fields
  ['mute without userId', enc({ type: 'mute' })],
  ['unmute without userId', enc({ type: 'unmute' })],
  ['presence without profile', enc({ type: 'presence', state: 'here' })],
  ['presence without state', enc({ type: 'presence', profile: { id: 'u1', name: 'n' } })],
  ['presence profile without id', enc({ ...valid.presence, profile: { name: 'n' } })],
  ['presence profile without name', enc({ ...valid.presence, profile: { id: 'u1' } })],
  ['media-state without cameraOn', enc({ type: 'media-state', micOn: true })],
  ['media-state without micOn', enc({ type: 'media-state', cameraOn: true })],
  ['host-paused without paused', enc({ type: 'host-paused', reason: 'call' })],
  // wrong field types and values
  ['userId a number', enc({ type: 'mute', userId: 7 })],
  ['userId null', enc({ type: 'mute', userId: null })],
  ['presence unknown state', enc({ ...valid.presence, state: 'away' })],
  ['presence state in another case', enc({ ...valid.presence, state: 'Online' })],
  ['presence profile id a number', enc({ ...valid.presence, profile: { id: 1, name: 'n' } })],
  ['presence profile name a number', enc({ ...valid.presence, profile: { id: 'u1', name: 5 } })],
  ['presence avatar a number', enc({ ...valid.presence, profile: { id: 'u1', name: 'n', avatar: 5 } })],
  ['presence avatar over 512', enc({ ...valid.presence, profile: { id: 'u1', name: 'n', avatar: 'a'.repeat(513) } })],
  ['micOn a string', enc({ ...valid.media, micOn: 'true' })],
  ['micOn 1', enc({ ...valid.media, micOn: 1 })],
  ['cameraOn null', enc({ ...valid.media, cameraOn: null })],
  ['paused a string', enc({ ...valid.paused, paused: 'yes' })],
  ['paused 0', enc({ ...valid.paused, paused: 0 })],
  ['unknown pause reason', enc({ ...valid.paused, reason: 'sleep' })],
  ['pause reason null', enc({ ...valid.paused, reason: null })],
  // extra nesting and arrays instead of objects
  ['userId as an array', enc({ type: 'mute', userId: ['u1'] })],
  ['userId as an object', enc({ type: 'mute', userId: { id: 'u1' } })],
  ['signal wrapped in another object', json({ signal: enc(valid.mute) })],
  ['signal wrapped as an object', json({ v: 1, signal: { type: 'mute', userId: 'u1' } })],
  ['type as an object', enc({ type: { type: 'mute' }, userId: 'u1' })],
  ['profile nested one level deeper', enc({ ...valid.presence, profile: { profile: { id: 'u1', name: 'n' } } })],
  ['profile as an array', enc({ ...valid.presence, profile: [{ id: 'u1', name: 'n' }] })],
  ['micOn as an array', enc({ ...valid.media, micOn: [true] })],
  ['array text', json([{ v: 1, type: 'room-ended' }])],
  ['array object', [{ v: 1, type: 'room-ended' }]],
  ['empty array', []],
  // sizes and ids
  ['text one over the limit', paddedTo(MAX_WIRE_CHARS + 1)],
  ['object over the limit once encoded', { v: 1, type: 'room-ended', pad: 'p'.repeat(MAX_WIRE_CHARS) }],
  ['userId empty', enc({ type: 'mute', userId: '' })],
  ['userId 65 characters', enc({ type: 'mute', userId: 'x'.repeat(65) })],
  ['userId with a space', enc({ type: 'mute', userId: 'u 1' })],
  ['userId with a leading space', enc({ type: 'mute', userId: ' u1' })],
  ['userId with a trailing newline', enc({ type: 'mute', userId: 'u1\n' })],
  ['userId with a tab', enc({ type: 'mute', userId: 'u\t1' })],
  ['userId with an ideographic space', enc({ type: 'mute', userId: 'u\u30001' })],
  ['userId with a no-break space', enc({ type: 'mute', userId: 'u\u00a01' })],
  ['profile id with a space', enc({ ...valid.presence, profile: { id: 'u 1', name: 'n' } })],
  ['profile id 65 characters', enc({ ...valid.presence, profile: { id: 'x'.repeat(65), name: 'n' } })],
  ['profile name empty', enc({ ...valid.presence, profile: { id: 'u1', name: '' } })],
  ['profile name blank', enc({ ...valid.presence, profile: { id: 'u1', name: ' \n\t ' } })],
  ['profile name 65 characters', enc({ ...valid.presence, profile: { id: 'u1', name: 'n'.repeat(65) } })],
  // __proto__ must not smuggle in fields or versions
  ['userId only under __proto__', '{"v":1,"type":"mute","__proto__":{"userId":"u1"}}'],
  ['version only under __proto__', '{"__proto__":{"v":1},"type":"room-ended"}'],
  ['everything under __proto__', '{"__proto__":{"v":1,"type":"room-ended"}}'],
  ['profile fields under __proto__', '{"v":1,"type":"presence","state":"here","profile":{"__proto__":{"id":"u1","name":"n"}}}'],
  ['fields inherited by an object', Object.create({ v: 1, type: 'room-ended' })],
  ['constructor.prototype trick', '{"v":1,"type":"mute","constructor":{"prototype":{"userId":"u1"}}}'],
]

describe('decodeSignal is strict', () => {
  it.each(SIGNAL_REJECTS)('%s → null, no throw', (_label, input) => {
    let result: unknown = 'not called'
    expect(() => { result = decodeSignal(input) }).not.toThrow()
    expect(result).toBeNull()
  })

  it('accepts a text of exactly the size limit and the smallest valid ids and names', () => {
    const atLimit = paddedTo(MAX_WIRE_CHARS)
    expect(atLimit).toHaveLength(MAX_WIRE_CHARS)
    expect(decodeSignal(atLimit)).toEqual({ type: 'room-ended' })
    expect(decodeSignal(enc({ type: 'mute', userId: 'x' }))).toEqual({ type: 'mute', userId: 'x' })
    expect(decodeSignal(enc({ ...valid.presence, profile: { id: 'x', name: 'n'.repeat(20) } }))).toEqual({
      ...valid.presence,
      profile: { id: 'x', name: 'n'.repeat(20) },
    })
  })

  it('leaves Object.prototype alone after __proto__ inputs', () => {
    for (const [, input] of SIGNAL_REJECTS) decodeSignal(input)
    decodeSignal('{"v":1,"type":"room-ended","__proto__":{"polluted":true}}')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(({} as Record<string, unknown>).userId).toBeUndefined()
  })
})

describe('decodeProfile is strict', () => {
  it.each<[string, unknown]>([
    ...GARBAGE,
    ['array', [{ id: 'u1', name: 'n' }]],
    ['array text', json([{ id: 'u1', name: 'n' }])],
    ['id missing', json({ name: 'n' })],
    ['name missing', json({ id: 'u1' })],
    ['id a number', json({ id: 1, name: 'n' })],
    ['id empty', json({ id: '', name: 'n' })],
    ['id with a space', json({ id: 'a b', name: 'n' })],
    ['id 65 characters', json({ id: 'x'.repeat(65), name: 'n' })],
    ['name empty', json({ id: 'u1', name: '' })],
    ['name blank', json({ id: 'u1', name: '   ' })],
    ['name 65 characters', json({ id: 'u1', name: '名'.repeat(65) })],
    ['name 21 characters', json({ id: 'u1', name: '名'.repeat(21) })],
    ['name 21 emoji', json({ id: 'u1', name: '😀'.repeat(21) })],
    ['name only zero-width and bidi characters', json({ id: 'u1', name: '\u200B\u200D\u202E\uFEFF' })],
    ['id with a non-ASCII character', json({ id: 'u用户', name: 'n' })],
    ['id with a control character', json({ id: 'u\u0000', name: 'n' })],
    ['name an object', json({ id: 'u1', name: { first: 'n' } })],
    ['avatar null', json({ id: 'u1', name: 'n', avatar: null })],
    ['avatar 513 characters', json({ id: 'u1', name: 'n', avatar: 'a'.repeat(513) })],
    ['fields under __proto__', '{"__proto__":{"id":"u1","name":"n"}}'],
    ['oversized text', json({ id: 'u1', name: 'n', pad: 'p'.repeat(MAX_WIRE_CHARS) })],
  ])('%s → null, no throw', (_label, input) => {
    let result: unknown = 'not called'
    expect(() => { result = decodeProfile(input) }).not.toThrow()
    expect(result).toBeNull()
  })

  it('accepts the edges: 64-character id, 20-character name, 512-character avatar', () => {
    expect(decodeProfile(json(longest))).toEqual(longest)
    expect(decodeProfile(json({ id: 'u1', name: '😀'.repeat(20) }))).toEqual({ id: 'u1', name: '😀'.repeat(20) })
  })

  // issue 10 item 25: names arrive with the same rule as the backend's: invisible characters go,
  // then 1–20 characters must remain
  it('strips bidi, zero-width and control characters from a name; a joiner stays inside an emoji', () => {
    expect(decodeProfile(json({ id: 'u1', name: '\u202E小明\u200B\u2066' }))).toEqual({ id: 'u1', name: '小明' })
    expect(decodeProfile(json({ id: 'u1', name: 'a\u200Db\u0007' }))).toEqual({ id: 'u1', name: 'ab' })
    expect(decodeProfile(json({ id: 'u1', name: '👨\u200D👩\u200D👧' }))).toEqual({ id: 'u1', name: '👨\u200D👩\u200D👧' })
    expect(decodeProfile(json({ id: 'u1', name: `${'名'.repeat(20)}\u200B\u200B` }))).toEqual({ id: 'u1', name: '名'.repeat(20) })
  })

  it('accepts ids RongCloud allows beyond the backend\'s alphabet (| and :)', () => {
    expect(decodeProfile(json({ id: 'a|b:c+=', name: 'n' }))).toEqual({ id: 'a|b:c+=', name: 'n' })
  })
})

describe('decodeHostClaim is strict', () => {
  const claim = (fields: Record<string, unknown>): string => json({ v: 1, host: { id: 'h1', name: '主播' }, since: 1, ...fields })

  it('accepts the base case the table mutates', () => {
    expect(decodeHostClaim(claim({}))).toEqual({ host: { id: 'h1', name: '主播' }, since: 1 })
  })

  it.each<[string, unknown]>([
    ...GARBAGE,
    ['version 2', claim({ v: 2 })],
    ['version missing', json({ host: { id: 'h1', name: 'n' }, since: 1 })],
    ['host missing', claim({ host: undefined })],
    ['host null', claim({ host: null })],
    ['host an array', claim({ host: [{ id: 'h1', name: 'n' }] })],
    ['host id with a space', claim({ host: { id: 'h 1', name: 'n' } })],
    ['host name empty', claim({ host: { id: 'h1', name: '' } })],
    ['since missing', claim({ since: undefined })],
    ['since a string', claim({ since: '1' })],
    ['since null', claim({ since: null })],
    ['since infinite', claim({}).replace('"since":1', '"since":1e999')],
    ['array text', json([{ v: 1, host: { id: 'h1', name: 'n' }, since: 1 }])],
    ['host under __proto__', '{"v":1,"since":1,"__proto__":{"host":{"id":"h1","name":"n"}}}'],
  ])('%s → null, no throw', (_label, input) => {
    let result: unknown = 'not called'
    expect(() => { result = decodeHostClaim(input) }).not.toThrow()
    expect(result).toBeNull()
  })
})

describe('host claim titles and like totals', () => {
  const claim = (fields: Record<string, unknown>): string => json({ v: 1, host: { id: 'h1', name: '主播' }, since: 1, ...fields })

  it('a title round-trips; a malformed one is dropped and the claim still counts', () => {
    const titled: HostClaim = { host: { id: 'h1', name: '主播' }, since: 1, title: '今晚聊聊天' }
    expect(decodeHostClaim(encodeHostClaim(titled))).toEqual(titled)
    expect(decodeHostClaim(encodeHostClaim({ ...titled, title: '  今晚聊聊天  ' }))).toEqual(titled)
    expect(decodeHostClaim(claim({ title: '字'.repeat(30) }))?.title).toBe('字'.repeat(30))
    for (const title of ['字'.repeat(31), '', '   ', 7, null, { t: 'x' }]) {
      expect(decodeHostClaim(claim({ title }))).toEqual({ host: { id: 'h1', name: '主播' }, since: 1 })
    }
  })

  it('the like total round-trips; anything but a whole number from 0 is null', () => {
    for (const total of [0, 1, 123456, Number.MAX_SAFE_INTEGER]) expect(decodeLikeTotal(encodeLikeTotal(total))).toBe(total)
    for (const [, bad] of GARBAGE) expect(decodeLikeTotal(bad)).toBeNull()
    for (const total of [-1, 1.5, '3', null, Number.MAX_SAFE_INTEGER + 2]) expect(decodeLikeTotal(json({ v: 1, total }))).toBeNull()
    expect(decodeLikeTotal(json({ v: 2, total: 3 }))).toBeNull()
  })
})

describe('decodeMuteList is strict', () => {
  it.each<[string, unknown]>([
    // nested arrays within the size limit are a list whose one element is no id: see below
    ...GARBAGE.filter(([label]) => label !== 'deeply nested JSON within the size limit'),
    ['an array, not text', ['u1']],
    ['an object', json({ 0: 'u1' })],
    ['a string', json('u1')],
    ['oversized text', json(Array.from({ length: 400 }, (_, i) => `user-${i}`))],
  ])('%s → null, no throw', (_label, input) => {
    let result: unknown = 'not called'
    expect(() => { result = decodeMuteList(input) }).not.toThrow()
    expect(result).toBeNull()
  })

  it('accepts an empty list', () => {
    expect(decodeMuteList('[]')).toEqual([])
  })

  // issue 10 item 16: one bad id used to make the whole list unreadable, so everyone was unmuted.
  // A bad id can never be a sender's (senders' ids are valid), so dropping it loses nothing.
  it.each<[string, unknown]>([
    ['a number', 2],
    ['null', null],
    ['an empty id', ''],
    ['an id with a space', 'u 1'],
    ['an id of 65 characters', 'x'.repeat(65)],
    ['a non-ASCII id', '用户'],
    ['a nested array', ['u1']],
    ['an object', { id: 'u1' }],
  ])('an element that is %s is dropped; the valid ids stay, no throw', (_label, bad) => {
    let result: unknown = 'not called'
    expect(() => { result = decodeMuteList(json(['u1', bad, 'u2'])) }).not.toThrow()
    expect(result).toEqual(['u1', 'u2'])
    expect(decodeMuteList(json([bad]))).toEqual([])
  })

  it('a deeply nested array within the size limit is a list without ids', () => {
    expect(decodeMuteList('['.repeat(1000) + ']'.repeat(1000))).toEqual([])
  })
})
