/**
 * Ed25519 for signed documents: @noble/ed25519 3.x (audited, pure JS) with @noble/hashes' SHA-512,
 * as core's Ed25519. Nothing checks or signs a document before "connected", so the packages are
 * not in the main package: each services subpackage carries its own built copy in its own
 * miniprogram_npm, and its `nobleModules` requires it (services/demo/ed25519.ts,
 * services/rongcloud/index.ts); this adapter, shared from the main package, is given that.
 *
 * Both need native BigInt. Where the app's JavaScript runs:
 * - iOS: the system's JavaScriptCore, without JIT (https://developers.weixin.qq.com/miniprogram/en/dev/framework/runtime/env.html).
 *   JavaScriptCore has BigInt from iOS 14 (Safari 14: https://web-platform-dx.github.io/web-features-explorer/features/bigint.json,
 *   "safari_ios": "14"); iOS 12-13 cannot even parse a `0n` literal.
 * - Android: V8 in current WeChat versions (same page), BigInt since V8 6.7 / Chrome 67.
 * - DevTools: NW.js (Chromium), has it.
 * The base library's core-js polyfills cannot add a primitive type, so no base library version
 * helps an iPhone on iOS 13 or older. There the packages are never loaded (their files still
 * parse: scripts/lib/build-esm-npm.js rewrote every BigInt literal), nobleEd25519 gives null, and
 * core/signed-docs.ts says UNSUPPORTED.
 *
 * Loaded on the first call, not before: neither the app's start nor the subpackage's download
 * pays for it, and a phone without BigInt never evaluates the modules.
 */
import type * as Noble from '@noble/ed25519'
import type * as Sha2 from '@noble/hashes/sha2.js'
import { hasBigInt, type Ed25519 } from '../core/ed25519'

/** The two modules, as a subpackage's own require finds them. */
export interface NobleModules {
  ed: typeof Noble
  sha2: typeof Sha2
}

/**
 * core's Ed25519, or null where this engine has no BigInt. `load` gives the modules, or undefined
 * while no subpackage is downloaded: the app's verifier exists before one is (the store asks at
 * once whether documents will verify here), but checks nothing until connect() has it, so a call
 * meanwhile is a bug and throws.
 */
export function nobleEd25519(load: () => NobleModules | undefined): Ed25519 | null {
  if (!hasBigInt()) return null
  let loaded: typeof Noble | undefined
  const noble = (): typeof Noble => {
    if (loaded) return loaded
    const modules = load()
    if (!modules) throw new Error('Ed25519 used before a services subpackage was downloaded')
    // the synchronous API needs a synchronous SHA-512 (the async one would use crypto.subtle, which WeChat lacks)
    modules.ed.hashes.sha512 = modules.sha2.sha512
    loaded = modules.ed
    return loaded
  }
  return {
    verify: (signature, message, publicKey) => {
      const ed = noble()
      try {
        return ed.verify(signature, message, publicKey, { zip215: false })
      } catch {
        return false // a malformed key or signature is no signature
      }
    },
    sign: (message, secretKey) => noble().sign(message, secretKey),
    publicKeyOf: (secretKey) => noble().getPublicKey(secretKey),
  }
}
