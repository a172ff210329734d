/** services/noble-ed25519.ts: core's Ed25519 over a subpackage's @noble, loaded on the first call. */
import { nobleEd25519, type NobleModules } from '../../miniprogram/services/noble-ed25519'
import { nobleModules } from '../../miniprogram/services/demo/ed25519'

const secret = Uint8Array.from({ length: 32 }, (_, i) => i)

test('loads the modules on the first call, once, and signs and verifies with them', () => {
  let loads = 0
  const ed = nobleEd25519(() => (loads++, nobleModules()))!
  expect(loads).toBe(0)
  const signature = ed.sign(Uint8Array.from([1, 2, 3]), secret)
  expect(ed.verify(signature, Uint8Array.from([1, 2, 3]), ed.publicKeyOf(secret))).toBe(true)
  expect(ed.verify(signature, Uint8Array.from([1, 2, 4]), ed.publicKeyOf(secret))).toBe(false)
  // a malformed key or signature is no signature, not an exception
  expect(ed.verify(signature, Uint8Array.from([1, 2, 3]), new Uint8Array(5))).toBe(false)
  expect(loads).toBe(1)
})

test('before a subpackage is downloaded a call throws (a bug), and works once it is', () => {
  let modules: NobleModules | undefined = undefined
  const ed = nobleEd25519(() => modules)!
  expect(ed).not.toBeNull()
  expect(() => ed.verify(new Uint8Array(64), new Uint8Array(0), new Uint8Array(32))).toThrow('before a services subpackage was downloaded')
  modules = nobleModules()
  expect(ed.publicKeyOf(secret)).toHaveLength(32)
})

test('null where the engine has no BigInt (iOS < 14), without loading anything', () => {
  const real = globalThis.BigInt
  const load = jest.fn(nobleModules)
  try {
    ;(globalThis as { BigInt?: unknown }).BigInt = undefined
    expect(nobleEd25519(load)).toBeNull()
  } finally {
    globalThis.BigInt = real
  }
  expect(load).not.toHaveBeenCalled()
})
