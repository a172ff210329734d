/*
 * Scripts that put the package on phones (npm run preview, and any upload script) call
 * refuseDevTokens() first: while miniprogram/config.ts holds dev tokens they stop and say why.
 * Dev tokens ship inside the package, so anyone holding it could sign in as those people and read
 * their private chats (miniprogram/services/dev-tokens.ts). The config is read by compiling it
 * with the project's TypeScript, and judged by the same function the app uses.
 */
const fs = require('fs')
const path = require('path')

/** Requires a .ts file (and the .ts files it requires) compiled on the fly. */
function requireTs(file) {
  const ts = require('typescript')
  const previous = require.extensions['.ts']
  require.extensions['.ts'] = (module, filename) => {
    const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2019 },
      fileName: filename,
    })
    module._compile(outputText, filename)
  }
  try {
    return require(file)
  } finally {
    if (previous) require.extensions['.ts'] = previous
    else delete require.extensions['.ts']
  }
}

/** The user ids whose dev tokens miniprogram/config.ts holds (empty: none). */
function devTokenUsers(projectPath) {
  const root = path.join(projectPath, 'miniprogram')
  const { config } = requireTs(path.join(root, 'config.ts'))
  return requireTs(path.join(root, 'services', 'dev-tokens.ts')).devTokenUsers(config)
}

/** Exits (status 3) with the reason when the config holds dev tokens or cannot be read. */
function refuseDevTokens(projectPath, script) {
  let users
  try {
    users = devTokenUsers(projectPath)
  } catch (e) {
    console.error(`${script}: 无法读取 miniprogram/config.ts（${(e && e.message) || e}），为安全起见不继续。`)
    process.exit(3)
  }
  if (!users.length) return
  const who = users.map((id) => id || '（未填 userId）').join('、')
  console.error(`${script}: 拒绝运行：miniprogram/config.ts 的 tokenSource 是开发令牌（dev-tokens），含 ${users.length} 个账号的令牌：${who}。`)
  console.error(`${script}: 开发令牌会随小程序包发到手机上，任何拿到包的人都能以这些账号登录，读到他们的私聊。`)
  console.error(`${script}: 请把 tokenSource 改成我们的服务器（{ type: 'backend' }，并配置 backend）后再预览或上传；开发令牌只用于开发者工具里调试。`)
  process.exit(3)
}

module.exports = { devTokenUsers, refuseDevTokens }
