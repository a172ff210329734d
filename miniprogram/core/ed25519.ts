/**
 * Ed25519 for signed documents: @noble/ed25519 3.x (audited, pure JS) with @noble/hashes' SHA-512.
 *
 * Both need native BigInt. Where the app's JavaScript runs:
 * - iOS: the system's JavaScriptCore, without JIT (https://developers.weixin.qq.com/miniprogram/en/dev/framework/runtime/env.html).
 *   JavaScriptCore has BigInt from iOS 14 (Safari 14: https://web-platform-dx.github.io/web-features-explorer/features/bigint.json,
 *   "safari_ios": "14"); iOS 12-13 cannot even parse a `0n` literal.
 * - Android: V8 in current WeChat versions (same page), BigInt since V8 6.7 / Chrome 67.
 * - DevTools: NW.js (Chromium), has it.
 * The base library's core-js polyfills cannot add a primitive type, so no base library version
 * helps an iPhone on iOS 13 or older. There the packages are never loaded (their files still
 * parse: scripts/lib/build-esm-npm.js rewrote every BigInt literal), ed25519() is null, and
 * signed-docs.ts says UNSUPPORTED.
 *
 * Loaded on first use, not at import: the app starts without paying for it, and a phone without
 * BigInt never evaluates the module.
 */
import type * as Noble from '@noble/ed25519'
import type * as Sha2 from '@noble/hashes/sha2.js'

export interface Ed25519 {
  /** RFC 8032 verification (noble's `zip215: false`, as OpenSSL on the server). */
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean
  sign(message: Uint8Array, secretKey: Uint8Array): Uint8Array
  publicKeyOf(secretKey: Uint8Array): Uint8Array
}

export function hasBigInt(): boolean {
  return typeof BigInt === 'function'
}

let loaded: Ed25519 | null | undefined

/** The implementation, or null where this JavaScript engine has no BigInt. */
export function ed25519(): Ed25519 | null {
  if (loaded !== undefined) return loaded
  if (!hasBigInt()) {
    loaded = null
    return loaded
  }
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use, only where BigInt exists */
  const ed = require('@noble/ed25519') as typeof Noble
  const { sha512 } = require('@noble/hashes/sha2.js') as typeof Sha2
  /* eslint-enable @typescript-eslint/no-require-imports */
  // the synchronous API needs a synchronous SHA-512 (the async one would use crypto.subtle, which WeChat lacks)
  ed.hashes.sha512 = sha512
  loaded = {
    verify: (signature, message, publicKey) => {
      try {
        return ed.verify(signature, message, publicKey, { zip215: false })
      } catch {
        return false // a malformed key or signature is no signature
      }
    },
    sign: (message, secretKey) => ed.sign(message, secretKey),
    publicKeyOf: (secretKey) => ed.getPublicKey(secretKey),
  }
  return loaded
}
