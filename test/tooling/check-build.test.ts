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
    expect(r.stdout).toMatch(/1 async\), .* preload rules, main [\d.]+ KB, extra [\d.]+ KB; 0 problems/)
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

describe('build check with page subpackages (components, styles, preloadRule)', () => {
  const component = (dir: string, body = '<view>card</view>') => ({
    [`${dir}.json`]: JSON.stringify({ component: true }),
    [`${dir}.ts`]: 'Component({})',
    [`${dir}.wxml`]: body,
  })
  /** The main package's page a; subpackages b and c with a page each; b has a component of its own. */
  const pagesProject = (files: Record<string, string>) =>
    project({
      'miniprogram/app.json': JSON.stringify({
        pages: ['pages/a/a'],
        subPackages: [
          { root: 'pages/b', name: 'b', pages: ['b'] },
          { root: 'pages/c', name: 'c', pages: ['c'] },
        ],
        preloadRule: { 'pages/a/a': { network: 'wifi', packages: ['b', 'pages/c'] } },
      }),
      'miniprogram/pages/a/a.json': JSON.stringify({ usingComponents: { card: '/components/card/card' } }),
      'miniprogram/pages/a/a.wxml': '<card />',
      'miniprogram/pages/a/a.ts': 'Page({})',
      ...component('miniprogram/components/card/card'),
      'miniprogram/pages/b/b.json': JSON.stringify({ usingComponents: { card: '/components/card/card', tile: '/pages/b/parts/tile/tile' } }),
      'miniprogram/pages/b/b.wxml': '<card /><tile />',
      'miniprogram/pages/b/b.wxss': '.b { color: red; }',
      'miniprogram/pages/b/b.ts': 'Page({})',
      ...component('miniprogram/pages/b/parts/tile/tile', '<view class="tile">tile</view>'),
      'miniprogram/pages/c/c.json': JSON.stringify({ usingComponents: { card: '/components/card/card' } }),
      'miniprogram/pages/c/c.wxml': '<card />',
      'miniprogram/pages/c/c.ts': 'Page({})',
      ...files,
    })

  test('subpackage pages using main-package components and their own, preloaded from the main page, pass', () => {
    const r = check(pagesProject({}))
    expect(r.stderr).not.toContain('✖')
    expect(r.stdout).toMatch(/3 pages, .* 4 usingComponents, 0 style imports, 1 preload rules, main [\d.]+ KB, pages\/b [\d.]+ KB, pages\/c [\d.]+ KB; 0 problems/)
    expect(r.status).toBe(0)
  }, 120_000)

  test('a subpackage component in the main package (even with a placeholder), in another subpackage without one, and a style of another subpackage all fail', () => {
    const r = check(
      pagesProject({
        'miniprogram/pages/a/a.json': JSON.stringify({ usingComponents: { tile: '/pages/b/parts/tile/tile' }, componentPlaceholder: { tile: 'view' } }),
        'miniprogram/pages/a/a.wxml': '<tile />',
        'miniprogram/pages/c/c.json': JSON.stringify({ usingComponents: { tile: '/pages/b/parts/tile/tile' } }),
        'miniprogram/pages/c/c.wxml': '<tile />',
        'miniprogram/pages/c/c.wxss': '@import "../b/b.wxss";\n.c { color: blue; }',
      }),
    )
    expect(r.status).toBe(1)
    expect(r.stderr).toContain(`pages/a/a.json: usingComponents["tile"] = "/pages/b/parts/tile/tile" is a component of subpackage pages/b, used from the main package`)
    expect(r.stderr).toContain('pages/c/c.json: usingComponents["tile"] = "/pages/b/parts/tile/tile" reaches into subpackage pages/b from subpackage pages/c; it needs a componentPlaceholder')
    expect(r.stderr).toContain('pages/c/c.wxss: @import "../b/b.wxss" reaches into subpackage pages/b from subpackage pages/c')
  }, 120_000)

  test('a missing component fails (miniprogram-ci refuses to compile it)', () => {
    const r = check(pagesProject({ 'miniprogram/pages/c/c.json': JSON.stringify({ usingComponents: { gone: '/components/gone/gone' } }), 'miniprogram/pages/c/c.wxml': '<gone />' }))
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/✖ .*pages\/c\/c\.json.*gone/)
  }, 120_000)

  test('a preloadRule naming a package or a page that does not exist fails (miniprogram-ci refuses to compile it)', () => {
    const r = check(
      pagesProject({
        'miniprogram/app.json': JSON.stringify({
          pages: ['pages/a/a'],
          subPackages: [
            { root: 'pages/b', name: 'b', pages: ['b'] },
            { root: 'pages/c', name: 'c', pages: ['c'] },
          ],
          preloadRule: { 'pages/a/a': { network: 'wifi', packages: ['b', 'nope'] }, 'pages/x/x': { network: 'all', packages: ['c'] } },
        }),
      }),
    )
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/✖ .*preloadRule.*nope/)
    expect(r.stderr).toMatch(/preloadRule.*pages\/x\/x/)
  }, 120_000)

  test('a component of another subpackage with a componentPlaceholder passes', () => {
    const r = check(
      pagesProject({
        'miniprogram/pages/c/c.json': JSON.stringify({ usingComponents: { tile: '/pages/b/parts/tile/tile' }, componentPlaceholder: { tile: 'view' } }),
        'miniprogram/pages/c/c.wxml': '<tile />',
      }),
    )
    expect(r.stderr).not.toContain('✖')
    expect(r.status).toBe(0)
  }, 120_000)
})
