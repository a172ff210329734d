import { USER_ID_PATTERN, UserIdCipher } from '../../src/crypto/user-id'

const secret = Buffer.from('a-user-id-secret-of-at-least-32-bytes!')
const openid = 'oAbCdEfGhIjKlMnOpQrStUvWxYz0' // 28 characters, as WeChat's

describe('user ids', () => {
  const cipher = new UserIdCipher(secret)

  test('opaque, stable, at most 64 characters of [A-Za-z0-9_-]', () => {
    const id = cipher.encrypt(openid)
    expect(id).toMatch(USER_ID_PATTERN)
    expect(id.length).toBeLessThanOrEqual(64)
    expect(id).not.toContain(openid)
    expect(id).not.toContain(openid.slice(0, 8))
    expect(new UserIdCipher(Buffer.from(secret)).encrypt(openid)).toBe(id) // another instance, same secret
    expect(cipher.encrypt(openid + 'x')).not.toBe(id)
  })

  test('mapped back to the openid with the secret alone; nothing else decrypts', () => {
    const id = cipher.encrypt(openid)
    expect(new UserIdCipher(Buffer.from(secret)).decrypt(id)).toBe(openid)
    expect(new UserIdCipher(Buffer.from('another-secret-of-at-least-32-bytes!!')).decrypt(id)).toBeNull()
    const tampered = id.slice(0, -1) + (id.endsWith('A') ? 'B' : 'A')
    expect(cipher.decrypt(tampered)).toBeNull()
    expect(cipher.decrypt('u')).toBeNull()
    expect(cipher.decrypt('x' + id.slice(1))).toBeNull()
    expect(cipher.decrypt('u!!!')).toBeNull()
  })

  test('different secrets give unrelated ids', () => {
    const other = new UserIdCipher(Buffer.from('another-secret-of-at-least-32-bytes!!'))
    expect(other.encrypt(openid)).not.toBe(cipher.encrypt(openid))
  })

  test('an openid too long for a 64-byte RongCloud user id is refused', () => {
    expect(cipher.encrypt('o'.repeat(35)).length).toBeLessThanOrEqual(64)
    expect(() => cipher.encrypt('o'.repeat(36))).toThrow()
    expect(() => cipher.encrypt('')).toThrow()
  })
})
