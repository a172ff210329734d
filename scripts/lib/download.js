/*
 * What a first-time visitor downloads, from the compiled upload: WeChat downloads the main package
 * and the package of the page it opens before that page's first frame (the entry page: app.json
 * entryPagePath, or the first of `pages`); a subpackage required with require.async comes while
 * the page already shows. Each service mode loads one subpackage (MODE_SUBPACKAGES), so "before
 * connected" adds it.
 */
const { sizeByPackage } = require('./compile')
const { MAIN, MODE_SUBPACKAGES, packageOf } = require('./packages')

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
  return { entry, packages, total, modes }
}

module.exports = { download }
