#!/usr/bin/env node
/*
 * What verifying signed documents costs (core/signed-docs.ts with @noble/ed25519 as built into
 * the services subpackages' miniprogram_npm: the demo's copy, through its loader), normally and
 * under `node --jitless`, the stand-in for iOS where mini-programs run JavaScriptCore without JIT:
 *   - the first verification (module load and noble's precomputation included),
 *   - one verification after that (median of 30, each a new document),
 *   - a lobby of 100 listings: verifying all of them, and the first 10 (what a screen shows;
 *     DocumentVerifier.firstValid stops there), each on a fresh verifier (median of 5),
 *   - the same 100 again on the same verifier (answered from its cache).
 * Documents are signed with node:crypto exactly as the server signs them.
 *
 *   node scripts/bench-signed-docs.js            both modes (runs itself once more with --jitless)
 *   node [--jitless] scripts/bench-signed-docs.js --one   one mode, this process
 *
 * Not part of `npm test` or `npm run bench`; self-contained (TypeScript compiled on the fly by swc).
 */
const { spawnSync } = require('child_process')
const nodeCrypto = require('crypto')
const fs = require('fs')
const Module = require('module')
const path = require('path')

const root = path.resolve(__dirname, '..')

if (!process.argv.includes('--one')) {
  const rows = []
  for (const flags of [[], ['--jitless']]) {
    const r = spawnSync(process.execPath, [...flags, __filename, '--one'], { encoding: 'utf8' })
    if (r.status !== 0) {
      process.stderr.write(r.stdout + r.stderr)
      process.exit(1)
    }
    rows.push({ mode: flags.length ? 'node --jitless' : 'node', ...JSON.parse(r.stdout) })
  }
  const ms = (v) => `${v.toFixed(2)} ms`
  console.log(`signed documents: @noble/ed25519 verify (node ${process.version}, ${require('os').cpus()[0]?.model ?? ''})\n`)
  console.log(['mode', 'first verify', 'one verify', '100 listings', 'first 10 of 100', '100 again (cached)'].map((h) => h.padEnd(18)).join(''))
  for (const r of rows) console.log([r.mode, ms(r.first), ms(r.one), ms(r.lobby100), ms(r.lobby10), ms(r.cached100)].map((c) => c.padEnd(18)).join(''))
  console.log('\nbudget: at most 50 ms verifying before a lobby of 100 listings shows its first frame')
  process.exit(0)
}

// ---- one mode, in this process ------------------------------------------------------------------

const swc = require('@swc/core')
require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2020' },
    module: { type: 'commonjs' },
  })
  module._compile(code, filename)
}
const npm = path.join(root, 'miniprogram', 'services', 'demo', 'miniprogram_npm')
const resolve = Module._resolveFilename
Module._resolveFilename = function (request, parent, ...rest) {
  if (request === '@noble/ed25519') return path.join(npm, '@noble/ed25519/index.js')
  if (request.startsWith('@noble/hashes/')) return path.join(npm, request)
  return resolve.call(this, request, parent, ...rest)
}

const { privateKey, publicKey } = nodeCrypto.generateKeyPairSync('ed25519')
const publicKeyB64 = publicKey.export({ format: 'jwk' }).x
const sign = (payload) => {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url')
  return `${body}.${nodeCrypto.sign(null, Buffer.from(body, 'ascii'), privateKey).toString('base64url')}`
}
const now = Date.now()
const host = { id: 'uHost', name: '主播', avatar: 'https://example.com/a.png' }
const listing = (i) => sign({ v: 1, kind: 'listing', roomId: String(100000 + i), host, since: now - i * 1000, exp: now + 90_000, title: `第 ${i} 场` })

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const time = (fn) => {
  const t = process.hrtime.bigint()
  fn()
  return Number(process.hrtime.bigint() - t) / 1e6
}

const started = process.hrtime.bigint()
const { createDocumentVerifier } = require(path.join(root, 'miniprogram/core/signed-docs.ts'))
// the services subpackage's loader, as the app hands it to its verifier: @noble loads on the first check
const { ed25519 } = require(path.join(root, 'miniprogram/services/demo/ed25519.ts'))
const verifier = () => createDocumentVerifier({ publicKey: publicKeyB64, now: () => now, ed25519 })
const claim = (i) => sign({ v: 1, kind: 'host', roomId: '123456', host, since: now, exp: now + 90_000 + i })

const v0 = verifier()
const firstOk = v0.hostClaim(claim(0), { roomId: '123456' }).ok
const first = Number(process.hrtime.bigint() - started) / 1e6
const singles = []
for (let i = 1; i <= 30; i++) {
  const doc = claim(i)
  singles.push(time(() => v0.hostClaim(doc, { roomId: '123456' })))
}
const lobby = Array.from({ length: 100 }, (_, i) => [String(100000 + i), listing(i)])
const all = []
const ten = []
let shown = 0
for (let r = 0; r < 5; r++) {
  const v = verifier()
  all.push(time(() => (shown = v.firstValid(lobby, 100).length)))
  const w = verifier()
  ten.push(time(() => w.firstValid(lobby, 10)))
}
const cachedVerifier = verifier()
cachedVerifier.firstValid(lobby, 100)
const cached = time(() => cachedVerifier.firstValid(lobby, 100))
if (!firstOk || shown !== 100) throw new Error('documents did not verify')
process.stdout.write(JSON.stringify({ first, one: median(singles), lobby100: median(all), lobby10: median(ten), cached100: cached }))
