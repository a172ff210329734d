import { SessionCodec } from '../../src/crypto/session'
import { generateSigningKeyPem, parseSigningKey } from '../../src/crypto/keys'
import { signDocument } from '../../src/crypto/signed-doc'
import { FakeClock } from '../support/harness'

const key = parseSigningKey(generateSigningKeyPem().privatePem)

describe('sessions', () => {
  test('issued, verified by any codec with the same key, until they expire', () => {
    const clock = new FakeClock()
    const a = new SessionCodec(key.derive('session-mac'), clock, 60_000)
    const b = new SessionCodec(key.derive('session-mac'), clock, 60_000)
    const profile = { id: 'uAbc', name: '小明', avatar: 'https://a.example/p.png' }
    const { session, exp } = a.issue(profile)
    expect(exp).toBe(clock.now() + 60_000)
    expect(b.verify(session)?.profile).toEqual(profile)
    clock.advance(59_999)
    expect(b.verify(session)).not.toBeNull()
    clock.advance(1)
    expect(b.verify(session)).toBeNull()
  })

  test('tampered, other key, signed documents and garbage are refused', () => {
    const clock = new FakeClock()
    const codec = new SessionCodec(key.derive('session-mac'), clock)
    const { session } = codec.issue({ id: 'uAbc', name: '小明' })
    const [body, mac] = session.split('.')
    const other = Buffer.from(JSON.stringify({ v: 1, kind: 'session', profile: { id: 'uEvil', name: 'x' }, iat: 0, exp: 9e15 })).toString('base64url')
    expect(codec.verify(`${other}.${mac}`)).toBeNull()
    expect(new SessionCodec(key.derive('other'), clock).verify(session)).toBeNull()
    expect(codec.verify(signDocument(key.privateKey, { v: 1, kind: 'session', profile: { id: 'u', name: 'x' }, iat: 0, exp: 9e15 }))).toBeNull()
    for (const t of ['', 'a', `${body}.`, `${body}.${mac}.x`, 'x'.repeat(5000)]) expect(codec.verify(t)).toBeNull()
  })
})
