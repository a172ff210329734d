/**
 * `npm run preview` refuses to run while the config holds dev tokens, and says why (issue 10 item
 * 27). Each case runs the real script on a copy of the project whose config.ts is replaced.
 */
import { spawnSync } from 'child_process'
import * as fs from 'fs'
import * as os from 'os'
import * as path from 'path'

const repo = path.resolve(__dirname, '../..')

const DEV_TOKENS = `import type { AppConfig } from './config-types'
export const config: AppConfig = {
  rongcloud: {
    appKey: 'abc123',
    tokenSource: { type: 'dev-tokens', tokens: [{ userId: 'alice', token: 'tok-a' }, { userId: 'bob', token: 'tok-b' }] },
  },
}
`
const ENDPOINT = `import type { AppConfig } from './config-types'
export const config: AppConfig = {
  rongcloud: { appKey: 'abc123', tokenSource: { type: 'backend' } },
  backend: { url: 'https://example.com', publicKey: 'x' },
}
`

/** A copy of the project (scripts and mini-program sources) with `configTs` as its config. */
function project(configTs: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-guard-'))
  fs.cpSync(path.join(repo, 'scripts'), path.join(dir, 'scripts'), { recursive: true })
  fs.cpSync(path.join(repo, 'miniprogram'), path.join(dir, 'miniprogram'), {
    recursive: true,
    filter: (src) => !src.includes(`${path.sep}miniprogram_npm`),
  })
  fs.symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
  fs.writeFileSync(path.join(dir, 'miniprogram', 'config.ts'), configTs)
  return dir
}

function preview(dir: string, env: Record<string, string> = {}) {
  const clean = { ...process.env }
  delete clean.WECHAT_APPID
  delete clean.WECHAT_UPLOAD_KEY
  return spawnSync(process.execPath, [path.join(dir, 'scripts', 'preview.js')], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...clean, ...env },
  })
}

test('dev tokens in the config: preview refuses, names the accounts and says why', () => {
  const dir = project(DEV_TOKENS)
  const keyFile = path.join(dir, 'private.key')
  fs.writeFileSync(keyFile, 'not a key')
  // everything else configured: only the tokens stop it
  const r = preview(dir, { WECHAT_APPID: 'wx0000000000000000', WECHAT_UPLOAD_KEY: keyFile })
  expect(r.status).toBe(3)
  expect(r.stderr).toContain('开发令牌')
  expect(r.stderr).toContain('alice、bob')
  expect(r.stderr).toContain('私聊')
  expect(r.stderr).toContain("type: 'backend'")
  expect(r.stdout).not.toContain('二维码')
  expect(fs.existsSync(path.join(dir, '.preview'))).toBe(false)
}, 60_000)

test('a backend in the config: the guard lets preview go on (here it stops at the missing AppID)', () => {
  const r = preview(project(ENDPOINT))
  expect(r.stderr).not.toContain('开发令牌')
  expect(r.stderr).toContain('WECHAT_APPID')
  expect(r.status).toBe(2)
}, 60_000)

test("the project's own config holds no dev tokens", () => {
  const { devTokenUsers } = require(path.join(repo, 'scripts/lib/dev-token-guard.js')) as { devTokenUsers(p: string): string[] }
  expect(devTokenUsers(repo)).toEqual([])
})
