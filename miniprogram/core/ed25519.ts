/**
 * What signed documents need of Ed25519, and whether this JavaScript engine could run it at all.
 * core/ loads no npm package: the implementation (@noble/ed25519 with @noble/hashes' SHA-512) travels
 * in each services subpackage and is handed to the verifier (services/noble-ed25519.ts).
 */

export interface Ed25519 {
  /** RFC 8032 verification (noble's `zip215: false`, as OpenSSL on the server). */
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean
  sign(message: Uint8Array, secretKey: Uint8Array): Uint8Array
  publicKeyOf(secretKey: Uint8Array): Uint8Array
}

/** Native BigInt, which every pure-JS Ed25519 needs (iOS 14+; services/noble-ed25519.ts). */
export function hasBigInt(): boolean {
  return typeof BigInt === 'function'
}
