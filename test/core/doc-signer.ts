/**
 * Signs documents exactly as the server does (server/src/crypto/signed-doc.ts): node:crypto
 * Ed25519 over the ASCII of base64url(JSON). For tests of the mini-program's verifier.
 */
import { generateKeyPairSync, sign } from 'node:crypto'

export interface TestSigner {
  /** raw 32-byte public key, base64url: what config.backend.publicKey holds */
  publicKey: string
  sign(payload: object): string
}

export function testSigner(): TestSigner {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  return {
    publicKey: String(publicKey.export({ format: 'jwk' }).x),
    sign(payload) {
      const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url')
      return `${body}.${sign(null, Buffer.from(body, 'ascii'), privateKey).toString('base64url')}`
    },
  }
}
