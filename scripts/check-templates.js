#!/usr/bin/env node
/*
 * Compiles every .wxml / .wxs / .wxss of ours with WeChat's own compilers, without DevTools:
 * the Linux `wcc` (WXML + WXS) and `wcsc` (WXSS) binaries shipped in the npm package
 * miniprogram-compiler, one spawn per file so that every broken file is listed, then a second
 * pass over the WXML with glass-easel-template-compiler (the newer WXML compiler), whose
 * errors also fail the run. Exit code 1 on any error.
 *
 *   node scripts/check-templates.js [dir]     (default: miniprogram/)
 */
const { spawnSync } = require('child_process')
const fs = require('fs')
const path = require('path')
const ge = require('glass-easel-template-compiler')

const root = path.resolve(process.cwd(), process.argv[2] || path.join(__dirname, '..', 'miniprogram'))
const platformDir = { linux: 'linux', darwin: 'mac', win32: 'windows' }[process.platform]
const binDir = path.join(path.dirname(require.resolve('miniprogram-compiler/package.json')), 'bin', platformDir)
const exe = (name) => path.join(binDir, process.platform === 'win32' ? `${name}.exe` : name)
// the npm tarball ships the binaries without the exec bit
for (const name of ['wcc', 'wcsc']) {
  try {
    fs.chmodSync(exe(name), 0o755)
  } catch {
    /* read-only node_modules: fine if already executable */
  }
}

const SKIP = new Set(['node_modules', 'miniprogram_npm'])
function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      if (!SKIP.has(e.name)) walk(path.join(dir, e.name), out)
    } else out.push(path.relative(root, path.join(dir, e.name)).split(path.sep).join('/'))
  }
  return out
}

const files = walk(root)
const byExt = (ext) => files.filter((f) => f.endsWith(ext))

/** The files a WXSS file @imports (relative to it), as paths from the root. */
function importsOf(file) {
  const text = fs.readFileSync(path.join(root, file), 'utf8')
  const found = [...text.matchAll(/@import\s+["']([^"']+)["']/g)].map((m) => path.posix.join(path.posix.dirname(file), m[1]))
  return found.filter((f) => files.includes(f))
}

const jobs = [
  ...byExt('.wxml').map((f) => ['wcc', ['-d', f]]),
  ...byExt('.wxs').map((f) => ['wcc', ['-d', f]]),
  // wcsc resolves a file's @import only among the files it is given, as WeChat's build gives it all
  ...byExt('.wxss').map((f) => ['wcsc', ['-js', f, ...importsOf(f)]]),
]
let errors = 0
for (const [tool, args] of jobs) {
  const r = spawnSync(exe(tool), args, { cwd: root, maxBuffer: 64 * 1024 * 1024 })
  if (r.error) throw r.error
  if (r.status !== 0) {
    errors++
    const msg = r.stderr.toString().replace(/error file count: \d+\s*/g, '').trim()
    console.error(`✖ ${args[args.length - 1]} (${tool}, exit ${r.status ?? r.signal}): ${msg}`)
  }
}

const group = new ge.TmplGroup()
for (const f of byExt('.wxml')) {
  const diagnostics = group.addTmpl(f.replace(/\.wxml$/, ''), fs.readFileSync(path.join(root, f), 'utf8')) || []
  for (const d of diagnostics) {
    // warnings too (duplicated attribute, missing end tag, ...): in our own templates they are mistakes
    errors++
    console.error(`✖ ${f}:${d.startLine + 1}:${d.startColumn + 1} (glass-easel ${d.level}): ${d.message}`)
  }
}
console.log(`check-templates: ${jobs.length} template/style files checked, ${errors} errors`)
process.exit(errors ? 1 : 0)
