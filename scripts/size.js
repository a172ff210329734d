#!/usr/bin/env node
// Main package as DevTools would upload it: total and per part, against WeChat's 2,048 KB limit.
const { compileForUpload, sizeByPart } = require('./lib/compile')

const LIMIT_KB = 2048
const kb = (n) => (n / 1024).toFixed(1)

compileForUpload()
  .then(({ files }) => {
    const { total, parts } = sizeByPart(files)
    const rows = [...parts.entries()].sort((a, b) => b[1] - a[1])
    console.log('part'.padEnd(40), 'KB'.padStart(9))
    for (const [part, bytes] of rows) console.log(part.padEnd(40), kb(bytes).padStart(9))
    console.log('-'.repeat(50))
    console.log('main package total'.padEnd(40), kb(total).padStart(9), `  (limit ${LIMIT_KB} KB, ${((total / 1024 / LIMIT_KB) * 100).toFixed(0)}% used)`)
    process.exit(total > LIMIT_KB * 1024 ? 1 : 0)
  })
  .catch((e) => {
    console.error(`size: compile failed${e && e.path ? ` in ${e.path}` : ''}: ${(e && e.message) || e}`)
    process.exit(1)
  })
