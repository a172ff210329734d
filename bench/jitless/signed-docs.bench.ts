/**
 * Signed documents verified the way an iPhone runs our JavaScript: JavaScriptCore without JIT.
 * scripts/bench.js runs this file alone under `node --jitless` as the stand-in.
 *
 * Documents are the server's format: base64url(JSON payload) + "." + base64url(Ed25519 signature
 * of the first part), signed here with node:crypto as the server signs them; listings
 * { v: 1, kind: 'listing', roomId, host, since, exp }.
 *
 * What verifies them: miniprogram/core/signed-docs.ts (DocumentVerifier) when this branch has it;
 * until then @noble/ed25519 3 with @noble/hashes 2's SHA-512 directly (the library that module is
 * built on), and the row says which. Each repetition loads the library afresh (jest.isolateModules),
 * so "cold" includes what the first verification in an app run pays (noble builds its tables then).
 *
 * Figures: one signature, cold and warm; a lobby of 100 listings, all verified before its first
 * frame, and only the first screen of it (10, newest first): the budget is 50 ms before the first frame.
 */
import * as crypto from 'crypto'
import { QUICK, measure, median } from '../lib/result'

const REPS = QUICK ? 2 : 5
const LISTINGS = 100
const FIRST_SCREEN = 10
const WARM_SAMPLES = QUICK ? 20 : 100

type Bytes = Uint8Array
const b64url = (bytes: Bytes | string) => Buffer.from(bytes).toString('base64url')

interface Keys {
  sign(body: string): string
  /** raw 32-byte public key, base64url */
  publicKey: string
}

function serverKeys(): Keys {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519')
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32)
  return { sign: (body) => b64url(crypto.sign(null, Buffer.from(body, 'ascii'), privateKey)), publicKey: b64url(raw) }
}

/**
 * A live room's listing as the server signs it: `exp` is its claim's, the host's last heartbeat +
 * 90 s (server/src/documents.ts CLAIM_TTL_MS), however long ago the room began (`since`).
 */
function listingToken(keys: Keys, roomId: string, since: number, now: number): string {
  const body = b64url(JSON.stringify({ v: 1, kind: 'listing', roomId, host: { id: `h${roomId}`, name: `主播${roomId}` }, since, exp: now + 90_000 }))
  return `${body}.${keys.sign(body)}`
}

/** One way to verify: a fresh instance (cold), then calls on it. */
interface Verifier {
  /** true when the token's signature is good */
  one(token: string, roomId: string): boolean
  /** verifies the newest `count` of the lobby's listings (room number → token); how many passed */
  lobby(entries: [string, string][], count: number): number
}

/** a services subpackage's @noble (services/demo/ed25519.ts) and the adapter the app gives its verifier (services/noble-ed25519.ts) */
interface LoaderModule {
  nobleModules: () => unknown
}
interface AdapterModule {
  nobleEd25519: (load: () => unknown) => unknown
}

interface SignedDocsModule {
  DocumentVerifier: new (options: { publicKey: string; now: () => number; ed25519: unknown }) => {
    readonly canVerify: boolean
    listing(token: unknown, expect: { roomId: string }): { ok: boolean }
    firstValid(entries: Iterable<[string, string]>, count: number): unknown[]
  }
}

const SIGNED_DOCS = '../../miniprogram/core/signed-docs'
const LOADER = '../../miniprogram/services/demo/ed25519'
const ADAPTER = '../../miniprogram/services/noble-ed25519'

/** core/signed-docs.ts, loaded afresh; null while this branch does not have it. */
function signedDocsVerifier(publicKey: string): Verifier | null {
  let verifier: InstanceType<SignedDocsModule['DocumentVerifier']> | null = null
  jest.isolateModules(() => {
    let mod: SignedDocsModule
    let loader: LoaderModule
    let adapter: AdapterModule
    try {
      /* eslint-disable @typescript-eslint/no-require-imports */
      mod = require(SIGNED_DOCS) as SignedDocsModule
      loader = require(LOADER) as LoaderModule
      adapter = require(ADAPTER) as AdapterModule
      /* eslint-enable @typescript-eslint/no-require-imports */
    } catch {
      return
    }
    // the app requires @noble on the first check; here it is required now: a require after
    // isolateModules returns would reach the shared registry, and every verifier after the first
    // would find noble's tables already built
    const modules = loader.nobleModules()
    verifier = new mod.DocumentVerifier({ publicKey, now: () => Date.now(), ed25519: adapter.nobleEd25519(() => modules) })
    if (!verifier.canVerify) throw new Error('core/signed-docs.ts cannot verify here (no BigInt?)')
  })
  if (!verifier) return null
  const v: InstanceType<SignedDocsModule['DocumentVerifier']> = verifier
  return {
    one: (token, roomId) => v.listing(token, { roomId }).ok,
    lobby: (entries, count) => v.firstValid(entries, count).length,
  }
}

/** @noble/ed25519 directly, loaded afresh: what core/signed-docs.ts is built on. */
function nobleVerifier(publicKey: string): Verifier {
  let ed!: typeof import('@noble/ed25519')
  jest.isolateModules(() => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    ed = require('@noble/ed25519') as typeof import('@noble/ed25519')
    ed.hashes.sha512 = (require('@noble/hashes/sha2.js') as typeof import('@noble/hashes/sha2.js')).sha512
    /* eslint-enable @typescript-eslint/no-require-imports */
  })
  const key = Buffer.from(publicKey, 'base64url')
  const one = (token: string): boolean => {
    const dot = token.indexOf('.')
    const body = token.slice(0, dot)
    return ed.verify(Buffer.from(token.slice(dot + 1), 'base64url'), Buffer.from(body, 'ascii'), key, { zip215: false })
  }
  return {
    one,
    lobby: (entries, count) => {
      // newest first by the payload's since, as a lobby lists them
      const sorted = entries
        .map(([roomId, token]) => ({ token, since: JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')).since as number, roomId }))
        .sort((a, b) => b.since - a.since)
      let valid = 0
      for (const e of sorted.slice(0, count)) if (one(e.token)) valid++
      return valid
    },
  }
}

function time<T>(work: () => T): { ms: number; result: T } {
  const started = performance.now()
  const result = work()
  return { ms: performance.now() - started, result }
}

measure('signed-docs', async () => {
  const jitless = process.execArgv.includes('--jitless')
  const keys = serverKeys()
  const now = Date.now()
  const entries: [string, string][] = Array.from({ length: LISTINGS }, (_, i) => {
    const roomId = String(100000 + i * 7919)
    return [roomId, listingToken(keys, roomId, now - i * 60_000, now)]
  })
  const viaModule = signedDocsVerifier(keys.publicKey) !== null
  const fresh = (): Verifier => (viaModule ? signedDocsVerifier(keys.publicKey) : null) ?? nobleVerifier(keys.publicKey)

  const coldOne: number[] = []
  const warmOne: number[] = []
  const lobbyAll: number[] = []
  const lobbyFirstScreen: number[] = []
  for (let rep = 0; rep < REPS; rep++) {
    const [roomId, token] = entries[rep % LISTINGS]
    let verifier = fresh()
    const cold = time(() => verifier.one(token, roomId))
    if (!cold.result) throw new Error('a good signature did not verify')
    coldOne.push(cold.ms)
    for (let i = 0; i < WARM_SAMPLES / REPS; i++) {
      // another document each time: a verifier may remember signatures it has checked
      const [id, t] = entries[(rep * 31 + i + 1) % LISTINGS]
      const warm = time(() => verifier.one(t, id))
      if (!warm.result) throw new Error('a good signature did not verify')
      warmOne.push(warm.ms)
    }
    verifier = fresh()
    const all = time(() => verifier.lobby(entries, LISTINGS))
    if (all.result !== LISTINGS) throw new Error(`${all.result} of ${LISTINGS} listings verified`)
    lobbyAll.push(all.ms)
    verifier = fresh()
    const screen = time(() => verifier.lobby(entries, FIRST_SCREEN))
    if (screen.result !== FIRST_SCREEN) throw new Error(`${screen.result} of ${FIRST_SCREEN} listings verified`)
    lobbyFirstScreen.push(screen.ms)
  }
  // a forged signature must not pass, or the figures mean nothing
  const [roomId, token] = entries[0]
  const forged = `${token.split('.')[0]}.${listingToken(serverKeys(), roomId, now, now).split('.')[1]}`
  if (fresh().one(forged, roomId)) throw new Error('a forged signature verified')

  return {
    jitless,
    implementation: viaModule ? 'core/signed-docs.ts (DocumentVerifier)' : '@noble/ed25519 3 directly (core/signed-docs.ts is not in this branch)',
    reps: REPS,
    listings: LISTINGS,
    firstScreen: FIRST_SCREEN,
    coldOneMs: median(coldOne),
    warmOneMs: median(warmOne),
    lobbyAllMs: median(lobbyAll),
    lobbyFirstScreenMs: median(lobbyFirstScreen),
  }
})
