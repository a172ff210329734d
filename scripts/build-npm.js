#!/usr/bin/env node
/*
 * "构建 npm" without DevTools: builds package.json "dependencies" into miniprogram/miniprogram_npm,
 * exactly as project.config.json's packNpmRelationList tells DevTools to, except the ESM-only
 * @noble packages its packer cannot parse (scripts/lib/build-esm-npm.js builds those into the same
 * miniprogram_npm), then moves the npm packages only subpackages use into each one's own
 * miniprogram_npm (scripts/lib/packages.js NPM_IN_SUBPACKAGES: the RongCloud SDKs go with
 * services/rongcloud, @noble with both services subpackages, so the main package carries neither). Runs as the postinstall step of `npm install`, offline
 * (miniprogram-ci's packNpmManually calls no WeChat server). DevTools' own 构建 npm button knows
 * nothing of the move: run `npm run build:npm` instead.
 *
 * It also undoes the RTC plugin's postinstall in case an npm version ran it anyway (package.json
 * "allowScripts" switches it off on npm 11): that script creates ../../../rcComponents with a bare
 * mkdir, so a second install fails with EEXIST while the folder exists. We do not use its copies.
 */
const fs = require('fs')
const path = require('path')

const { NPM_IN_SUBPACKAGES } = require('./lib/packages')

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

/** Copies each subpackage's npm packages into its own miniprogram_npm, then takes them out of the main one. */
function moveIntoSubpackages(miniprogramRoot) {
  const main = path.join(miniprogramRoot, 'miniprogram_npm')
  for (const [subRoot, names] of Object.entries(NPM_IN_SUBPACKAGES)) {
    const target = path.join(miniprogramRoot, subRoot, 'miniprogram_npm')
    fs.rmSync(target, { recursive: true, force: true })
    for (const name of names) {
      const from = path.join(main, name)
      if (!fs.existsSync(from)) throw new Error(`build-npm: ${name} was not built into miniprogram_npm (is it a dependency?)`)
      fs.mkdirSync(path.dirname(path.join(target, name)), { recursive: true })
      fs.cpSync(from, path.join(target, name), { recursive: true })
    }
    console.log(`build-npm: ${names.join(', ')} → ${path.relative(root, target)}`)
  }
  const moved = new Set(Object.values(NPM_IN_SUBPACKAGES).flat())
  for (const name of moved) fs.rmSync(path.join(main, name), { recursive: true, force: true })
  // an emptied scope folder (@rongcloud, @noble) would only confuse
  for (const scope of new Set([...moved].filter((n) => n.startsWith('@')).map((n) => n.split('/')[0]))) {
    const dir = path.join(main, scope)
    if (fs.existsSync(dir) && fs.readdirSync(dir).length === 0) fs.rmdirSync(dir)
  }
}

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
  moveIntoSubpackages(path.join(root, 'miniprogram'))
  process.exit(0) // miniprogram-ci keeps handles open
})().catch((e) => {
  console.error('build-npm failed:', e)
  process.exit(1)
})
