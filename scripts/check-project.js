#!/usr/bin/env node
/*
 * What DevTools reports at compile time but jest/simulate silently ignore:
 *  - every page in app.json (pages + subPackages) has a .wxml and a .ts/.js
 *  - every subpackage root is a folder of its own (not inside another subpackage, holding none of
 *    the main package's pages)
 *  - every usingComponents entry (app.json, pages, components) resolves to a component with
 *    "component": true, a .wxml and a .ts/.js (absolute /x, relative ./x, npm → miniprogram_npm);
 *    one in another subpackage needs a componentPlaceholder (分包异步化), and the main package
 *    uses none of a subpackage's (scripts/lib/packages.js crossPackageProblem)
 *  - app.json preloadRule names pages and subpackages that exist
 *  - every relative import names a file; a value import (not `import type`) reaches only its own
 *    package or the main package: another subpackage's code only through require.async
 *
 *   node scripts/check-project.js [dir]     (default: miniprogram/)
 */
const fs = require('fs')
const path = require('path')
const { MAIN, crossPackageProblem, packageOf, preloadRulesOf, subPackagesOf } = require('./lib/packages')

const root = path.resolve(process.cwd(), process.argv[2] || path.join(__dirname, '..', 'miniprogram'))
const errors = []
const exists = (p) => fs.existsSync(p)
const hasScript = (base) => exists(`${base}.ts`) || exists(`${base}.js`)
const rel = (p) => path.relative(root, p).split(path.sep).join('/')
const readJson = (file) => {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (e) {
    errors.push(`${rel(file)}: ${e.message}`)
    return null
  }
}

function resolveComponent(fromJson, request) {
  const candidates = []
  if (request.startsWith('/')) candidates.push(path.join(root, request))
  else if (request.startsWith('.')) candidates.push(path.join(path.dirname(fromJson), request))
  else {
    candidates.push(path.join(path.dirname(fromJson), request))
    for (let dir = path.dirname(fromJson); ; dir = path.dirname(dir)) {
      candidates.push(path.join(dir, 'miniprogram_npm', request))
      if (dir === root || dir === path.dirname(dir)) break
    }
  }
  for (const c of candidates) {
    for (const base of [c, path.join(c, 'index')]) {
      if (exists(`${base}.json`)) return base
    }
  }
  return null
}

let subPackages = []
const packageOfPath = (p) => packageOf(rel(p), subPackages)
const independentRoots = () => new Set(subPackages.filter((s) => s.independent).map((s) => s.root))
const packageName = (root) => (root === MAIN ? 'the main package' : `subpackage ${root}`)

const seen = new Set()
function checkJson(jsonFile, isComponent) {
  if (seen.has(jsonFile)) return
  seen.add(jsonFile)
  const json = readJson(jsonFile)
  if (!json) return
  if (isComponent && json.component !== true) errors.push(`${rel(jsonFile)}: used as a component but lacks "component": true`)
  for (const [tag, request] of Object.entries(json.usingComponents || {})) {
    if (/^plugin(-private)?:\/\//.test(request)) continue
    const base = resolveComponent(jsonFile, request)
    if (!base) {
      errors.push(`${rel(jsonFile)}: usingComponents["${tag}"] = "${request}" does not resolve`)
      continue
    }
    if (!exists(`${base}.wxml`)) errors.push(`${rel(base)}: component has no .wxml`)
    if (!hasScript(base)) errors.push(`${rel(base)}: component has no .ts/.js`)
    const placeholder = !!(json.componentPlaceholder && json.componentPlaceholder[tag])
    const problem = crossPackageProblem(packageOfPath(jsonFile), packageOfPath(base), placeholder ? 'placeholder' : 'component', independentRoots())
    if (problem) errors.push(`${rel(jsonFile)}: usingComponents["${tag}"] = "${request}" ${problem}`)
    checkJson(`${base}.json`, true)
  }
}

const app = readJson(path.join(root, 'app.json')) || {}
subPackages = app.subPackages || app.subpackages ? subPackagesOf(root) : []
const pages = [...(app.pages || [])]
for (const [i, sp] of (app.subPackages || app.subpackages || []).entries()) {
  const where = `app.json subPackages[${i}]`
  if (typeof sp.root !== 'string' || !sp.root.replace(/^\/+|\/+$/g, '')) {
    errors.push(`${where}: "root" must name a folder`)
    continue
  }
  if (!Array.isArray(sp.pages)) errors.push(`${where}: "pages" must be a list (empty for a package of code only)`)
  for (const p of sp.pages || []) pages.push(`${sp.root.replace(/\/$/, '')}/${p}`)
}
for (const sp of subPackages) {
  const dir = path.join(root, sp.root)
  if (!exists(dir) || !fs.statSync(dir).isDirectory()) errors.push(`subpackage ${sp.root}: no such folder`)
  for (const other of subPackages) {
    if (other !== sp && sp.root.startsWith(`${other.root}/`)) errors.push(`subpackage ${sp.root} lies inside subpackage ${other.root}`)
  }
  for (const page of app.pages || []) {
    if (page.startsWith(`${sp.root}/`)) errors.push(`page ${page} of the main package lies inside subpackage ${sp.root}`)
  }
}
if (!pages.length) errors.push('app.json lists no pages')
errors.push(...preloadRulesOf(app).problems)
if (!hasScript(path.join(root, 'app'))) errors.push('app.ts/app.js missing')
checkJson(path.join(root, 'app.json'), false)
for (const page of pages) {
  const base = path.join(root, page)
  if (!exists(`${base}.wxml`)) errors.push(`page ${page}: missing .wxml`)
  if (!hasScript(base)) errors.push(`page ${page}: missing .ts/.js`)
  if (exists(`${base}.json`)) checkJson(`${base}.json`, false)
}
// components that no page uses yet are still checked
;(function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) {
      if (!['node_modules', 'miniprogram_npm'].includes(e.name)) walk(p)
    } else if (e.name.endsWith('.json') && exists(p.replace(/\.json$/, '.wxml'))) checkJson(p, false)
  }
})(root)

// WeChat's require() appends ".js" and does not look for a folder's index, so every relative
// import of ours must name a file (`./demo/index`, not `./demo`). A value import compiles to a
// plain require, which may not reach into another subpackage (type-only imports vanish).
const IMPORT = new RegExp(
  [
    /\b(?<stmt>import|export)\s+(?<type>type\s+)?[^;'"]*?\bfrom\s*['"](?<from>\.{1,2}\/[^'"]*)['"]/.source,
    /\bimport\s*['"](?<bare>\.{1,2}\/[^'"]*)['"]/.source,
    /(?<typeof>\btypeof\s+)?\b(?<call>require|require\.async|import)\(\s*['"](?<arg>\.{1,2}\/[^'"]*)['"]/.source,
  ].join('|'),
  'g',
)
let imports = 0
;(function walkTs(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) {
      if (!['node_modules', 'miniprogram_npm'].includes(e.name)) walkTs(p)
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) {
      const source = fs.readFileSync(p, 'utf8').replace(/^\s*(\/\/.*|\*.*)$/gm, '')
      for (const m of source.matchAll(IMPORT)) {
        imports++
        const g = m.groups
        const request = g.from ?? g.bare ?? g.arg
        const typeOnly = !!g.type || !!g.typeof
        const waits = g.call === 'require.async'
        const target = path.resolve(path.dirname(p), request.replace(/\.js$/, ''))
        const file = [`${target}.ts`, `${target}.js`, target].find((f) => exists(f) && fs.statSync(f).isFile())
        if (!file) {
          errors.push(`${rel(p)}: import '${request}' does not name a file (WeChat does not resolve folders; write '${request}/index')`)
          continue
        }
        const from = packageOfPath(p)
        const to = packageOfPath(file)
        if (!typeOnly && !waits && to !== from && to !== MAIN) {
          errors.push(`${rel(p)}: imports '${request}' from ${packageName(to)}; only require.async may reach another subpackage (or import type)`)
        }
      }
    }
  }
})(root)

for (const e of errors) console.error(`✖ ${e}`)
console.log(`check-project: ${pages.length} pages, ${seen.size} json files, ${imports} imports checked, ${errors.length} problems`)
process.exit(errors.length ? 1 : 0)
