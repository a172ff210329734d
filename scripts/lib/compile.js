/*
 * Compiles the project as DevTools does for upload (miniprogram-ci getCompiledResult: TS through the
 * typescript compiler plugin, ES6 → ES5 as project.config.json's es6 / enhance say, minified
 * JS/WXML/WXSS, unused files dropped), offline.
 * Returns { files: { [path]: Buffer|string } }. Callers must process.exit(): miniprogram-ci keeps a
 * forked compiler alive.
 */
const { generateKeyPairSync } = require('crypto')
const fs = require('fs')
const os = require('os')
const path = require('path')

const projectPath = path.resolve(__dirname, '..', '..')

/**
 * miniprogram-ci asks servicewechat.com which file extensions an upload may contain. Offline the
 * request fails, it logs "[error] … getaddrinfo ENOTFOUND servicewechat.com" and "[error] get white
 * ext list fail", and then uses the lists it ships with
 * (node_modules/miniprogram-ci/dist/utils/white_ext_list.js: getWhiteExtList falls back to its
 * exported MiniProgramWhiteList / GameWhiteList). We use those same lists without asking, so a
 * passing compile prints no "[error]". Its callers read the function off the module object at call
 * time, so replacing the export is enough.
 */
function useShippedWhiteExtList() {
  const whiteExt = require('miniprogram-ci/dist/utils/white_ext_list')
  whiteExt.getWhiteExtList = async () => ({
    GameWhiteList: new Set(whiteExt.GameWhiteList),
    MiniProgramWhiteList: new Set(whiteExt.MiniProgramWhiteList),
  })
}

async function compileForUpload({ zipPath, project: root = projectPath } = {}) {
  const ci = require('miniprogram-ci')
  useShippedWhiteExtList()
  // getCompiledResult leaves an empty <md5> folder in the cwd: work in a scratch folder
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-compile-'))
  const cwd = process.cwd()
  process.chdir(scratch)
  try {
    const project = new ci.Project({
      appid: require(path.join(root, 'project.config.json')).appid || 'touristappid',
      type: 'miniProgram',
      projectPath: root,
      // the constructor insists on a key; compiling never uses it
      privateKey: generateKeyPairSync('rsa', { modulusLength: 1024 })
        .privateKey.export({ type: 'pkcs1', format: 'pem' }),
      ignores: ['node_modules/**/*', 'test/**/*', 'scripts/**/*', 'coverage/**/*', 'typings/**/*', '**/*.map'],
    })
    // attr() would ask WeChat's server for per-appid limits; the built-in defaults are the public ones
    project.attr = async () => ci.DefaultProjectAttr
    // es6 / enhance come from project.config.json, as DevTools takes them: given here, es6 would
    // override both (miniprogram-ci dist/ci/utils/tools.js formatCISetting: with useProjectConfig,
    // `es6: isUndefined(e.es6) && isUndefined(e.es7) ? projectConfig.setting.es6 : !!e.es6 || !!e.es7`,
    // and `enhance` the same)
    const files = await ci.getCompiledResult(
      {
        project,
        setting: { useProjectConfig: true, minify: true, minifyWXML: true, minifyWXSS: true, minifyJS: true },
        onProgressUpdate: () => {},
      },
      zipPath,
    )
    return { files }
  } finally {
    process.chdir(cwd)
    fs.rmSync(scratch, { recursive: true, force: true })
  }
}

const { MAIN, packageOf, subPackagesFromAppJson } = require('./packages')

/** The npm package a compiled file belongs to ('npm: <name>'), or 'our code'. */
function partOf(file) {
  const m = /(?:^|\/)miniprogram_npm\/((?:@[^/]+\/)?[^/]+)\//.exec(file)
  return m ? `npm: ${m[1]}` : 'our code'
}

/** Groups compiled files: one part per npm package, one for our own code (every package together). */
function sizeByPart(files) {
  const parts = new Map()
  let total = 0
  for (const [file, content] of Object.entries(files)) {
    if (file.endsWith('.map')) continue
    const bytes = Buffer.byteLength(content)
    total += bytes
    const part = partOf(file)
    parts.set(part, (parts.get(part) || 0) + bytes)
  }
  return { total, parts }
}

/** The subpackages the compiled app.json declares ([{ root, name, pages, independent }]). */
function subPackagesOfCompiled(files) {
  const appJson = files['app.json'] ?? files['/app.json']
  return appJson ? subPackagesFromAppJson(JSON.parse(String(appJson))) : []
}

/**
 * Sizes per package as WeChat downloads them: 'main' and each subpackage root, each with its total
 * and its parts (npm packages, our code). Returns { subPackages, packages: Map(root → { total, parts }), total }.
 */
function sizeByPackage(files) {
  const subPackages = subPackagesOfCompiled(files)
  const packages = new Map([[MAIN, { total: 0, parts: new Map() }]])
  for (const sp of subPackages) packages.set(sp.root, { total: 0, parts: new Map() })
  let total = 0
  for (const [file, content] of Object.entries(files)) {
    if (file.endsWith('.map')) continue
    const bytes = Buffer.byteLength(content)
    const pkg = packages.get(packageOf(file, subPackages))
    const part = partOf(file)
    pkg.total += bytes
    pkg.parts.set(part, (pkg.parts.get(part) || 0) + bytes)
    total += bytes
  }
  return { subPackages, packages, total }
}

module.exports = { compileForUpload, sizeByPart, sizeByPackage, subPackagesOfCompiled, partOf, projectPath }
