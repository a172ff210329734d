/*
 * What a first-time visitor downloads, from the compiled upload: WeChat downloads the main package
 * and the package of the page it opens before that page's first frame (the entry page: app.json
 * entryPagePath, or the first of `pages`); a subpackage required with require.async comes while
 * the page already shows. Each service mode loads one subpackage (MODE_SUBPACKAGES), so "before
 * connected" adds it.
 *
 * Every other page: what opening it from the entry page costs (its package, unless the main package
 * holds it or a preloadRule already fetched it) and what a visitor who opens it straight from a
 * link (a share card, a scanned code) downloads before its first frame: the main package and its
 * own. And what each preloadRule fetches, on which network.
 */
const { sizeByPackage } = require('./compile')
const { MAIN, MODE_SUBPACKAGES, packageOf, pagesFromAppJson, preloadRulesOf } = require('./packages')

function download(files) {
  const { subPackages, packages, total } = sizeByPackage(files)
  const app = JSON.parse(String(files['app.json'] ?? files['/app.json']))
  const entry = String(app.entryPagePath || (app.pages || [])[0] || '').replace(/^\//, '')
  const entryPackage = packageOf(`${entry}.js`, subPackages)
  const firstFramePackages = [...new Set([MAIN, entryPackage])]
  const sum = (roots) => roots.reduce((n, root) => n + packages.get(root).total, 0)
  const modes = {}
  for (const [mode, root] of Object.entries(MODE_SUBPACKAGES)) {
    if (!packages.has(root)) throw new Error(`app.json has no subpackage ${root} (the ${mode} mode's services)`)
    const connectedPackages = [...new Set([...firstFramePackages, root])]
    modes[mode] = {
      firstFramePackages,
      beforeFirstFrame: sum(firstFramePackages),
      connectedPackages,
      beforeConnected: sum(connectedPackages),
    }
  }
  const { rules } = preloadRulesOf(app)
  const preloads = rules.map((rule) => ({ ...rule, bytes: sum(rule.packages.filter((root) => packages.has(root))) }))
  const pages = {}
  for (const { route } of pagesFromAppJson(app)) {
    if (route === entry) continue
    const root = packageOf(`${route}.js`, subPackages)
    const own = root === MAIN || firstFramePackages.includes(root) ? [] : [root]
    const directPackages = [...new Set([MAIN, root])]
    pages[route] = {
      package: root,
      // opened from the entry page, which already has firstFramePackages
      openPackages: own,
      openBytes: sum(own),
      preloadedBy: preloads.filter((p) => p.packages.includes(root)).map((p) => ({ page: p.page, network: p.network })),
      // opened straight from a link: a cold start into this page
      directPackages,
      beforeFirstFrameDirect: sum(directPackages),
    }
  }
  return { entry, packages, total, modes, pages, preloads }
}

module.exports = { download }
