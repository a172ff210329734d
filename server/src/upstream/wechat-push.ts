/**
 * WeChat's message push (消息推送) to this server: how WeChat signs it and, in safe mode, encrypts
 * it (https://developers.weixin.qq.com/miniprogram/dev/framework/server-ability/message-push.html).
 *
 * - every request carries `signature`, `timestamp`, `nonce` in the query:
 *   signature = sha1 of the lexically sorted [Token, timestamp, nonce] joined;
 * - the URL check is a GET with `echostr`, answered with echostr itself;
 * - safe mode (安全模式, JSON format): the body is `{ ToUserName, Encrypt }` and the query adds
 *   `msg_signature` = sha1 of sorted [Token, timestamp, nonce, Encrypt] and `encrypt_type=aes`.
 *   Encrypt = base64(AES-256-CBC(key, iv = key[0..16], PKCS#7 to 32 bytes,
 *   16 random bytes ‖ uint32 BE length ‖ message ‖ AppID)), key = base64(EncodingAESKey + '=').
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto'

export function pushSignature(parts: string[]): string {
  return createHash('sha1').update([...parts].sort().join('')).digest('hex')
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8')
  const y = Buffer.from(b, 'utf8')
  return x.length === y.length && timingSafeEqual(x, y)
}

export function verifyPushSignature(token: string, query: Record<string, unknown>): boolean {
  const { signature, timestamp, nonce } = query
  if (typeof signature !== 'string' || typeof timestamp !== 'string' || typeof nonce !== 'string') return false
  return same(pushSignature([token, timestamp, nonce]), signature.toLowerCase())
}

export function verifyMessageSignature(token: string, query: Record<string, unknown>, encrypt: string): boolean {
  const { msg_signature: sig, timestamp, nonce } = query
  if (typeof sig !== 'string' || typeof timestamp !== 'string' || typeof nonce !== 'string') return false
  return same(pushSignature([token, timestamp, nonce, encrypt]), sig.toLowerCase())
}

/** The 32-byte key from the 43-character EncodingAESKey, or null when it is not one. */
export function aesKeyOf(encodingAesKey: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]{43}$/.test(encodingAesKey)) return null
  const key = Buffer.from(encodingAesKey + '=', 'base64')
  return key.length === 32 ? key : null
}

export function decryptPush(key: Buffer, encrypt: string, appId: string): string | null {
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16))
    decipher.setAutoPadding(false)
    const plain = Buffer.concat([decipher.update(Buffer.from(encrypt, 'base64')), decipher.final()])
    const pad = plain[plain.length - 1]
    if (pad < 1 || pad > 32 || pad > plain.length) return null
    const body = plain.subarray(0, plain.length - pad)
    if (body.length < 20) return null
    const length = body.readUInt32BE(16)
    if (20 + length > body.length) return null
    if (body.toString('utf8', 20 + length) !== appId) return null
    return body.toString('utf8', 20, 20 + length)
  } catch {
    return null
  }
}

/** The other direction (tests' fake WeChat, and replies if ever needed). */
export function encryptPush(key: Buffer, message: string, appId: string): string {
  const msg = Buffer.from(message, 'utf8')
  const length = Buffer.alloc(4)
  length.writeUInt32BE(msg.length)
  const body = Buffer.concat([randomBytes(16), length, msg, Buffer.from(appId, 'utf8')])
  const pad = 32 - (body.length % 32)
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16))
  cipher.setAutoPadding(false)
  return Buffer.concat([cipher.update(Buffer.concat([body, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64')
}
