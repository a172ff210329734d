#!/usr/bin/env node
/*
 * "构建 npm" without DevTools: builds package.json "dependencies" into miniprogram/miniprogram_npm,
 * exactly as project.config.json's packNpmRelationList tells DevTools to. Runs as the postinstall
 * step of `npm install`, offline (miniprogram-ci's packNpmManually calls no WeChat server).
 *
 * It also undoes the RTC plugin's postinstall in case an npm version ran it anyway (package.json
 * "allowScripts" switches it off on npm 11): that script creates ../../../rcComponents with a bare
 * mkdir, so a second install fails with EEXIST while the folder exists. We do not use its copies.
 */
const fs = require('fs')
const path = require('path')

const root = path.resolve(__dirname, '..')
fs.rmSync(path.join(root, 'rcComponents'), { recursive: true, force: true })

let ci
try {
  ci = require('miniprogram-ci')
} catch {
  // `npm install --omit=dev` (a production-only install) has no miniprogram-ci: nothing to build with.
  console.warn('build-npm: miniprogram-ci is not installed, miniprogram_npm was not built')
  process.exit(0)
}

// ESM-only packages (@noble/*) its packer cannot parse: built by scripts/lib/build-esm-npm.js
const { buildEsmPackages, ESM_IGNORES } = require('./lib/build-esm-npm')

const cfg = require(path.join(root, 'project.config.json'))
const relations = (cfg.setting && cfg.setting.packNpmRelationList) || []

;(async () => {
  for (const r of relations) {
    const distDir = path.resolve(root, r.miniprogramNpmDistDir)
    fs.rmSync(path.join(distDir, 'miniprogram_npm'), { recursive: true, force: true })
    const res = await ci.packNpmManually({
      packageJsonPath: path.resolve(root, r.packageJsonPath),
      miniprogramNpmDistDir: distDir,
      ignores: ESM_IGNORES,
    })
    console.log(`build-npm: ${path.relative(root, distDir) || '.'}/miniprogram_npm ${JSON.stringify(res)}`)
    const esm = buildEsmPackages(path.dirname(path.resolve(root, r.packageJsonPath)), distDir)
    console.log(`build-npm: ESM packages built as CommonJS without BigInt literals: ${esm.join(', ')}`)
    if (res.warnList && res.warnList.length) console.warn(res.warnList)
  }
  process.exit(0) // miniprogram-ci keeps handles open
})().catch((e) => {
  console.error('build-npm failed:', e)
  process.exit(1)
})
