#!/usr/bin/env node
/*
 * The packages as DevTools would upload them (compiled and minified by miniprogram-ci): the main
 * package and each subpackage with KB per npm package and for our own code, against WeChat's
 * limits (2,048 KB each, 20 MB together), and what a first-time visitor downloads in each mode:
 * before the lobby's first frame (the main package: the lobby is a main-package page) and before
 * "connected" (plus the subpackage that mode loads with require.async, downloaded while the lobby
 * shows). Then what opening each other page costs (its subpackage, unless a preloadRule fetched it
 * already), what opening it straight from a link downloads before its first frame, and what each
 * preloadRule fetches. Exits 1 over a limit or when the compile fails.
 */
const { compileForUpload } = require('./lib/compile')
const { download } = require('./lib/download')
const { MAIN, LIMITS } = require('./lib/packages')

const kb = (n) => (n / 1024).toFixed(1)
const WIDTH = 62
const line = (label, bytes, note = '') => console.log(`${label.padEnd(WIDTH)}${kb(bytes).padStart(9)}${note ? `  ${note}` : ''}`)
const rule = (ch) => console.log(ch.repeat(WIDTH + 9))
const networkText = (network) => (network === 'all' ? 'any network' : 'Wi-Fi only')

compileForUpload()
  .then(({ files }) => {
    const { entry, packages, total, modes, pages, preloads } = download(files)
    let over = false
    console.log(`${'package / part'.padEnd(WIDTH)}${'KB'.padStart(9)}`)
    for (const [root, pkg] of packages) {
      rule('-')
      const name = root === MAIN ? 'main package' : `subpackage ${root}`
      const pct = ((pkg.total / LIMITS.packageBytes) * 100).toFixed(0)
      over = over || pkg.total > LIMITS.packageBytes
      line(name, pkg.total, `(limit 2,048 KB, ${pct}% used)`)
      for (const [part, bytes] of [...pkg.parts].sort((a, b) => b[1] - a[1])) line(`  ${part}`, bytes)
    }
    rule('=')
    over = over || total > LIMITS.totalBytes
    line('all packages', total, '(limit 20,480 KB)')
    for (const [mode, m] of Object.entries(modes)) {
      line(`${mode} mode: downloaded before the first frame`, m.beforeFirstFrame, `(${m.firstFramePackages.join(' + ')})`)
      line(`${mode} mode: downloaded before connected`, m.beforeConnected, `(${m.connectedPackages.join(' + ')})`)
    }
    rule('-')
    for (const [route, page] of Object.entries(pages)) {
      const preloaded = page.preloadedBy.map((p) => `preloaded by ${p.page}, ${networkText(p.network)}`).join('; ')
      line(`opening ${route} from ${entry}`, page.openBytes, `(${page.openPackages.join(' + ') || 'nothing more'}${preloaded ? `; ${preloaded}` : ''})`)
      line(`  straight from a link: before its first frame`, page.beforeFirstFrameDirect, `(${page.directPackages.join(' + ')})`)
    }
    for (const p of preloads) line(`preloaded on entering ${p.page} (${networkText(p.network)})`, p.bytes, `(${p.packages.join(' + ')})`)
    process.exit(over ? 1 : 0)
  })
  .catch((e) => {
    console.error(`size: compile failed${e && e.path ? ` in ${e.path}` : ''}: ${(e && e.message) || e}`)
    process.exit(1)
  })
