/**
 * Rows of issue 12 on the phone's side; scripts/bench/rows.js judges them ('trust-round-trips' in
 * "round trips", 'trust-lobby-verify' in "lobby listings verified").
 *
 * `trust-round-trips`: create → pushing and join → playing on the demo network at 100 ms per call,
 * real timers, with our server in the path (the demo's stand-in: POST /v1/rooms ∥ RTC join, then
 * chatroom join ∥ publish; target 2) and without it (dev tokens, the unsigned claim; 3). Elapsed
 * time / latency = round trips on the critical path (test/stores/round-trips.test.ts checks the
 * same counts with fake timers).
 *
 * `trust-lobby-verify`: what verifying the signed listings costs a lobby of 100 live rooms before its
 * first frame (stores/lobby-listings.ts: the first 8 are verified before they are shown, the rest on
 * the next turn), normally and under `node --jitless` (the stand-in for iOS, where mini-programs
 * run JavaScriptCore without JIT). Each in a fresh process: `firstLobby` is an app run's first
 * lobby after the store warmed the verifier while signing in (DocumentVerifier.warmUp, timed apart
 * as `warmUpMs`: loading @noble and its one-time precomputation); `unwarmed` the same lobby had
 * nobody warmed it (what the warm-up saves); `nextLobby` a second lobby of 100 new listings.
 * Budget: at most 50 ms before the first frame.
 *
 * One bench alone: BENCH_OUT=/tmp/b node node_modules/jest/bin/jest.js -c scripts/bench/jest.config.js \
 *   --selectProjects bench --runInBand bench/trust   (then /tmp/b/trust-*.json; bench/README.md
 *   says how to print their rows)
 */
import { spawnSync } from 'child_process'
import * as path from 'path'
import { when } from 'mobx-miniprogram'
import { createDemoNetwork } from '../miniprogram/services/demo'
import { createStore } from '../miniprogram/stores'
import { QUICK, measure, median } from './lib/result'
import { profileOf, settle } from './lib/people'


const LATENCY = 100
const REPS = QUICK ? 1 : 5

async function roundTrips(withServer: boolean): Promise<{ create: number; join: number }> {
  const create: number[] = []
  const join: number[] = []
  for (let rep = 0; rep < REPS; rep++) {
    const net = createDemoNetwork({ latencyMs: LATENCY })
    try {
      const people = await Promise.all(
        ['主播', '观众'].map(async (name) => {
          const profile = profileOf(name)
          const { rts, rtc, backend, documents } = net.connect(profile)
          const store = createStore(withServer ? { rts, rtc, backend, documents } : { rts, rtc })
          await store.session.signIn(profile)
          return store
        }),
      )
      const [host, viewer] = people
      // both in the lobby, nothing on its way: the create starts from rest
      await settle(net)
      let start = performance.now()
      const creating = host.room.create()
      await when(() => host.room.media.pushUrl !== '' && host.room.status === 'live', { timeout: 20 * LATENCY })
      create.push(performance.now() - start)
      const roomId = await creating
      start = performance.now()
      const joining = viewer.room.join(roomId)
      await when(() => viewer.room.media.players.some((p) => p.url !== ''), { timeout: 20 * LATENCY })
      join.push(performance.now() - start)
      await joining
      for (const store of people) store.dispose()
    } finally {
      net.close()
    }
  }
  return { create: median(create) / LATENCY, join: median(join) / LATENCY }
}

measure('trust-round-trips', async () => {
  const withServer = await roundTrips(true)
  const without = await roundTrips(false)
  return {
    latencyMs: LATENCY,
    reps: REPS,
    createRoundTripsWithServer: withServer.create,
    joinRoundTripsWithServer: withServer.join,
    createRoundTripsWithout: without.create,
    joinRoundTripsWithout: without.join,
    targetCreateWithServer: 2,
  }
})

/** Runs in a child process (node or node --jitless): the store's listing code, TypeScript compiled by swc. */
const CHILD = String.raw`
const crypto = require('crypto'), fs = require('fs'), Module = require('module'), path = require('path')
const root = process.argv[1]
const swc = require(path.join(root, 'node_modules/@swc/core'))
require.extensions['.ts'] = (m, file) => m._compile(swc.transformSync(fs.readFileSync(file, 'utf8'), { filename: file, jsc: { parser: { syntax: 'typescript' }, target: 'es2020' }, module: { type: 'commonjs' } }).code, file)
const npm = path.join(root, 'miniprogram/services/demo/miniprogram_npm'), resolve = Module._resolveFilename
Module._resolveFilename = function (request, ...rest) {
  if (request === '@noble/ed25519') return path.join(npm, '@noble/ed25519/index.js')
  if (request.startsWith('@noble/hashes/')) return path.join(npm, request)
  return resolve.call(this, request, ...rest)
}
const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519')
const sign = (p) => { const body = Buffer.from(JSON.stringify(p)).toString('base64url'); return body + '.' + crypto.sign(null, Buffer.from(body, 'ascii'), privateKey).toString('base64url') }
const t = () => Number(process.hrtime.bigint()) / 1e6
const loadStart = t()
const { createDocumentVerifier } = require(path.join(root, 'miniprogram/core/signed-docs.ts'))
const { SignedListings } = require(path.join(root, 'miniprogram/stores/lobby-listings.ts'))
// the services subpackage's loader, as the app hands it to its verifier: @noble itself loads on the first check
const { ed25519 } = require(path.join(root, 'miniprogram/services/demo/ed25519.ts'))
const compileMs = t() - loadStart
const now = Date.now()
function lobby(offset) {
  const entries = {}
  for (let i = 0; i < 100; i++) {
    const roomId = String(100000 + offset + i)
    entries['sig-room-' + roomId] = sign({ v: 1, kind: 'listing', roomId, host: { id: 'uHost' + i, name: '主播' + i }, since: now - i * 1000, exp: now + 90000, title: '第 ' + i + ' 场' })
  }
  const documents = createDocumentVerifier({ publicKey: publicKey.export({ format: 'jwk' }).x, now: () => Date.now(), ed25519 })
  const backend = { now: () => Date.now() }
  const later = []
  const shown = []
  const listings = new SignedListings({ trust: { backend, documents }, schedule: (fn) => (later.push(fn), () => {}), show: (r) => shown.push(r.length), inLobby: () => true })
  const start = t()
  listings.setEntries(entries)
  const firstFrameMs = t() - start
  const firstVerified = documents.verifications
  const restStart = t()
  later.shift()()
  return { firstFrameMs, shownFirst: shown[0], firstVerified, restMs: t() - restStart, shownAll: shown[1] }
}
const warmUpStart = t()
const warmed = process.argv[2] === 'warm' ? createDocumentVerifier({ publicKey: publicKey.export({ format: 'jwk' }).x, now: () => Date.now(), ed25519 }).warmUp() : false
const warmUpMs = t() - warmUpStart
const firstLobby = lobby(0)
const nextLobby = lobby(1000)
process.stdout.write(JSON.stringify({ compileMs, warmed, warmUpMs, firstLobby, nextLobby }))
`

measure('trust-lobby-verify', async () => {
  const root = path.resolve(__dirname, '..')
  const modes: Record<string, unknown> = {}
  for (const [mode, flags] of [
    ['node', []],
    ['jitless', ['--jitless']],
  ] as const) {
    const child = (warm: boolean) => {
      const run = spawnSync(process.execPath, [...flags, '-e', CHILD, root, warm ? 'warm' : 'cold'], { encoding: 'utf8', cwd: root })
      if (run.status !== 0) throw new Error(`${mode}: ${run.stderr.split('\n').slice(-5).join(' ')}`)
      return JSON.parse(run.stdout) as { warmUpMs: number; firstLobby: unknown; nextLobby: unknown }
    }
    const warmed = child(true)
    const unwarmed = child(false)
    modes[mode] = { warmUpMs: warmed.warmUpMs, firstLobby: warmed.firstLobby, nextLobby: warmed.nextLobby, unwarmed: unwarmed.firstLobby }
  }
  return { listings: 100, firstShown: 8, budgetMs: 50, ...modes }
})
