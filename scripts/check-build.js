#!/usr/bin/env node
/*
 * Compiles the mini-program as DevTools does for upload (miniprogram-ci: TS → JS, ES5, minified)
 * and checks the result the way WeChat will run it: every require() in our compiled code must
 * name a file of the package (relative paths get ".js" appended, npm names resolve in
 * miniprogram_npm), and the main package must stay under WeChat's 2,048 KB.
 *
 *   node scripts/check-build.js [projectDir]     (default: this project)
 */
const path = require('path')
const { compileForUpload, sizeByPart } = require('./lib/compile')

const LIMIT = 2048 * 1024
const project = path.resolve(process.cwd(), process.argv[2] || path.join(__dirname, '..'))

/** Where WeChat's require looks for `request` made from `file`; the first that exists wins. */
function candidates(file, request) {
  if (request.startsWith('.')) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), request))
    return [target, `${target}.js`]
  }
  return [`miniprogram_npm/${request}/index.js`, `miniprogram_npm/${request}.js`, `miniprogram_npm/${request}`]
}

compileForUpload({ project })
  .then(({ files }) => {
    const names = new Set(Object.keys(files).map((f) => f.replace(/^\//, '')))
    const errors = []
    let requires = 0
    for (const [name, content] of Object.entries(files)) {
      const file = name.replace(/^\//, '')
      if (!file.endsWith('.js') || file.startsWith('miniprogram_npm/')) continue
      for (const m of String(content).matchAll(/\brequire\((["'])([^"']+)\1\)/g)) {
        requires++
        if (!candidates(file, m[2]).some((c) => names.has(c))) errors.push(`${file}: require('${m[2]}') names no file of the package`)
      }
    }
    const { total } = sizeByPart(files)
    if (total > LIMIT) errors.push(`main package is ${(total / 1024).toFixed(1)} KB, over WeChat's 2,048 KB`)
    for (const e of errors) console.error(`✖ ${e}`)
    console.log(`check-build: ${names.size} files, ${requires} requires checked, ${(total / 1024).toFixed(1)} KB, ${errors.length} problems`)
    process.exit(errors.length ? 1 : 0)
  })
  .catch((e) => {
    console.error(`✖ compile failed${e && e.path ? ` in ${e.path}` : ''}: ${(e && e.message) || e}`)
    process.exit(1)
  })
