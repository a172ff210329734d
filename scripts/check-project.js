#!/usr/bin/env node
/*
 * What DevTools reports at compile time but jest/simulate silently ignore:
 *  - every page in app.json (pages + subPackages) has a .wxml and a .ts/.js
 *  - every usingComponents entry (app.json, pages, components) resolves to a component with
 *    "component": true, a .wxml and a .ts/.js (absolute /x, relative ./x, npm → miniprogram_npm)
 *
 *   node scripts/check-project.js [dir]     (default: miniprogram/)
 */
const fs = require('fs')
const path = require('path')

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
    checkJson(`${base}.json`, true)
  }
}

const app = readJson(path.join(root, 'app.json')) || {}
const pages = [...(app.pages || [])]
for (const sp of app.subPackages || app.subpackages || []) {
  for (const p of sp.pages || []) pages.push(`${sp.root.replace(/\/$/, '')}/${p}`)
}
if (!pages.length) errors.push('app.json lists no pages')
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
// import of ours must name a file (`./demo/index`, not `./demo`).
const IMPORT = /(?:\bfrom\s*|\brequire\(\s*|\bimport\(\s*)['"](\.{1,2}\/[^'"]*)['"]/g
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
        const target = path.resolve(path.dirname(p), m[1])
        if (!exists(`${target}.ts`) && !exists(`${target}.js`) && !(exists(target) && fs.statSync(target).isFile())) {
          errors.push(`${rel(p)}: import '${m[1]}' does not name a file (WeChat does not resolve folders; write '${m[1]}/index')`)
        }
      }
    }
  }
})(root)

for (const e of errors) console.error(`✖ ${e}`)
console.log(`check-project: ${pages.length} pages, ${seen.size} json files, ${imports} imports checked, ${errors.length} problems`)
process.exit(errors.length ? 1 : 0)
