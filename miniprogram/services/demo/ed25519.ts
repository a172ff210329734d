/**
 * This subpackage's @noble, from its own miniprogram_npm (services/noble-ed25519.ts). The requires
 * must sit in a file of the subpackage: WeChat resolves a package name in the miniprogram_npm
 * beside the requiring file, then in each parent folder's (miniprogram-ci models the same:
 * dist/common/code-analyse/index.js walks `path.join(dir, "../")`), so a file of the main package
 * would find no copy. services/rongcloud/index.ts has the same two lines for its own copy.
 */
import { nobleEd25519, type NobleModules } from '../noble-ed25519'

/* eslint-disable @typescript-eslint/no-require-imports -- evaluated on the first check or signature, only where BigInt exists */
export const nobleModules = (): NobleModules => ({ ed: require('@noble/ed25519'), sha2: require('@noble/hashes/sha2.js') })
/* eslint-enable @typescript-eslint/no-require-imports */

/** what the demo's stand-in for our server signs with, and its clients' verifiers check with */
export const ed25519 = nobleEd25519(nobleModules)
