/*
 * The mini-program's packages as app.json declares them: the main package and each subpackage
 * (`subPackages`, each a folder under miniprogram/ with its own download), which built npm
 * packages live inside a subpackage instead of the main package, and WeChat's rules for what one
 * package may use of another.
 *
 * WeChat's limits (developers.weixin.qq.com/miniprogram/dev/framework/subpackages.html): the main
 * package and every subpackage at most 2 MB each, all packages together at most 20 MB.
 */
const fs = require('fs')
const path = require('path')

const MAIN = 'main'
const LIMITS = { packageBytes: 2048 * 1024, totalBytes: 20 * 1024 * 1024 }

/**
 * npm packages only subpackages use, by subpackage root. scripts/build-npm.js builds every
 * dependency into miniprogram/miniprogram_npm ("构建 npm") and then copies these into each
 * <root>/miniprogram_npm that lists them and takes them out of the main package's, so WeChat's
 * require finds them there: a bare name is looked up in the miniprogram_npm folder beside the
 * requiring file, then in each parent folder's (miniprogram-ci models it the same way:
 * dist/common/code-analyse/index.js walks `path.join(dir, "../")` up to the root looking for
 * `miniprogram_npm/<name>`). A package two subpackages use is carried by both: one subpackage
 * cannot require another's files.
 */
const NOBLE = ['@noble/ed25519', '@noble/hashes']
const NPM_IN_SUBPACKAGES = {
  // the RongCloud SDKs; @noble checks and signs documents only once connected (services/noble-ed25519.ts)
  'services/rongcloud': ['@rongcloud/engine', '@rongcloud/imlib-next', '@rongcloud/plugin-wechat-rtc', ...NOBLE],
  'services/demo': NOBLE,
}

/**
 * The subpackage each service mode loads with require.async (miniprogram/services/packages.ts):
 * before the lobby's first frame only the main package is downloaded, before "connected" also this.
 */
const MODE_SUBPACKAGES = { demo: 'services/demo', rongcloud: 'services/rongcloud' }

/**
 * Subpackages preloaded on entering a page (app.json `preloadRule`, 分包预下载: "同一个分包中的页面
 * 享有共同的预下载大小限额 2M", developers.weixin.qq.com/miniprogram/dev/framework/subpackages/preload.html):
 * what the pages of one package preload, together, at most 2 MB.
 */
const PRELOAD_LIMIT_BYTES = 2048 * 1024
/** preloadRule `network`: 'wifi' (the default) or 'all' */
const PRELOAD_NETWORKS = ['wifi', 'all']

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

/** Every page of app.json with the package it is declared in: [{ route, root }] (root MAIN for `pages`). */
function pagesFromAppJson(app) {
  const main = (app.pages || []).map((route) => ({ route: String(route).replace(/^\/+/, ''), root: MAIN }))
  const sub = subPackagesFromAppJson(app).flatMap((sp) => sp.pages.map((page) => ({ route: `${sp.root}/${String(page).replace(/^\/+/, '')}`, root: sp.root })))
  return [...main, ...sub]
}

/**
 * Whether code, a component or a style in package `from` may use what lies in package `to`
 * (WeChat's 引用原则, developers.weixin.qq.com/miniprogram/dev/framework/subpackages/basic.html,
 * and 分包异步化, .../subpackages/async.html): its own package; the main package, unless `from` is
 * an independent subpackage; another subpackage only asynchronously (require.async, or a
 * component with a componentPlaceholder). Ours is stricter in one point: the main package uses no
 * subpackage's component at all, placeholder or not, so that the lobby's first frame needs the
 * main package alone. `how`: 'require' | 'async' | 'component' | 'placeholder' (a component with
 * a placeholder) | 'style' (a WXSS @import). Returns null when allowed, else why not.
 */
function crossPackageProblem(from, to, how, independentRoots = new Set()) {
  if (from === to) return null
  const name = (root) => (root === MAIN ? 'the main package' : `subpackage ${root}`)
  if (to === MAIN) return independentRoots.has(from) ? `reaches into the main package from independent ${name(from)}` : null
  if (how === 'async') return null
  if (from === MAIN && (how === 'component' || how === 'placeholder')) {
    return `is a component of ${name(to)}, used from the main package (the lobby's first frame must need the main package alone)`
  }
  if (how === 'placeholder') return null
  const only = { require: 'only require.async / require(path, callback) may', component: 'it needs a componentPlaceholder', style: 'no package may import another subpackage\'s style' }[how]
  return `reaches into ${name(to)} from ${name(from)}; ${only}`
}

/**
 * The preloadRule of app.json, checked against its pages and subpackages: { rules: [{ page, root,
 * network, packages: [subpackage root] }], problems: [text] } (an unknown page or package, a
 * network WeChat does not know, an empty list).
 */
function preloadRulesOf(app) {
  const subPackages = subPackagesFromAppJson(app)
  const pages = pagesFromAppJson(app)
  const rules = []
  const problems = []
  for (const [key, rule] of Object.entries(app.preloadRule || {})) {
    const page = key.replace(/^\/+/, '')
    const declared = pages.find((p) => p.route === page)
    if (!declared) problems.push(`preloadRule["${key}"]: no such page in app.json`)
    const network = rule && rule.network !== undefined ? rule.network : 'wifi'
    if (!PRELOAD_NETWORKS.includes(network)) problems.push(`preloadRule["${key}"].network is "${network}": WeChat knows ${PRELOAD_NETWORKS.join(' and ')}`)
    const wanted = (rule && rule.packages) || []
    if (!Array.isArray(wanted) || !wanted.length) problems.push(`preloadRule["${key}"]: "packages" must list what to preload`)
    const roots = []
    for (const item of Array.isArray(wanted) ? wanted : []) {
      const target = String(item).replace(/^\/+|\/+$/g, '')
      const sp = subPackages.find((s) => s.name === target) || subPackages.find((s) => s.root === target)
      if (target === '__APP__') {
        // the main package: worth preloading only from an independent subpackage, which runs without it
        if (declared && subPackages.some((s) => s.root === declared.root && s.independent)) roots.push(MAIN)
        else problems.push(`preloadRule["${key}"]: "__APP__" (the main package) is preloaded only from an independent subpackage`)
      } else if (!sp) problems.push(`preloadRule["${key}"]: "${item}" is neither the name nor the root of a subpackage`)
      else roots.push(sp.root)
    }
    rules.push({ page, root: declared ? declared.root : MAIN, network, packages: [...new Set(roots)] })
  }
  return { rules, problems }
}

/** The preload quota: what the pages of one package preload, together, at most 2 MB. `bytesOf(root)`: a package's size. */
function preloadQuotaProblems(rules, bytesOf) {
  const byPackage = new Map()
  for (const rule of rules) {
    const bytes = rule.packages.reduce((n, root) => n + bytesOf(root), 0)
    byPackage.set(rule.root, (byPackage.get(rule.root) || 0) + bytes)
  }
  return [...byPackage]
    .filter(([, bytes]) => bytes > PRELOAD_LIMIT_BYTES)
    .map(([root, bytes]) => `the pages of ${root === MAIN ? 'the main package' : `subpackage ${root}`} preload ${(bytes / 1024).toFixed(1)} KB together, over WeChat's 2,048 KB`)
}

module.exports = {
  MAIN,
  LIMITS,
  PRELOAD_LIMIT_BYTES,
  NPM_IN_SUBPACKAGES,
  MODE_SUBPACKAGES,
  subPackagesOf,
  subPackagesFromAppJson,
  pagesFromAppJson,
  packageOf,
  crossPackageProblem,
  preloadRulesOf,
  preloadQuotaProblems,
}
