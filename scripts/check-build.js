#!/usr/bin/env node
/*
 * Compiles the mini-program as DevTools does for upload (miniprogram-ci: TS → JS, ES5, minified)
 * and checks the result the way WeChat will run it, for the main package and every subpackage
 * (app.json subPackages):
 *  - every require() in the compiled code names a file of the upload: relative paths get ".js"
 *    appended (WeChat does not look for a folder's index), npm names resolve in the miniprogram_npm
 *    folder beside the file or in a parent folder's (a subpackage may carry its own);
 *  - every usingComponents entry (app.json, pages, components) names a component of the upload (its
 *    .json, .js and .wxml), every WXSS @import a style of the upload, every page of app.json has
 *    its .js and .wxml;
 *  - each of those reaches only what WeChat lets its package reach (scripts/lib/packages.js
 *    crossPackageProblem): its own package or, from a non-independent subpackage, the main
 *    package; another subpackage's code only through require.async / require(path, callback)
 *    (分包异步化: developers.weixin.qq.com/miniprogram/dev/framework/subpackages/async.html), its
 *    components only with a componentPlaceholder, and the main package none of a subpackage's
 *    components (the lobby's first frame needs the main package alone);
 *  - app.json preloadRule names pages and subpackages that exist (miniprogram-ci refuses to compile
 *    it otherwise, as it refuses a usingComponents path that names nothing), and the pages of one
 *    package preload at most 2 MB together;
 *  - WeChat's size limits: the main package and each subpackage at most 2 MB, all at most 20 MB.
 *
 *   node scripts/check-build.js [projectDir]     (default: this project)
 */
const path = require('path')
const { compileForUpload, sizeByPackage } = require('./lib/compile')
const { MAIN, LIMITS, crossPackageProblem, packageOf, pagesFromAppJson, preloadQuotaProblems, preloadRulesOf } = require('./lib/packages')

const project = path.resolve(process.cwd(), process.argv[2] || path.join(__dirname, '..'))
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`

/** require('x'), require('x', onLoaded, onError), require.async('x'): the request and whether it waits. */
const REQUIRE = /\brequire(\.async)?\(\s*(["'])([^"']+)\2\s*([,)])/g
/** @import "x"; / @import 'x'; in compiled WXSS */
const WXSS_IMPORT = /@import\s+(["'])([^"']+)\1/g
const isNpm = (file) => /(^|\/)miniprogram_npm\//.test(file)

/** The file of the upload WeChat's require finds for `request` made from `file`, or null. */
function resolve(names, file, request) {
  if (request.startsWith('.')) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), request))
    return [target, `${target}.js`].find((c) => names.has(c)) ?? null
  }
  if (request.startsWith('/')) return null // absolute paths need app.json resolveAlias, which we do not use
  for (let dir = path.posix.dirname(file); ; dir = path.posix.dirname(dir)) {
    const base = dir === '.' ? 'miniprogram_npm' : `${dir}/miniprogram_npm`
    const found = [`${base}/${request}.js`, `${base}/${request}/index.js`, `${base}/${request}`].find((c) => names.has(c))
    if (found) return found
    if (dir === '.') return null
  }
}

/**
 * The component a usingComponents value names, from the .json `file`: its path without extension
 * when the upload has its .json, .js and .wxml, else null. Absolute paths start at the root,
 * relative ones at the file's folder; a bare name is looked up beside the file, then in each
 * miniprogram_npm up to the root (a folder stands for its index).
 */
function resolveComponent(names, file, request) {
  const dir = path.posix.dirname(file)
  const bases = []
  if (request.startsWith('/')) bases.push(request.replace(/^\/+/, ''))
  else bases.push(path.posix.normalize(path.posix.join(dir, request)))
  if (!request.startsWith('/') && !request.startsWith('.')) {
    for (let d = dir; ; d = path.posix.dirname(d)) {
      bases.push(d === '.' ? `miniprogram_npm/${request}` : `${d}/miniprogram_npm/${request}`)
      if (d === '.') break
    }
  }
  const complete = (base) => ['json', 'js', 'wxml'].every((ext) => names.has(`${base}.${ext}`))
  for (const base of bases) {
    for (const candidate of [base, `${base}/index`]) if (complete(candidate)) return candidate
  }
  return null
}

compileForUpload({ project })
  .then(({ files }) => {
    const text = (name) => String(files[name] ?? files[`/${name}`])
    const names = new Set(Object.keys(files).map((f) => f.replace(/^\//, '')))
    const { subPackages, packages, total } = sizeByPackage(files)
    const independent = new Set(subPackages.filter((s) => s.independent).map((s) => s.root))
    const pkg = (file) => packageOf(file, subPackages)
    const errors = []
    const counts = { requires: 0, async: 0, components: 0, styles: 0 }

    // code
    for (const file of names) {
      // the built npm packages' own requires are their builder's business
      if (!file.endsWith('.js') || isNpm(file)) continue
      for (const m of text(file).matchAll(REQUIRE)) {
        const request = m[3]
        const waits = m[1] === '.async' || m[4] === ','
        counts.requires++
        if (waits) counts.async++
        const target = resolve(names, file, request)
        if (!target) {
          errors.push(`${file}: require${waits ? ' (async)' : ''}('${request}') names no file of the package`)
          continue
        }
        const problem = crossPackageProblem(pkg(file), pkg(target), waits ? 'async' : 'require', independent)
        if (problem) errors.push(`${file}: require('${request}') ${problem}`)
      }
    }

    // components: app.json's, and every page's and component's (a .json beside a .wxml)
    const app = JSON.parse(text('app.json'))
    const jsonFiles = [...names].filter((f) => f === 'app.json' || (f.endsWith('.json') && !isNpm(f) && names.has(f.replace(/\.json$/, '.wxml'))))
    for (const file of jsonFiles) {
      const json = file === 'app.json' ? app : JSON.parse(text(file))
      const placeholders = json.componentPlaceholder || {}
      for (const [tag, request] of Object.entries(json.usingComponents || {})) {
        if (/^plugin(-private)?:\/\//.test(request)) continue
        counts.components++
        const target = resolveComponent(names, file, request)
        if (!target) {
          errors.push(`${file}: usingComponents["${tag}"] = "${request}" names no component of the package (.json, .js and .wxml)`)
          continue
        }
        const problem = crossPackageProblem(pkg(file), pkg(target), placeholders[tag] ? 'placeholder' : 'component', independent)
        if (problem) errors.push(`${file}: usingComponents["${tag}"] = "${request}" ${problem}`)
      }
    }

    // styles
    for (const file of names) {
      if (!file.endsWith('.wxss') || isNpm(file)) continue
      for (const m of text(file).matchAll(WXSS_IMPORT)) {
        counts.styles++
        const request = m[2]
        const target = request.startsWith('/') ? request.replace(/^\/+/, '') : path.posix.normalize(path.posix.join(path.posix.dirname(file), request))
        if (!names.has(target)) {
          errors.push(`${file}: @import "${request}" names no file of the package`)
          continue
        }
        const problem = crossPackageProblem(pkg(file), pkg(target), 'style', independent)
        if (problem) errors.push(`${file}: @import "${request}" ${problem}`)
      }
    }

    // pages: present, and in the package app.json puts them in
    const pages = pagesFromAppJson(app)
    for (const { route, root } of pages) {
      for (const ext of ['js', 'wxml']) if (!names.has(`${route}.${ext}`)) errors.push(`page ${route}: no ${route}.${ext} in the package`)
      if (pkg(`${route}.js`) !== root) errors.push(`page ${route} is listed in ${root === MAIN ? 'app.json pages' : `subpackage ${root}`} but lies in ${pkg(`${route}.js`) === MAIN ? 'the main package' : `subpackage ${pkg(`${route}.js`)}`}`)
    }

    // preloading (miniprogram-ci itself refuses to compile a rule naming an unknown page or package)
    const { rules, problems } = preloadRulesOf(app)
    errors.push(...problems, ...preloadQuotaProblems(rules, (root) => packages.get(root)?.total ?? 0))

    // sizes
    for (const [root, { total: bytes }] of packages) {
      if (bytes > LIMITS.packageBytes) errors.push(`${root === MAIN ? 'main package' : `subpackage ${root}`} is ${kb(bytes)}, over WeChat's 2,048 KB`)
    }
    if (total > LIMITS.totalBytes) errors.push(`all packages together are ${kb(total)}, over WeChat's 20 MB`)

    for (const e of errors) console.error(`✖ ${e}`)
    const sizes = [...packages].map(([root, p]) => `${root} ${kb(p.total)}`).join(', ')
    console.log(
      `check-build: ${names.size} files, ${pages.length} pages, ${counts.requires} requires checked (${counts.async} async), ` +
        `${counts.components} usingComponents, ${counts.styles} style imports, ${rules.length} preload rules, ${sizes}; ${errors.length} problems`,
    )
    process.exit(errors.length ? 1 : 0)
  })
  .catch((e) => {
    console.error(`✖ compile failed${e && e.path ? ` in ${e.path}` : ''}: ${(e && e.message) || e}`)
    process.exit(1)
  })
