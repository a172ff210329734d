/*
 * Compiles the project as DevTools does for upload (miniprogram-ci getCompiledResult: TS through the
 * typescript compiler plugin, ES6 → ES5, minified JS/WXML/WXSS, unused files dropped), offline.
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
    const files = await ci.getCompiledResult(
      {
        project,
        setting: { useProjectConfig: true, es6: true, minify: true, minifyWXML: true, minifyWXSS: true, minifyJS: true },
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

/** Groups compiled files: one part per npm package, one for our own code. */
function sizeByPart(files) {
  const parts = new Map()
  let total = 0
  for (const [file, content] of Object.entries(files)) {
    if (file.endsWith('.map')) continue
    const bytes = Buffer.byteLength(content)
    total += bytes
    const m = /^\/?miniprogram_npm\/((?:@[^/]+\/)?[^/]+)\//.exec(file)
    const part = m ? `npm: ${m[1]}` : 'our code'
    parts.set(part, (parts.get(part) || 0) + bytes)
  }
  return { total, parts }
}

module.exports = { compileForUpload, sizeByPart, projectPath }
