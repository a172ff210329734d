import { spawnSync } from 'child_process'
import * as fs from 'fs'
import * as os from 'os'
import * as path from 'path'

const repo = path.resolve(__dirname, '../..')

/** A throw-away project, compiled by miniprogram-ci like DevTools does for upload. */
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'build-check-'))
  const base: Record<string, string> = {
    'project.config.json': JSON.stringify({
      miniprogramRoot: 'miniprogram/',
      compileType: 'miniprogram',
      appid: 'touristappid',
      setting: { useCompilerPlugins: ['typescript'], es6: true, ignoreUploadUnusedFiles: true },
    }),
    'miniprogram/app.json': JSON.stringify({ pages: ['pages/a/a'] }),
    'miniprogram/app.ts': 'App({})',
    'miniprogram/pages/a/a.json': '{}',
    'miniprogram/pages/a/a.wxml': '<view>{{x}}</view>',
    'miniprogram/utils/index.ts': 'export const x: number = 1',
  }
  for (const [file, text] of Object.entries({ ...base, ...files })) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    fs.writeFileSync(path.join(dir, file), text)
  }
  return dir
}

const check = (dir: string) =>
  spawnSync(process.execPath, [path.join(repo, 'scripts/check-build.js'), dir], { encoding: 'utf8', timeout: 120_000 })

describe('build check (compiled as for upload, requires resolved like WeChat does)', () => {
  test('a require of a file passes', () => {
    const r = check(project({ 'miniprogram/pages/a/a.ts': "import { x } from '../../utils/index'\nPage({ data: { x } })" }))
    expect(r.stderr).not.toContain('✖')
    expect(r.status).toBe(0)
  }, 120_000)

  test('a require of a folder fails: WeChat does not look for its index', () => {
    const r = check(project({ 'miniprogram/pages/a/a.ts': "import { x } from '../../utils'\nPage({ data: { x } })" }))
    expect(r.status).toBe(1)
    expect(r.stderr).toContain("pages/a/a.js: require('../../utils') names no file of the package")
  }, 120_000)
})
