import { generateSigningKeyPem, parseSigningKey } from '../../src/crypto/keys'
import { generateKeyPairSync } from 'node:crypto'

describe('signing key', () => {
  test('keygen output parses; the public key is the raw 32-byte key in base64url', () => {
    const { privatePem, publicKeyBase64url } = generateSigningKeyPem()
    expect(privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/)
    expect(publicKeyBase64url).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(parseSigningKey(privatePem).publicKeyBase64url).toBe(publicKeyBase64url)
  })

  test('accepts \\n-escaped one-line PEM (env files, docker --env)', () => {
    const { privatePem, publicKeyBase64url } = generateSigningKeyPem()
    expect(parseSigningKey(privatePem.trim().replace(/\n/g, '\\n')).publicKeyBase64url).toBe(publicKeyBase64url)
  })

  test('refuses keys that are not Ed25519, and garbage', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
    expect(() => parseSigningKey(ec)).toThrow(/Ed25519/)
    expect(() => parseSigningKey('not a key')).toThrow()
  })

  test('derived secrets differ by label and by key', () => {
    const a = parseSigningKey(generateSigningKeyPem().privatePem)
    const b = parseSigningKey(generateSigningKeyPem().privatePem)
    expect(a.derive('x').equals(a.derive('x'))).toBe(true)
    expect(a.derive('x').equals(a.derive('y'))).toBe(false)
    expect(a.derive('x').equals(b.derive('x'))).toBe(false)
  })
})
