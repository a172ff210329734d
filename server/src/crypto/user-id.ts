/**
 * User ids: deterministic authenticated encryption of the openid (SIV construction), so the id is
 * stable per openid, reveals nothing of it, and the server maps it back with USER_ID_SECRET alone
 * (WeChat's content-safety API wants the openid) — no database.
 *
 *   tag = HMAC-SHA256(macKey, openid)[0..12]      (the synthetic IV)
 *   ct  = AES-256-CTR(encKey, iv = tag ‖ 0x00000000, openid)
 *   id  = "u" + base64url(tag ‖ ct)
 *
 * A 28-character openid gives a 55-character id of [A-Za-z0-9_-]; 35 bytes is the longest openid
 * that still fits RongCloud's 64-byte user id.
 */
import { createCipheriv, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto'
import { fromBase64url, toBase64url } from './base64url'

const TAG_BYTES = 12
const PREFIX = 'u'
export const MAX_USER_ID_LENGTH = 64
const MAX_OPENID_BYTES = Math.floor(((MAX_USER_ID_LENGTH - PREFIX.length) * 3) / 4) - TAG_BYTES
/** Any id this server issues matches it (and RongCloud's and the KV key alphabet accept it). */
export const USER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

export class UserIdCipher {
  private readonly encKey: Buffer
  private readonly macKey: Buffer

  constructor(secret: Buffer) {
    this.encKey = Buffer.from(hkdfSync('sha256', secret, 'live-rooms-user-id', 'enc', 32))
    this.macKey = Buffer.from(hkdfSync('sha256', secret, 'live-rooms-user-id', 'mac', 32))
  }

  encrypt(openid: string): string {
    const plain = Buffer.from(openid, 'utf8')
    if (plain.length === 0 || plain.length > MAX_OPENID_BYTES) {
      throw new Error(`openid of ${plain.length} bytes cannot become a user id`)
    }
    const tag = this.tag(plain)
    return PREFIX + toBase64url(Buffer.concat([tag, this.ctr(tag, plain)]))
  }

  /** The openid behind an id this server issued, or null for anything else. */
  decrypt(userId: string): string | null {
    if (!userId.startsWith(PREFIX)) return null
    const raw = fromBase64url(userId.slice(PREFIX.length))
    if (!raw || raw.length <= TAG_BYTES) return null
    const tag = raw.subarray(0, TAG_BYTES)
    const plain = this.ctr(tag, raw.subarray(TAG_BYTES))
    return timingSafeEqual(tag, this.tag(plain)) ? plain.toString('utf8') : null
  }

  private tag(plain: Buffer): Buffer {
    return createHmac('sha256', this.macKey).update(plain).digest().subarray(0, TAG_BYTES)
  }

  private ctr(tag: Buffer, data: Buffer): Buffer {
    const iv = Buffer.concat([tag, Buffer.alloc(16 - TAG_BYTES)])
    const cipher = createCipheriv('aes-256-ctr', this.encKey, iv)
    return Buffer.concat([cipher.update(data), cipher.final()])
  }
}
