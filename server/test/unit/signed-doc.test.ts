import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto'
import { generateSigningKeyPem, parseSigningKey } from '../../src/crypto/keys'
import { MAX_DOC_CHARS, openDocument, signDocument } from '../../src/crypto/signed-doc'
import { DocumentSigner, MAX_VIEWERS, guestList, hostClaim, listing, muteList, viewersOf } from '../../src/documents'

const key = parseSigningKey(generateSigningKeyPem().privatePem)
const signer = new DocumentSigner(key.privateKey, key.publicKey)
const host = { id: 'uHost', name: '主播' }

describe('signed documents', () => {
  test('format: base64url(JSON) "." base64url(Ed25519 signature of the first part)', () => {
    const token = signDocument(key.privateKey, { v: 1, kind: 'host', roomId: '123456' })
    const [body, sig] = token.split('.')
    expect(body).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(sig).toMatch(/^[A-Za-z0-9_-]{86}$/) // 64 bytes
    expect(JSON.parse(Buffer.from(body, 'base64url').toString())).toEqual({ v: 1, kind: 'host', roomId: '123456' })
    // what the mini-program does: the raw 32-byte public key from its config, base64url
    const raw = Buffer.from(key.publicKeyBase64url, 'base64url')
    expect(raw.length).toBe(32)
    const pub = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.publicKeyBase64url }, format: 'jwk' })
    expect(verify(null, Buffer.from(body, 'ascii'), pub, Buffer.from(sig, 'base64url'))).toBe(true)
  })

  test('a changed payload, signature, or another key fails', () => {
    const token = signDocument(key.privateKey, { v: 1, kind: 'host', roomId: '123456', n: 1 })
    const [body, sig] = token.split('.')
    const forgedBody = Buffer.from(JSON.stringify({ v: 1, kind: 'host', roomId: '123456', n: 2 })).toString('base64url')
    expect(openDocument(key.publicKey, token)).toEqual({ v: 1, kind: 'host', roomId: '123456', n: 1 })
    expect(openDocument(key.publicKey, `${forgedBody}.${sig}`)).toBeNull()
    const flipped = Buffer.from(sig, 'base64url')
    flipped[0] ^= 1
    expect(openDocument(key.publicKey, `${body}.${flipped.toString('base64url')}`)).toBeNull()
    const other = generateKeyPairSync('ed25519')
    expect(openDocument(other.publicKey, token)).toBeNull()
    expect(openDocument(key.publicKey, signDocument(other.privateKey, { v: 1 }))).toBeNull()
  })

  test.each([undefined, null, 42, '', '.', 'abc', 'a.b.c', 'a.', '.a', '!!!.abc', 'x'.repeat(MAX_DOC_CHARS + 1)])('malformed %p → null', (t) => {
    expect(openDocument(key.publicKey, t)).toBeNull()
  })

  test('open() checks kind, room and shape', () => {
    const claim = signer.sign(hostClaim('123456', host, 1000, 2000, '标题'))
    expect(signer.open('host', '123456', claim.token)?.doc).toEqual(claim.doc)
    expect(signer.open('listing', '123456', claim.token)).toBeNull()
    expect(signer.open('host', '654321', claim.token)).toBeNull()
    const noHost = signDocument(key.privateKey, { v: 1, kind: 'host', roomId: '123456', since: 1, exp: 2 })
    expect(signer.open('host', '123456', noHost)).toBeNull()
    const v2 = signDocument(key.privateKey, { ...claim.doc, v: 2 })
    expect(signer.open('host', '123456', v2)).toBeNull()
    const badName = signDocument(key.privateKey, { ...claim.doc, host: { id: 'u1', name: '' } })
    expect(signer.open('host', '123456', badName)).toBeNull()
  })

  test('the four kinds round-trip with the fields of the contract', () => {
    const claim = hostClaim('123456', host, 1000, 91000)
    expect(Object.keys(claim)).toEqual(['v', 'kind', 'roomId', 'host', 'since', 'exp'])
    expect(Object.keys(listing({ ...claim, title: 't' }))).toEqual(['v', 'kind', 'roomId', 'host', 'since', 'exp', 'title'])
    const mutes = muteList('123456', 1000, ['b', 'a', 'b'], 5)
    expect(mutes.muted).toEqual(['a', 'b'])
    expect(signer.open('mutes', '123456', signer.sign(mutes).token)?.doc).toEqual(mutes)
    const guests = guestList('123456', 1000, [{ id: 'g1', name: '嘉宾', avatar: 'https://a.example/x.png' }], 6)
    expect(signer.open('guests', '123456', signer.sign(guests).token)?.doc).toEqual(guests)
    const tooMany = guestList('123456', 1000, [1, 2, 3, 4].map((i) => ({ id: `g${i}`, name: 'x' })), 6)
    expect(signer.open('guests', '123456', signer.sign(tooMany).token)).toBeNull()
  })

  test('a listing may say how many watch: a non-negative integer up to MAX_VIEWERS, anything else rejects the listing', () => {
    const claim = hostClaim('123456', host, 1000, 91000, 't')
    expect(Object.keys(listing(claim, 4))).toEqual(['v', 'kind', 'roomId', 'host', 'since', 'exp', 'title', 'viewers'])
    expect(listing(claim).viewers).toBeUndefined()
    for (const viewers of [0, 4, MAX_VIEWERS]) expect(signer.open('listing', '123456', signer.sign(listing(claim, viewers)).token)?.doc.viewers).toBe(viewers)
    // an old listing without the field still reads
    expect(signer.open('listing', '123456', signer.sign(listing(claim)).token)?.doc).toEqual(listing(claim))
    for (const viewers of [-1, 1.5, MAX_VIEWERS + 1, '3', null, true, [], {}]) {
      expect(signer.open('listing', '123456', signDocument(key.privateKey, { ...listing(claim), viewers }))).toBeNull()
    }
    // the member count read by the heartbeat, less the host: never below 0, bounded, nothing from nonsense
    expect([0, 1, 2, 5].map(viewersOf)).toEqual([0, 0, 1, 4])
    expect([-3, MAX_VIEWERS + 10, NaN].map(viewersOf)).toEqual([0, MAX_VIEWERS, undefined])
  })

  test('signFitting refuses what would not fit a 4096-character KV value', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `u${String(i).padStart(50, '0')}`)
    expect(signer.signFitting(muteList('123456', 1, ids, 1))).toBeNull()
    expect(signer.signFitting(muteList('123456', 1, ids.slice(0, 10), 1))!.token.length).toBeLessThanOrEqual(4096)
  })
})
