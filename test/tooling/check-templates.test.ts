import { spawnSync } from 'child_process'
import * as fs from 'fs'
import * as os from 'os'
import * as path from 'path'

const repo = path.resolve(__dirname, '../..')
const run = (script: string, dir: string) =>
  spawnSync(process.execPath, [path.join(repo, 'scripts', script), dir], { encoding: 'utf8' })

/** A throw-away mini-program: app.json with one page that uses one component. */
function fixture(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tpl-check-'))
  const base: Record<string, string> = {
    'app.json': JSON.stringify({ pages: ['pages/a/a'] }),
    'app.ts': 'App({})',
    'app.wxss': 'page { color: #333; }',
    'pages/a/a.json': JSON.stringify({ usingComponents: { card: '/components/card/card' } }),
    'pages/a/a.ts': 'Page({})',
    'pages/a/a.wxml': '<view class="a"><card title="{{title}}" /></view>',
    'components/card/card.json': JSON.stringify({ component: true }),
    'components/card/card.ts': 'Component({})',
    'components/card/card.wxml': '<view wx:if="{{title}}">{{title}}</view><view wx:else>-</view>',
  }
  for (const [file, text] of Object.entries({ ...base, ...files })) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    fs.writeFileSync(path.join(dir, file), text)
  }
  return dir
}

describe('template check (wcc / wcsc / glass-easel)', () => {
  test('passes on a correct fixture', () => {
    const r = run('check-templates.js', fixture({}))
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
  })

  test.each([
    ['unterminated binding', 'pages/a/a.wxml', '<view>{{title}</view>', 'pages/a/a.wxml'],
    ['unclosed tag', 'components/card/card.wxml', '<view><text>x</view>', 'components/card/card.wxml'],
    ['wx:else without wx:if', 'pages/a/a.wxml', '<view wx:else>x</view>', 'pages/a/a.wxml'],
    ['broken expression', 'pages/a/a.wxml', '<view>{{ a + }}</view>', 'pages/a/a.wxml'],
    ['unbalanced braces in wxss', 'app.wxss', 'page { color: red; ', 'app.wxss'],
    ['universal selector, which WXSS rejects', 'pages/a/a.wxss', '* { margin: 0; }', 'pages/a/a.wxss'],
  ])('fails on %s and names the file', (_name, file, text, reported) => {
    const r = run('check-templates.js', fixture({ [file]: text }))
    expect(r.status).toBe(1)
    expect(r.stderr).toContain(reported)
  })

  test('our own mini-program passes', () => {
    const r = run('check-templates.js', path.join(repo, 'miniprogram'))
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
  })
})

describe('project check (pages and usingComponents resolve)', () => {
  test('passes on a correct fixture', () => {
    expect(run('check-project.js', fixture({})).status).toBe(0)
  })

  test('fails when a page listed in app.json has no template', () => {
    const dir = fixture({ 'app.json': JSON.stringify({ pages: ['pages/a/a', 'pages/missing/missing'] }) })
    const r = run('check-project.js', dir)
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('page pages/missing/missing: missing .wxml')
  })

  test('fails when a usingComponents path does not resolve', () => {
    const dir = fixture({ 'pages/a/a.json': JSON.stringify({ usingComponents: { card: '/components/nope/nope' } }) })
    const r = run('check-project.js', dir)
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('usingComponents["card"] = "/components/nope/nope" does not resolve')
  })

  test('fails when a used component lacks "component": true', () => {
    const r = run('check-project.js', fixture({ 'components/card/card.json': '{}' }))
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('lacks "component": true')
  })

  test('our own mini-program passes', () => {
    const r = run('check-project.js', path.join(repo, 'miniprogram'))
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
  })
})

describe('project check: relative imports name files', () => {
  test('an import of a folder fails, because WeChat does not resolve index files', () => {
    const dir = fixture({
      'utils/index.ts': 'export const x = 1',
      'pages/a/a.ts': "import { x } from '../../utils'\nPage({ data: { x } })",
    })
    const r = run('check-project.js', dir)
    expect(r.status).toBe(1)
    expect(r.stderr).toContain("import '../../utils' does not name a file")
  })

  test('an import of the file itself passes', () => {
    const dir = fixture({
      'utils/index.ts': 'export const x = 1',
      'pages/a/a.ts': "import { x } from '../../utils/index'\nPage({ data: { x } })",
    })
    expect(run('check-project.js', dir).status).toBe(0)
  })
})

describe('project check: subpackages', () => {
  const withSub = (files: Record<string, string>) =>
    fixture({
      'app.json': JSON.stringify({ pages: ['pages/a/a'], subPackages: [{ root: 'extra', pages: [] }] }),
      'extra/index.ts': 'export const x = 1',
      ...files,
    })

  test('a main-package file may reach a subpackage through require.async, or import its types', () => {
    const dir = withSub({
      'pages/a/a.ts': [
        "import type { x as X } from '../../extra/index'",
        "const load = (): Promise<unknown> => require.async('../../extra/index.js')",
        'Page({ load })',
      ].join('\n'),
    })
    const r = run('check-project.js', dir)
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
  })

  test('a value import of a subpackage file from the main package fails', () => {
    const dir = withSub({ 'pages/a/a.ts': "import { x } from '../../extra/index'\nPage({ data: { x } })" })
    const r = run('check-project.js', dir)
    expect(r.status).toBe(1)
    expect(r.stderr).toContain("pages/a/a.ts: imports '../../extra/index' from subpackage extra; only require.async may reach another subpackage")
  })

  test('a require.async of a file that does not exist fails', () => {
    const dir = withSub({ 'pages/a/a.ts': "Page({ load: () => require.async('../../extra/nope.js') })" })
    const r = run('check-project.js', dir)
    expect(r.status).toBe(1)
    expect(r.stderr).toContain("import '../../extra/nope.js' does not name a file")
  })

  test('a subpackage root that is no folder, or lies inside another, fails', () => {
    const dir = fixture({
      'app.json': JSON.stringify({
        pages: ['pages/a/a'],
        subPackages: [
          { root: 'outer', pages: [] },
          { root: 'outer/inner', pages: [] },
          { root: 'missing', pages: [] },
        ],
      }),
      'outer/inner/x.ts': 'export {}',
    })
    const r = run('check-project.js', dir)
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('subpackage outer/inner lies inside subpackage outer')
    expect(r.stderr).toContain('subpackage missing: no such folder')
  })

  test('a component of another subpackage needs a placeholder; the main package may use none', () => {
    const files = {
      'app.json': JSON.stringify({ pages: ['pages/a/a'], subPackages: [{ root: 'extra', pages: [] }, { root: 'pages/b', pages: ['b'] }] }),
      'extra/card/card.json': JSON.stringify({ component: true }),
      'extra/card/card.ts': 'Component({})',
      'extra/card/card.wxml': '<view>card</view>',
      'pages/b/b.json': JSON.stringify({ usingComponents: { card: '/extra/card/card' } }),
      'pages/b/b.ts': 'Page({})',
      'pages/b/b.wxml': '<card />',
      'pages/a/a.json': '{}',
      'pages/a/a.wxml': '<view />',
    }
    const without = run('check-project.js', fixture(files))
    expect(without.status).toBe(1)
    expect(without.stderr).toContain('pages/b/b.json: usingComponents["card"] = "/extra/card/card" reaches into subpackage extra from subpackage pages/b; it needs a componentPlaceholder')
    const placeholder = JSON.stringify({ usingComponents: { card: '/extra/card/card' }, componentPlaceholder: { card: 'view' } })
    const withPlaceholder = run('check-project.js', fixture({ ...files, 'pages/b/b.json': placeholder }))
    expect(withPlaceholder.stderr).toBe('')
    expect(withPlaceholder.status).toBe(0)
    // the lobby's first frame needs the main package alone: no subpackage component there, placeholder or not
    const fromMain = run('check-project.js', fixture({ ...files, 'pages/b/b.json': placeholder, 'pages/a/a.json': placeholder }))
    expect(fromMain.status).toBe(1)
    expect(fromMain.stderr).toContain('pages/a/a.json: usingComponents["card"] = "/extra/card/card" is a component of subpackage extra, used from the main package')
  })

  test('a subpackage page may use the main package\'s components; a preloadRule must name pages and subpackages of app.json', () => {
    const app = (preloadRule: unknown) =>
      JSON.stringify({ pages: ['pages/a/a'], subPackages: [{ root: 'pages/b', name: 'b', pages: ['b'] }], preloadRule })
    const files = {
      'pages/b/b.json': JSON.stringify({ usingComponents: { card: '/components/card/card' } }),
      'pages/b/b.ts': 'Page({})',
      'pages/b/b.wxml': '<card />',
    }
    const good = run('check-project.js', fixture({ ...files, 'app.json': app({ 'pages/a/a': { network: 'wifi', packages: ['b'] } }) }))
    expect(good.stderr).toBe('')
    expect(good.status).toBe(0)
    const bad = run('check-project.js', fixture({ ...files, 'app.json': app({ 'pages/a/a': { network: '4g', packages: ['b', 'nope'] }, 'pages/x/x': { packages: ['pages/b'] } }) }))
    expect(bad.status).toBe(1)
    expect(bad.stderr).toContain('preloadRule["pages/a/a"].network is "4g"')
    expect(bad.stderr).toContain('preloadRule["pages/a/a"]: "nope" is neither the name nor the root of a subpackage')
    expect(bad.stderr).toContain('preloadRule["pages/x/x"]: no such page in app.json')
  })
})
