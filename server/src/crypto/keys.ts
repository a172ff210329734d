/**
 * The server's Ed25519 key (SERVER_SIGNING_KEY, PKCS#8 PEM). The mini-program holds the public
 * half as the raw 32-byte key in base64url (43 characters), the form `npm run server:keygen` prints.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, hkdfSync } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { fromBase64url } from './base64url'

export interface SigningKey {
  privateKey: KeyObject
  publicKey: KeyObject
  /** raw 32-byte public key, base64url: what miniprogram/config.ts holds */
  publicKeyBase64url: string
  /** key material for secrets derived from the signing key (the session MAC) */
  derive(label: string): Buffer
}

/** Accepts a PEM with real newlines or with `\n` escapes (one-line .env files, Docker --env). */
export function parseSigningKey(pem: string): SigningKey {
  const text = pem.includes('\\n') ? pem.replace(/\\n/g, '\n') : pem
  const privateKey = createPrivateKey({ key: text.trim() + '\n', format: 'pem' })
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`not an Ed25519 key (${privateKey.asymmetricKeyType ?? 'unknown type'})`)
  }
  const publicKey = createPublicKey(privateKey)
  const jwk = publicKey.export({ format: 'jwk' })
  const seed = fromBase64url(String(privateKey.export({ format: 'jwk' }).d))
  if (!jwk.x || !seed) throw new Error('cannot read the key')
  return {
    privateKey,
    publicKey,
    publicKeyBase64url: jwk.x,
    derive: (label) => Buffer.from(hkdfSync('sha256', seed, 'live-rooms-server', label, 32)),
  }
}

export function generateSigningKeyPem(): { privatePem: string; publicKeyBase64url: string } {
  const { privateKey } = generateKeyPairSync('ed25519')
  const privatePem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
  return { privatePem, publicKeyBase64url: parseSigningKey(privatePem).publicKeyBase64url }
}
