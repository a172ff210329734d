/*
 * The mini-program's packages as app.json declares them: the main package and each subpackage
 * (`subPackages`, each a folder under miniprogram/ with its own download), and which built npm
 * packages live inside a subpackage instead of the main package.
 *
 * WeChat's limits (developers.weixin.qq.com/miniprogram/dev/framework/subpackages.html): the main
 * package and every subpackage at most 2 MB each, all packages together at most 20 MB.
 */
const fs = require('fs')
const path = require('path')

const MAIN = 'main'
const LIMITS = { packageBytes: 2048 * 1024, totalBytes: 20 * 1024 * 1024 }

/**
 * npm packages only a subpackage uses, by subpackage root. scripts/build-npm.js builds every
 * dependency into miniprogram/miniprogram_npm ("构建 npm") and then moves these into
 * <root>/miniprogram_npm, where WeChat's require finds them first: a bare name is looked up in the
 * miniprogram_npm folder beside the requiring file, then in each parent folder's (miniprogram-ci
 * models it the same way: dist/common/code-analyse/index.js walks `path.join(dir, "../")` up to
 * the root looking for `miniprogram_npm/<name>`).
 */
const NPM_IN_SUBPACKAGES = {
  'services/rongcloud': ['@rongcloud/engine', '@rongcloud/imlib-next', '@rongcloud/plugin-wechat-rtc'],
}

/**
 * The subpackage each service mode loads with require.async (miniprogram/services/packages.ts):
 * before the lobby's first frame only the main package is downloaded, before "connected" also this.
 */
const MODE_SUBPACKAGES = { demo: 'services/demo', rongcloud: 'services/rongcloud' }

/** The subpackages of `app.json` (in miniprogram root `root`): [{ root, name, pages, independent }]. */
function subPackagesOf(miniprogramRoot) {
  return subPackagesFromAppJson(JSON.parse(fs.readFileSync(path.join(miniprogramRoot, 'app.json'), 'utf8')))
}

function subPackagesFromAppJson(app) {
  return (app.subPackages || app.subpackages || []).map((sp) => ({
    root: String(sp.root).replace(/^\/+|\/+$/g, ''),
    name: sp.name || String(sp.root).replace(/^\/+|\/+$/g, ''),
    pages: sp.pages || [],
    independent: !!sp.independent,
  }))
}

/** Which package a file (path relative to the miniprogram root, '/' separated) belongs to. */
function packageOf(file, subPackages) {
  const f = file.replace(/^\/+/, '')
  const sp = subPackages.find((s) => f === s.root || f.startsWith(`${s.root}/`))
  return sp ? sp.root : MAIN
}

module.exports = { MAIN, LIMITS, NPM_IN_SUBPACKAGES, MODE_SUBPACKAGES, subPackagesOf, subPackagesFromAppJson, packageOf }
