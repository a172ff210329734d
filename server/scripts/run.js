#!/usr/bin/env node
/*
 * node server/scripts/run.js <server|keygen|bench|build>
 *
 * Runs the compiled server (or key generator, or bench), compiling the TypeScript first when the
 * compiled copy is missing or older than its sources — so `npm run server` is right after an edit
 * and fast otherwise. Builds take a lock: several servers started at once compile once.
 * The target runs in this very process, so signals reach the server directly.
 */
const fs = require('fs')
const path = require('path')
const { spawnSync } = require('child_process')

const dir = path.resolve(__dirname, '..')
const builds = {
  app: { tsconfig: 'tsconfig.build.json', out: 'dist', sources: ['src'] },
  bench: { tsconfig: 'tsconfig.bench.json', out: '.bench-dist', sources: ['src', 'test/fakes', 'test/support', 'bench'] },
}
const targets = {
  server: { build: builds.app, main: 'dist/main.js' },
  keygen: { build: builds.app, main: 'dist/keygen.js' },
  bench: { build: builds.bench, main: '.bench-dist/bench/throughput.js' },
  build: { build: builds.app, main: null },
}

function newestMtime(target) {
  let newest = 0
  const visit = (p) => {
    let st
    try {
      st = fs.statSync(p)
    } catch {
      return
    }
    if (st.isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name))
    else newest = Math.max(newest, st.mtimeMs)
  }
  for (const s of [...target.sources, target.tsconfig, 'tsconfig.json', 'package.json']) visit(path.join(dir, s))
  return newest
}

function isStale(build) {
  try {
    return fs.statSync(path.join(dir, build.out, '.build-stamp')).mtimeMs < newestMtime(build)
  } catch {
    return true
  }
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/** a lock left by a build that was killed: its process is gone, or it is older than any build takes */
function isStaleLock(lock) {
  try {
    const pid = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'))
    if (pid) process.kill(pid, 0)
    return Date.now() - fs.statSync(lock).mtimeMs > 120_000
  } catch (e) {
    return e.code === 'ESRCH' || (e.code === 'ENOENT' && Date.now() - fs.statSync(lock).mtimeMs > 2000)
  }
}

function withLock(fn) {
  const lock = path.join(dir, '.build-lock')
  const deadline = Date.now() + 120_000
  for (;;) {
    try {
      fs.mkdirSync(lock)
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid))
      break
    } catch (e) {
      if (e.code !== 'EEXIST') throw e
      try {
        if (isStaleLock(lock)) fs.rmSync(lock, { recursive: true, force: true })
      } catch {
        // gone meanwhile
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`, { cause: e })
      sleep(100)
    }
  }
  try {
    return fn()
  } finally {
    fs.rmSync(lock, { recursive: true, force: true })
  }
}

function ensureBuilt(build) {
  if (!isStale(build)) return
  withLock(() => {
    if (!isStale(build)) return
    let tsc
    try {
      tsc = require.resolve('typescript/bin/tsc', { paths: [dir] })
    } catch {
      console.error('server: TypeScript is not installed (run `npm install` at the root, which installs server/ too)')
      process.exit(1)
    }
    const out = path.join(dir, build.out)
    fs.rmSync(out, { recursive: true, force: true })
    const r = spawnSync(process.execPath, [tsc, '-p', path.join(dir, build.tsconfig)], { cwd: dir, stdio: 'inherit' })
    if (r.status !== 0) {
      console.error(`server: compiling ${build.tsconfig} failed`)
      process.exit(r.status || 1)
    }
    fs.writeFileSync(path.join(out, '.build-stamp'), new Date().toISOString() + '\n')
  })
}

const name = process.argv[2]
const target = targets[name]
if (!target) {
  console.error(`usage: node server/scripts/run.js <${Object.keys(targets).join('|')}>`)
  process.exit(2)
}
ensureBuilt(target.build)
if (target.main) {
  if (process.env.npm_lifecycle_event) {
    // Started by `npm run …` through a shell: a SIGTERM to npm ends the shell but does not reach
    // this process, which would go on holding its port. When our parent goes, stop like on SIGTERM.
    const parent = process.ppid
    setInterval(() => {
      if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM')
    }, 500).unref()
  }
  process.argv.splice(1, 2, path.join(dir, target.main))
  require(path.join(dir, target.main))
}
