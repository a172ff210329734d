/**
 * scripts/lib/packages.js: what one package may use of another (both project checks use it) and
 * the preload quota, which a real compile could only reach with over 2 MB of subpackages.
 */
import * as path from 'path'

const lib = require(path.resolve(__dirname, '../../scripts/lib/packages.js')) as {
  MAIN: string
  crossPackageProblem(from: string, to: string, how: string, independent?: Set<string>): string | null
  preloadRulesOf(app: unknown): { rules: { page: string; root: string; network: string; packages: string[] }[]; problems: string[] }
  preloadQuotaProblems(rules: { root: string; packages: string[] }[], bytesOf: (root: string) => number): string[]
}
const { MAIN, crossPackageProblem, preloadRulesOf, preloadQuotaProblems } = lib

describe('crossPackageProblem', () => {
  test.each(['require', 'async', 'component', 'placeholder', 'style'])('its own package and the main package are always fine (%s)', (how) => {
    expect(crossPackageProblem('pages/room', 'pages/room', how)).toBeNull()
    expect(crossPackageProblem('pages/room', MAIN, how)).toBeNull()
  })

  test('another subpackage: code only asynchronously, components only with a placeholder, styles never', () => {
    expect(crossPackageProblem('pages/chat', 'pages/room', 'require')).toMatch(/only require\.async/)
    expect(crossPackageProblem('pages/chat', 'pages/room', 'async')).toBeNull()
    expect(crossPackageProblem('pages/chat', 'pages/room', 'component')).toMatch(/needs a componentPlaceholder/)
    expect(crossPackageProblem('pages/chat', 'pages/room', 'placeholder')).toBeNull()
    expect(crossPackageProblem('pages/chat', 'pages/room', 'style')).toMatch(/reaches into subpackage pages\/room/)
  })

  test('the main package reaches a subpackage only through require.async, never through a component', () => {
    expect(crossPackageProblem(MAIN, 'services/demo', 'async')).toBeNull()
    expect(crossPackageProblem(MAIN, 'services/demo', 'require')).toMatch(/only require\.async/)
    expect(crossPackageProblem(MAIN, 'pages/room', 'component')).toMatch(/used from the main package/)
    expect(crossPackageProblem(MAIN, 'pages/room', 'placeholder')).toMatch(/used from the main package/)
  })

  test('an independent subpackage may not reach the main package', () => {
    expect(crossPackageProblem('indep', MAIN, 'require', new Set(['indep']))).toMatch(/independent subpackage indep/)
    expect(crossPackageProblem('indep', MAIN, 'component', new Set(['indep']))).toMatch(/independent subpackage indep/)
  })
})

describe('preload rules', () => {
  const app = {
    pages: ['pages/lobby/lobby'],
    subPackages: [
      { root: 'pages/room', name: 'room', pages: ['room'] },
      { root: 'pages/chat/', pages: ['chat'] },
      { root: 'indep', pages: ['index'], independent: true },
    ],
    preloadRule: {
      'pages/lobby/lobby': { packages: ['room', 'pages/chat'] },
      'pages/room/room': { network: 'all', packages: ['pages/chat'] },
      'indep/index': { packages: ['__APP__'] },
    },
  }

  test('packages by name or root, the network defaulting to wifi, the main package only from an independent subpackage', () => {
    const { rules, problems } = preloadRulesOf(app)
    expect(problems).toEqual([])
    expect(rules).toEqual([
      { page: 'pages/lobby/lobby', root: MAIN, network: 'wifi', packages: ['pages/room', 'pages/chat'] },
      { page: 'pages/room/room', root: 'pages/room', network: 'all', packages: ['pages/chat'] },
      { page: 'indep/index', root: 'indep', network: 'wifi', packages: [MAIN] },
    ])
    const fromMain = preloadRulesOf({ ...app, preloadRule: { 'pages/lobby/lobby': { packages: ['__APP__'] } } })
    expect(fromMain.problems).toEqual([expect.stringContaining('"__APP__" (the main package) is preloaded only from an independent subpackage')])
    expect(preloadRulesOf({ ...app, preloadRule: { 'pages/lobby/lobby': { packages: [] } } }).problems).toEqual([expect.stringContaining('"packages" must list')])
  })

  test('what the pages of one package preload together may not pass 2 MB', () => {
    const { rules } = preloadRulesOf(app)
    const sizes: Record<string, number> = { 'pages/room': 1500 * 1024, 'pages/chat': 548 * 1024, [MAIN]: 300 * 1024 }
    expect(preloadQuotaProblems(rules, (root) => sizes[root])).toEqual([])
    sizes['pages/chat'] = 549 * 1024 // the lobby (main package) now preloads 2,049 KB
    expect(preloadQuotaProblems(rules, (root) => sizes[root])).toEqual(["the pages of the main package preload 2049.0 KB together, over WeChat's 2,048 KB"])
  })
})
