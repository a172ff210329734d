import { decodeBase64url, decodeUtf8, encodeBase64url, encodeUtf8 } from '../../miniprogram/core/base64url'
import { hasBigInt } from '../../miniprogram/core/ed25519'
import { ed25519 } from '../../miniprogram/services/demo/ed25519'
import { createDocumentVerifier, MAX_VIEWERS, peekPayload, readPayload, type HostClaimDoc, type MuteListDoc } from '../../miniprogram/core/signed-docs'
import { testSigner } from './doc-signer'

const T0 = Date.UTC(2025, 0, 1, 12)
const host = { id: 'uHost_1', name: '主播小明' }
const claimOf = (roomId = '123456', over: object = {}) => ({ v: 1, kind: 'host', roomId, host, since: T0 - 5000, exp: T0 + 90_000, ...over })

function setup() {
  const signer = testSigner()
  let now = T0
  const verifier = createDocumentVerifier({ publicKey: signer.publicKey, now: () => now, ed25519 })
  return { signer, verifier, setNow: (t: number) => (now = t) }
}

describe('base64url and UTF-8 (no TextEncoder on WeChat)', () => {
  it('round-trips every length and agrees with Node', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff)
      const text = encodeBase64url(bytes)
      expect(text).toBe(Buffer.from(bytes).toString('base64url'))
      expect(decodeBase64url(text)).toEqual(bytes)
    }
  })

  it('refuses what is not canonical base64url', () => {
    expect(decodeBase64url('ab=')).toBeNull() // padding
    expect(decodeBase64url('a+b/')).toBeNull() // base64, not base64url
    expect(decodeBase64url('abcde')).toBeNull() // impossible length
    expect(decodeBase64url('QR')).toBeNull() // non-zero leftover bits ('QQ' is canonical)
    expect(decodeBase64url('QQ')).toEqual(Uint8Array.from([0x41]))
  })

  it('UTF-8 agrees with Node, emoji and Chinese included, and refuses malformed bytes', () => {
    for (const text of ['', 'abc', '主播小明', '👨‍👩‍👧 ok', '\u00e9\u0800\uffff']) {
      expect(Buffer.from(encodeUtf8(text)).toString('utf8')).toBe(text)
      expect(decodeUtf8(Uint8Array.from(Buffer.from(text, 'utf8')))).toBe(text)
    }
    expect(decodeUtf8(Uint8Array.from([0xc0, 0x80]))).toBeNull() // overlong
    expect(decodeUtf8(Uint8Array.from([0xe4, 0xb8]))).toBeNull() // cut short
    expect(decodeUtf8(Uint8Array.from([0xed, 0xa0, 0x80]))).toBeNull() // a surrogate
  })
})

describe('Ed25519 (@noble/ed25519 as built into the services subpackages)', () => {
  it('verifies what node:crypto signed, and signs what node:crypto verifies', () => {
    expect(hasBigInt()).toBe(true)
    const ed = ed25519!
    const signer = testSigner()
    const token = signer.sign({ a: 1 })
    const [body, sig] = token.split('.')
    const key = decodeBase64url(signer.publicKey)!
    expect(ed.verify(decodeBase64url(sig)!, Buffer.from(body, 'ascii'), key)).toBe(true)
    expect(ed.verify(decodeBase64url(sig)!, Buffer.from(body + 'x', 'ascii'), key)).toBe(false)
    const secret = Uint8Array.from({ length: 32 }, (_, i) => i)
    const mine = ed.sign(Uint8Array.from([1, 2, 3]), secret)
    expect(ed.verify(mine, Uint8Array.from([1, 2, 3]), ed.publicKeyOf(secret))).toBe(true)
  })
})

describe('DocumentVerifier', () => {
  it('accepts a host claim signed by the server for this room, and hands back its token', () => {
    const { signer, verifier } = setup()
    const token = signer.sign({ ...claimOf(), title: '第一场' })
    const opened = verifier.hostClaim(token, { roomId: '123456' })
    expect(opened).toEqual({ ok: true, token, doc: { ...claimOf(), title: '第一场' } })
  })

  it('ignores a bad signature, another key, another room, another kind and an expired claim', () => {
    const { signer, verifier, setNow } = setup()
    const good = signer.sign(claimOf())
    const [body, sig] = good.split('.')
    const flipped = `${body}.${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`
    const forgedBody = `${Buffer.from(JSON.stringify(claimOf('123456', { host: { id: 'uMallory', name: 'M' } }))).toString('base64url')}.${sig}`
    expect(verifier.hostClaim(flipped, { roomId: '123456' })).toEqual({ ok: false, reason: 'BAD_SIGNATURE' })
    expect(verifier.hostClaim(forgedBody, { roomId: '123456' })).toEqual({ ok: false, reason: 'BAD_SIGNATURE' })
    expect(verifier.hostClaim(testSigner().sign(claimOf()), { roomId: '123456' })).toEqual({ ok: false, reason: 'BAD_SIGNATURE' })
    expect(verifier.hostClaim(signer.sign(claimOf('654321')), { roomId: '123456' })).toEqual({ ok: false, reason: 'WRONG_ROOM' })
    expect(verifier.hostClaim(signer.sign({ ...claimOf(), kind: 'listing' }), { roomId: '123456' })).toEqual({ ok: false, reason: 'WRONG_KIND' })
    expect(verifier.listing(good, { roomId: '123456' })).toEqual({ ok: false, reason: 'WRONG_KIND' })
    expect(verifier.hostClaim(signer.sign({ ...claimOf(), v: 2 }), { roomId: '123456' })).toEqual({ ok: false, reason: 'MALFORMED' })
    setNow(T0 + 90_000)
    expect(verifier.hostClaim(good, { roomId: '123456' })).toEqual({ ok: false, reason: 'EXPIRED' })
  })

  it('ignores garbage of every shape without throwing', () => {
    const { signer, verifier } = setup()
    const sig = signer.sign(claimOf()).split('.')[1]
    for (const junk of [undefined, null, 42, {}, '', '.', 'a.b.c', `.${sig}`, `e30.${sig}`, `!!!.${sig}`, 'x'.repeat(5000), `${Buffer.from('not json').toString('base64url')}.${sig}`]) {
      expect(verifier.hostClaim(junk, { roomId: '123456' }).ok).toBe(false)
    }
    // signed, but fields are off
    for (const bad of [{ ...claimOf(), host: { id: 'has space', name: 'x' } }, { ...claimOf(), exp: 'soon' }, { ...claimOf(), roomId: '012345' }, { ...claimOf(), title: 'x'.repeat(61) }]) {
      expect(verifier.hostClaim(signer.sign(bad), { roomId: String(bad.roomId) }).ok).toBe(false)
    }
  })

  it('a listing may say how many watch; a count that is not a non-negative integer up to MAX_VIEWERS rejects the listing', () => {
    const { signer, verifier } = setup()
    const listingOf = (over: object = {}) => ({ ...claimOf(), kind: 'listing', ...over })
    for (const viewers of [0, 7, MAX_VIEWERS]) {
      expect(verifier.listing(signer.sign(listingOf({ viewers })), { roomId: '123456' })).toMatchObject({ ok: true, doc: { viewers } })
    }
    // a listing without it (a server before it) still counts, and says nothing about viewers
    const plain = verifier.listing(signer.sign(listingOf()), { roomId: '123456' })
    expect(plain.ok && 'viewers' in plain.doc).toBe(false)
    for (const viewers of [-1, 2.5, MAX_VIEWERS + 1, 1e300, '3', null, true, [1], {}]) {
      expect(verifier.listing(signer.sign(listingOf({ viewers })), { roomId: '123456' })).toEqual({ ok: false, reason: 'MALFORMED' })
      expect(readPayload('listing', listingOf({ viewers }))).toBeNull()
    }
    // a host claim is not a listing: an extra field there is ignored, as any unknown field
    expect(readPayload('host', { ...claimOf(), viewers: -1 })).toEqual(claimOf())
  })

  it('mute and guest lists: the claim’s room start, never an older list', () => {
    const { signer, verifier } = setup()
    const claim = (verifier.hostClaim(signer.sign(claimOf()), { roomId: '123456' }) as { doc: HostClaimDoc }).doc
    const mutes = (at: number, over: object = {}) => signer.sign({ v: 1, kind: 'mutes', roomId: '123456', since: claim.since, muted: ['uFan'], at, ...over })
    const first = verifier.muteList(mutes(T0), { claim })
    expect(first.ok).toBe(true)
    const held = (first as { doc: MuteListDoc }).doc
    expect(verifier.muteList(mutes(T0 + 1, { muted: [] }), { claim, current: held })).toMatchObject({ ok: true, doc: { muted: [] } })
    // a replay of an older list (a client force-writing yesterday's sig-mutes back)
    expect(verifier.muteList(mutes(T0 - 1), { claim, current: held })).toEqual({ ok: false, reason: 'STALE' })
    // a genuine list of an earlier room with the same number
    expect(verifier.muteList(mutes(T0 + 2, { since: claim.since - 60_000 }), { claim })).toEqual({ ok: false, reason: 'OTHER_ROOM_START' })
    expect(verifier.muteList(mutes(T0, { muted: ['bad id!'] }), { claim }).ok).toBe(false)
    const guests = (list: object[]) => signer.sign({ v: 1, kind: 'guests', roomId: '123456', since: claim.since, guests: list, at: T0 })
    expect(verifier.guestList(guests([{ id: 'uG1', name: '嘉宾' }]), { claim })).toMatchObject({ ok: true, doc: { guests: [{ id: 'uG1', name: '嘉宾' }] } })
    const four = [1, 2, 3, 4].map((i) => ({ id: `uG${i}`, name: `g${i}` }))
    expect(verifier.guestList(guests(four), { claim })).toEqual({ ok: false, reason: 'MALFORMED' })
    expect(verifier.guestList(mutes(T0), { claim })).toEqual({ ok: false, reason: 'WRONG_KIND' })
  })

  it('checks each signature once (cache keyed by signature, bound to its body) and stays bounded', () => {
    const signer = testSigner()
    const verifier = createDocumentVerifier({ publicKey: signer.publicKey, now: () => T0, cacheSize: 3, ed25519 })
    const tokens = ['111111', '222222', '333333', '444444'].map((id) => signer.sign(claimOf(id)))
    verifier.hostClaim(tokens[0], { roomId: '111111' })
    verifier.hostClaim(tokens[0], { roomId: '111111' })
    expect(verifier.verifications).toBe(1)
    // the same signature under another body is checked again, and fails
    const other = `${tokens[1].split('.')[0]}.${tokens[0].split('.')[1]}`
    expect(verifier.hostClaim(other, { roomId: '222222' })).toEqual({ ok: false, reason: 'BAD_SIGNATURE' })
    expect(verifier.verifications).toBe(2)
    expect(verifier.hostClaim(tokens[0], { roomId: '111111' }).ok).toBe(true)
    for (let i = 1; i < 4; i++) verifier.hostClaim(tokens[i], { roomId: ['111111', '222222', '333333', '444444'][i] })
    const before = verifier.verifications
    verifier.hostClaim(tokens[0], { roomId: '111111' }) // evicted: checked again
    expect(verifier.verifications).toBe(before + 1)
  })

  it('firstValid verifies newest first and stops once it has enough', () => {
    const { signer, verifier } = setup()
    const listing = (roomId: string, since: number) => signer.sign({ v: 1, kind: 'listing', roomId, host, since, exp: T0 + 60_000 })
    const entries: [string, string][] = []
    for (let i = 0; i < 100; i++) entries.push([String(100000 + i), listing(String(100000 + i), T0 - 100_000 + i * 10)])
    // a forged listing claiming to be newest, and one of another room under this key
    entries.push(['999999', `${listing('999999', T0).split('.')[0]}.${listing('100000', 1).split('.')[1]}`])
    entries.push(['888888', listing('777777', T0)])
    const shown = verifier.firstValid(entries, 8)
    expect(shown.map((l) => l.roomId)).toEqual(['100099', '100098', '100097', '100096', '100095', '100094', '100093', '100092'])
    expect(verifier.verifications).toBe(9) // the forged one and the eight shown; the wrong-room one costs none
    expect(peekPayload(entries[0][1])).toMatchObject({ kind: 'listing' })
  })

  it('where it cannot verify (no BigInt), trusts only what came from the server itself', () => {
    const signer = testSigner()
    const verifier = createDocumentVerifier({ publicKey: signer.publicKey, now: () => T0, ed25519: null })
    expect(verifier.canVerify).toBe(false)
    const token = signer.sign(claimOf())
    expect(verifier.hostClaim(token, { roomId: '123456' })).toEqual({ ok: false, reason: 'UNSUPPORTED' })
    expect(verifier.hostClaim(token, { roomId: '123456' }, 'server').ok).toBe(true)
    // a bad public key in config verifies nothing, from anywhere
    const misconfigured = createDocumentVerifier({ publicKey: 'not-a-key', now: () => T0, ed25519 })
    expect(misconfigured.canVerify).toBe(false)
    expect(misconfigured.hostClaim(token, { roomId: '123456' }, 'server')).toEqual({ ok: false, reason: 'UNSUPPORTED' })
  })

  it('warmUp pays the first verification (RFC 8032 test 1) where this phone can verify, and nothing elsewhere', () => {
    const signer = testSigner()
    let calls = 0
    const ed = ed25519!
    const counting = { ...ed, verify: (...args: Parameters<typeof ed.verify>) => (calls++, ed.verify(...args)) }
    expect(createDocumentVerifier({ publicKey: signer.publicKey, now: () => T0, ed25519: counting }).warmUp()).toBe(true)
    expect(calls).toBe(1)
    expect(createDocumentVerifier({ publicKey: signer.publicKey, now: () => T0, ed25519: null }).warmUp()).toBe(false)
    expect(createDocumentVerifier({ publicKey: 'not-a-key', now: () => T0, ed25519: counting }).warmUp()).toBe(false)
    expect(calls).toBe(1)
  })
})
