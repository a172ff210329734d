#!/usr/bin/env node
/*
 * Row 1 of `npm run bench`, in its own process because miniprogram-ci keeps a compiler process
 * alive and has to be ended with process.exit(). Compiles the main package as DevTools does for
 * upload (scripts/lib/compile.js) and writes { totalBytes, ourBytes, parts } to the file given as
 * the first argument. With ignoreUploadUnusedFiles, files nothing requires are not counted.
 */
const fs = require('fs')
const { compileForUpload, sizeByPart } = require('../lib/compile')

const out = process.argv[2]
if (!out) {
  console.error('usage: node scripts/bench/size.js <out.json>')
  process.exit(2)
}

/** Our code by area (services/demo, pages, @babel/runtime helpers, ...), to see what to trim. */
function ourCodeByArea(files) {
  const areas = {}
  for (const [file, content] of Object.entries(files)) {
    if (file.endsWith('.map') || /^\/?miniprogram_npm\//.test(file)) continue
    const parts = file.replace(/^\//, '').split('/')
    const depth = parts[0] === 'services' || parts[0] === '@babel' ? 2 : 1
    const area = parts.length > depth ? parts.slice(0, depth).join('/') : '(root files)'
    areas[area] = (areas[area] || 0) + Buffer.byteLength(content)
  }
  return Object.fromEntries(Object.entries(areas).sort((a, b) => b[1] - a[1]))
}

const write = (body) => fs.writeFileSync(out, JSON.stringify({ id: 'size', ...body }, null, 2))

compileForUpload()
  .then(({ files }) => {
    const { total, parts } = sizeByPart(files)
    write({
      totalBytes: total,
      ourBytes: parts.get('our code') || 0,
      files: Object.keys(files).filter((f) => !f.endsWith('.map')).length,
      ourByArea: ourCodeByArea(files),
      parts: Object.fromEntries([...parts.entries()].sort((a, b) => b[1] - a[1])),
    })
    process.exit(0)
  })
  .catch((e) => {
    const where = e && e.path ? ` in ${e.path}` : ''
    write({ notMeasured: `compile failed${where}: ${String((e && e.message) || e).split('\n')[0]}` })
    process.exit(0)
  })
