#!/usr/bin/env node
// The last line of `npm test`: one plain count over every jest run of it (unit, ui, e2e, server).
const fs = require('fs')
const path = require('path')

const root = path.join(__dirname, '..')
let passed = 0
let failed = 0
let skipped = 0
for (const file of ['.jest-results.json', '.jest-e2e-results.json', '.jest-server-results.json']) {
  const r = JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'))
  passed += r.numPassedTests
  failed += r.numFailedTests
  skipped += r.numPendingTests + r.numTodoTests
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed ? 1 : 0)
