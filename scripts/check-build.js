#!/usr/bin/env node
/*
 * Compiles the mini-program as DevTools does for upload (miniprogram-ci: TS → JS, ES5, minified)
 * and checks the result the way WeChat will run it, for the main package and every subpackage
 * (app.json subPackages):
 *  - every require() in the compiled code names a file of the upload: relative paths get ".js"
 *    appended (WeChat does not look for a folder's index), npm names resolve in the miniprogram_npm
 *    folder beside the file or in a parent folder's (a subpackage may carry its own);
 *  - a plain require reaches only its own package or, from a non-independent subpackage, the main
 *    package; another package's code only through require.async / require(path, callback)
 *    (分包异步化: developers.weixin.qq.com/miniprogram/dev/framework/subpackages/async.html), whose
 *    target must exist as well;
 *  - WeChat's size limits: the main package and each subpackage at most 2 MB, all at most 20 MB.
 *
 *   node scripts/check-build.js [projectDir]     (default: this project)
 */
const path = require('path')
const { compileForUpload, sizeByPackage } = require('./lib/compile')
const { MAIN, LIMITS, packageOf } = require('./lib/packages')

const project = path.resolve(process.cwd(), process.argv[2] || path.join(__dirname, '..'))
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`

/** require('x'), require('x', onLoaded, onError), require.async('x'): the request and whether it waits. */
const REQUIRE = /\brequire(\.async)?\(\s*(["'])([^"']+)\2\s*([,)])/g

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

compileForUpload({ project })
  .then(({ files }) => {
    const names = new Set(Object.keys(files).map((f) => f.replace(/^\//, '')))
    const { subPackages, packages, total } = sizeByPackage(files)
    const independent = new Set(subPackages.filter((s) => s.independent).map((s) => s.root))
    const errors = []
    let requires = 0
    let asyncRequires = 0
    for (const [name, content] of Object.entries(files)) {
      const file = name.replace(/^\//, '')
      // the built npm packages' own requires are their builder's business
      if (!file.endsWith('.js') || /(^|\/)miniprogram_npm\//.test(file)) continue
      for (const m of String(content).matchAll(REQUIRE)) {
        const request = m[3]
        const waits = m[1] === '.async' || m[4] === ','
        requires++
        if (waits) asyncRequires++
        const target = resolve(names, file, request)
        if (!target) {
          errors.push(`${file}: require${waits ? ' (async)' : ''}('${request}') names no file of the package`)
          continue
        }
        const from = packageOf(file, subPackages)
        const to = packageOf(target, subPackages)
        if (waits || from === to) continue
        if (to !== MAIN) {
          errors.push(`${file}: require('${request}') reaches into subpackage ${to} from ${from === MAIN ? 'the main package' : `subpackage ${from}`}; only require.async / require(path, callback) may`)
        } else if (independent.has(from)) {
          errors.push(`${file}: require('${request}') reaches into the main package from independent subpackage ${from}`)
        }
      }
    }
    for (const [root, { total: bytes }] of packages) {
      if (bytes > LIMITS.packageBytes) errors.push(`${root === MAIN ? 'main package' : `subpackage ${root}`} is ${kb(bytes)}, over WeChat's 2,048 KB`)
    }
    if (total > LIMITS.totalBytes) errors.push(`all packages together are ${kb(total)}, over WeChat's 20 MB`)
    for (const e of errors) console.error(`✖ ${e}`)
    const sizes = [...packages].map(([root, p]) => `${root} ${kb(p.total)}`).join(', ')
    console.log(`check-build: ${names.size} files, ${requires} requires checked (${asyncRequires} async), ${sizes}; ${errors.length} problems`)
    process.exit(errors.length ? 1 : 0)
  })
  .catch((e) => {
    console.error(`✖ compile failed${e && e.path ? ` in ${e.path}` : ''}: ${(e && e.message) || e}`)
    process.exit(1)
  })
