#!/usr/bin/env node
/*
 * The packages as DevTools would upload them (compiled and minified by miniprogram-ci): the main
 * package and each subpackage with KB per npm package and for our own code, against WeChat's
 * limits (2,048 KB each, 20 MB together), and what a first-time visitor downloads in each mode:
 * before the lobby's first frame (the main package: the lobby is a main-package page) and before
 * "connected" (plus the subpackage that mode loads with require.async, downloaded while the lobby
 * shows). Exits 1 over a limit or when the compile fails.
 */
const { compileForUpload } = require('./lib/compile')
const { download } = require('./lib/download')
const { MAIN, LIMITS } = require('./lib/packages')

const kb = (n) => (n / 1024).toFixed(1)
const line = (label, bytes, note = '') => console.log(`${label.padEnd(52)}${kb(bytes).padStart(9)}${note ? `  ${note}` : ''}`)

compileForUpload()
  .then(({ files }) => {
    const { packages, total, modes } = download(files)
    let over = false
    console.log(`${'package / part'.padEnd(52)}${'KB'.padStart(9)}`)
    for (const [root, pkg] of packages) {
      console.log('-'.repeat(61))
      const name = root === MAIN ? 'main package' : `subpackage ${root}`
      const pct = ((pkg.total / LIMITS.packageBytes) * 100).toFixed(0)
      over = over || pkg.total > LIMITS.packageBytes
      line(name, pkg.total, `(limit 2,048 KB, ${pct}% used)`)
      for (const [part, bytes] of [...pkg.parts].sort((a, b) => b[1] - a[1])) line(`  ${part}`, bytes)
    }
    console.log('='.repeat(61))
    over = over || total > LIMITS.totalBytes
    line('all packages', total, '(limit 20,480 KB)')
    for (const [mode, m] of Object.entries(modes)) {
      line(`${mode} mode: downloaded before the first frame`, m.beforeFirstFrame, `(${m.firstFramePackages.join(' + ')})`)
      line(`${mode} mode: downloaded before connected`, m.beforeConnected, `(${m.connectedPackages.join(' + ')})`)
    }
    process.exit(over ? 1 : 0)
  })
  .catch((e) => {
    console.error(`size: compile failed${e && e.path ? ` in ${e.path}` : ''}: ${(e && e.message) || e}`)
    process.exit(1)
  })
