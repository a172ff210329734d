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

describe('build check with subpackages (app.json subPackages, 分包异步化)', () => {
  const withSub = (files: Record<string, string>) =>
    project({
      'miniprogram/app.json': JSON.stringify({ pages: ['pages/a/a'], subPackages: [{ root: 'extra', pages: [] }] }),
      'miniprogram/extra/index.ts': "import { shout } from 'shouty'\nexport const x: string = shout('x')",
      // a built npm package that only the subpackage carries, in its own miniprogram_npm
      'miniprogram/extra/miniprogram_npm/shouty/index.js': 'module.exports = { shout: function (s) { return s.toUpperCase() } }',
      ...files,
    })

  test('require.async into a subpackage, whose npm package lives in its own miniprogram_npm, passes', () => {
    const r = check(
      withSub({
        'miniprogram/pages/a/a.ts': "Page({ onLoad() { require.async('../../extra/index.js').then((m: { x: string }) => this.setData({ x: m.x })) } })",
      }),
    )
    expect(r.stderr).not.toContain('✖')
    expect(r.stdout).toMatch(/1 async\), main [\d.]+ KB, extra [\d.]+ KB; 0 problems/)
    expect(r.status).toBe(0)
  }, 120_000)

  test('a plain require into a subpackage, a missing async target, a subpackage npm package used by the main package and a subpackage over 2 MB all fail', () => {
    const r = check(
      withSub({
        'miniprogram/pages/a/a.ts': [
          "import { x } from '../../extra/index'",
          "import { shout } from 'shouty'",
          "Page({ data: { x: shout(x) }, onLoad() { require.async('../../extra/gone.js') } })",
        ].join('\n'),
        // over WeChat's 2,048 KB for one package (random, so it does not compress away)
        'miniprogram/extra/big.js': `module.exports = '${require('crypto').randomBytes(1600 * 1024).toString('base64')}'`,
        'miniprogram/extra/index.ts': "import { shout } from 'shouty'\nexport const x: string = shout(require('./big'))",
      }),
    )
    expect(r.status).toBe(1)
    expect(r.stderr).toContain("pages/a/a.js: require('../../extra/index') reaches into subpackage extra from the main package")
    expect(r.stderr).toContain("pages/a/a.js: require (async)('../../extra/gone.js') names no file of the package")
    expect(r.stderr).toContain("pages/a/a.js: require('shouty') names no file of the package")
    expect(r.stderr).toMatch(/subpackage extra is [\d.]+ KB, over WeChat's 2,048 KB/)
  }, 240_000)
})
