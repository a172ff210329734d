#!/usr/bin/env node
/*
 * The size rows of `npm run bench`, in their own process because miniprogram-ci keeps a compiler
 * process alive and has to be ended with process.exit(). Compiles the packages as DevTools does for
 * upload (scripts/lib/compile.js) and writes, to the file given as the first argument: each
 * package's bytes by part, our own code by area, what each mode downloads before the lobby's
 * first frame and before "connected", and what opening each other page costs and each preloadRule
 * fetches (scripts/lib/download.js). With ignoreUploadUnusedFiles, files
 * nothing requires are not counted.
 */
const fs = require('fs')
const { compileForUpload } = require('../lib/compile')
const { download } = require('../lib/download')
const { MAIN, packageOf } = require('../lib/packages')

const out = process.argv[2]
if (!out) {
  console.error('usage: node scripts/bench/size.js <out.json>')
  process.exit(2)
}

/** Our code in one package by area (services/demo, pages, @babel/runtime helpers, ...), to see what to trim. */
function ourCodeByArea(files, subPackages, root) {
  const areas = {}
  for (const [file, content] of Object.entries(files)) {
    if (file.endsWith('.map') || /(^|\/)miniprogram_npm\//.test(file) || packageOf(file, subPackages) !== root) continue
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
    const { packages, total, modes, entry, pages, preloads } = download(files)
    const subPackages = [...packages.keys()].filter((root) => root !== MAIN).map((root) => ({ root }))
    write({
      entry,
      totalBytes: total,
      files: Object.keys(files).filter((f) => !f.endsWith('.map')).length,
      packages: Object.fromEntries(
        [...packages].map(([root, p]) => [
          root,
          {
            total: p.total,
            ourBytes: p.parts.get('our code') || 0,
            parts: Object.fromEntries([...p.parts].sort((a, b) => b[1] - a[1])),
            ourByArea: ourCodeByArea(files, subPackages, root),
          },
        ]),
      ),
      modes,
      pages,
      preloads,
    })
    process.exit(0)
  })
  .catch((e) => {
    const where = e && e.path ? ` in ${e.path}` : ''
    write({ notMeasured: `compile failed${where}: ${String((e && e.message) || e).split('\n')[0]}` })
    process.exit(0)
  })
