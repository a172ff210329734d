#!/usr/bin/env node
/*
 * What project.config.json's compile settings cost and whether the oldest phones could run the
 * result: compiles a copy of the project for upload (scripts/lib/compile.js) once per setting and
 * prints the main package's size and how many of our compiled files the oldest JavaScript engine
 * could not even parse.
 *
 * The oldest engine: the README's minimum base library is 2.21.2; WeChat's own compatibility data
 * (github.com/wechat-miniprogram/miniprogram-compat data/browserslist.json, which the "JavaScript
 * 支持情况" page, developers.weixin.qq.com/miniprogram/dev/framework/runtime/js-support.html,
 * sends you to) gives "2.20.2": ["ios 11", "chrome 66", "safari 10"]: iOS 11's JavaScriptCore
 * (ES2017; object spread only from 11.3) and Chrome 66's V8. So a file must parse as ES2017; the
 * same page says syntax cannot be polyfilled ("平台对 ECMAScript 语法的支持差异无法抹平").
 *
 *   npm run size:compile-settings      (about two minutes: one compile per setting)
 */
const fs = require('fs')
const os = require('os')
const path = require('path')
const acorn = require('acorn')
const { compileForUpload, projectPath, sizeByPackage } = require('./lib/compile')
const { MAIN } = require('./lib/packages')

const OLDEST_ES = 2017
const SETTINGS = [
  { label: 'es6 + enhance (project.config.json now)', setting: { es6: true, enhance: true } },
  { label: 'es6 only, enhance off', setting: { es6: true, enhance: false } },
  { label: 'es6 and enhance off (no ES5 transform)', setting: { es6: false, enhance: false } },
  { label: 'es6 + enhance through SWC (setting.swc)', setting: { es6: true, enhance: true, swc: true } },
]

const kb = (n) => `${(n / 1024).toFixed(1)} KB`

/** A copy of the mini-program with `setting` merged into its project.config.json. */
function copyWith(setting) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compile-settings-'))
  fs.cpSync(path.join(projectPath, 'miniprogram'), path.join(dir, 'miniprogram'), { recursive: true })
  fs.copyFileSync(path.join(projectPath, 'tsconfig.json'), path.join(dir, 'tsconfig.json'))
  const config = JSON.parse(fs.readFileSync(path.join(projectPath, 'project.config.json'), 'utf8'))
  config.setting = { ...config.setting, ...setting }
  fs.writeFileSync(path.join(dir, 'project.config.json'), JSON.stringify(config, null, 2))
  return dir
}

const parses = (code, ecmaVersion) => {
  try {
    acorn.parse(code, { ecmaVersion, sourceType: 'script', allowReturnOutsideFunction: true })
    return true
  } catch {
    return false
  }
}

/**
 * Our compiled .js files (not the built npm packages) that do not parse as `ecmaVersion`, and for
 * those the first edition that parses them (2020: ?. and ??; 2022: class fields).
 */
function unparsable(files, ecmaVersion) {
  const ours = Object.keys(files).filter((f) => f.endsWith('.js') && !/(^|\/)miniprogram_npm\//.test(f))
  const failing = ours.filter((f) => !parses(String(files[f]), ecmaVersion))
  const needs = {}
  for (const f of failing) {
    const edition = [2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025].find((v) => parses(String(files[f]), v)) ?? 'later'
    needs[edition] = (needs[edition] || 0) + 1
  }
  return { ours: ours.length, failing, needs }
}

;(async () => {
  const rows = []
  for (const { label, setting } of SETTINGS) {
    const dir = copyWith(setting)
    try {
      const { files } = await compileForUpload({ project: dir })
      const { packages } = sizeByPackage(files)
      const main = packages.get(MAIN)
      const helpers = Object.entries(files)
        .filter(([f]) => /^\/?@(babel|swc)\/runtime\//.test(f))
        .reduce((n, [, c]) => n + Buffer.byteLength(c), 0)
      const { ours, failing, needs } = unparsable(files, OLDEST_ES)
      rows.push({ label, main: main.total, ourCode: main.parts.get('our code') || 0, helpers, ours, failing, needs })
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
  console.log(`\n${'setting'.padEnd(44)}${'main'.padStart(10)}${'our code'.padStart(10)}${'helpers'.padStart(10)}  files not parsing as ES${OLDEST_ES} (iOS 11 / Chrome 66)`)
  for (const r of rows) {
    const needs = Object.entries(r.needs).map(([edition, n]) => `${n} need ES${edition}`).join(', ')
    console.log(`${r.label.padEnd(44)}${kb(r.main).padStart(10)}${kb(r.ourCode).padStart(10)}${kb(r.helpers).padStart(10)}  ${r.failing.length} of ${r.ours}${needs ? ` (${needs})` : ''}`)
  }
  process.exit(0)
})().catch((e) => {
  console.error(`compile-settings: ${(e && e.message) || e}`)
  process.exit(1)
})
