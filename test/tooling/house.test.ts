/**
 * The house rules that no compiler or linter checks (docs/ARCHITECTURE.md, "Layers": what keeps the layers apart): small
 * files, a repository that documents itself (no reference to a brief outside it), and no import
 * circle among the mini-program's modules (child stores get narrow dependencies, not the root).
 * Each rule is a function of a file listing, so the tests below also show that it can fail.
 */
import { execFileSync } from 'child_process'
import * as fs from 'fs'
import * as path from 'path'

const repo = path.resolve(__dirname, '../..')
const MAX_LINES = 300

/** Files git tracks (the clean clone CI sees), repository-relative. */
function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: repo, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f !== '' && fs.existsSync(path.join(repo, f)))
}

const isOurMiniprogramSource = (f: string): boolean =>
  f.startsWith('miniprogram/') && !f.includes('/miniprogram_npm/') && /\.(ts|wxml|wxss|json|wxs)$/.test(f)

export function longFiles(files: Record<string, string>): string[] {
  return Object.entries(files)
    .filter(([f, text]) => isOurMiniprogramSource(f) && text.split('\n').length - (text.endsWith('\n') ? 1 : 0) > MAX_LINES)
    .map(([f]) => f)
}

// Built from pieces so that this file does not match itself.
const OUTSIDE_BRIEF = new RegExp(['\\.\\./', 'shared'].join('') + '|' + ['DESIGN', '\\.md'].join(''))

export function citesOutsideBrief(files: Record<string, string>): string[] {
  return Object.entries(files)
    .filter(([f, text]) => !f.includes('/fixtures/') && OUTSIDE_BRIEF.test(text))
    .map(([f]) => f)
}

/** Relative value imports (not `import type`) of a TypeScript module, resolved to repository paths. */
function valueImports(file: string, text: string): string[] {
  const out: string[] = []
  const re = /^\s*(import|export)\s+(?!type\b)[^'"]*?from\s+'(\.[^']+)'|require\('(\.[^']+)'\)/gm
  for (const m of text.matchAll(re)) {
    const spec = m[2] ?? m[3]
    out.push(path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)) + '.ts')
  }
  return out
}

/** One module circle among the value imports of miniprogram/**.ts, or null. */
export function findCycle(files: Record<string, string>): string[] | null {
  const graph = new Map<string, string[]>()
  for (const [f, text] of Object.entries(files)) {
    if (f.startsWith('miniprogram/') && f.endsWith('.ts') && !f.endsWith('.d.ts')) graph.set(f, valueImports(f, text).filter((d) => files[d] !== undefined))
  }
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (f: string): string[] | null => {
    if (state.get(f) === 'done') return null
    if (state.get(f) === 'open') return [...stack.slice(stack.indexOf(f)), f]
    state.set(f, 'open')
    stack.push(f)
    for (const d of graph.get(f) ?? []) {
      const c = visit(d)
      if (c) return c
    }
    stack.pop()
    state.set(f, 'done')
    return null
  }
  for (const f of graph.keys()) {
    const c = visit(f)
    if (c) return c
  }
  return null
}

function read(files: string[]): Record<string, string> {
  return Object.fromEntries(files.map((f) => [f, fs.readFileSync(path.join(repo, f), 'utf8')]))
}

describe('house rules', () => {
  const tracked = trackedFiles()

  test(`no source file under miniprogram/ is over ${MAX_LINES} lines`, () => {
    expect(longFiles(read(tracked.filter(isOurMiniprogramSource)))).toEqual([])
  })

  test('nothing in the repository cites the team brief outside it', () => {
    const text = tracked.filter((f) => /\.(ts|js|mjs|json|md|wxml|wxss|sh)$/.test(f) && !f.endsWith('package-lock.json'))
    expect(citesOutsideBrief(read(text))).toEqual([])
  })

  test('no import circle among the mini-program modules', () => {
    expect(findCycle(read(tracked.filter((f) => f.startsWith('miniprogram/') && f.endsWith('.ts'))))).toBeNull()
  })

  describe('each rule can fail', () => {
    test('a long file', () => {
      const long = Array.from({ length: MAX_LINES + 1 }, (_, i) => `// ${i}`).join('\n') + '\n'
      expect(longFiles({ 'miniprogram/stores/x.ts': long, 'miniprogram/miniprogram_npm/y.js': long })).toEqual(['miniprogram/stores/x.ts'])
      expect(longFiles({ 'miniprogram/stores/x.ts': long.split('\n').slice(1).join('\n') })).toEqual([])
    })

    test('a citation of the brief', () => {
      const cite = ['see ', '../', 'shared/', 'DESIGN', '.md'].join('')
      expect(citesOutsideBrief({ 'miniprogram/core/roles.ts': `// ${cite}` })).toEqual(['miniprogram/core/roles.ts'])
      expect(citesOutsideBrief({ 'miniprogram/core/roles.ts': '// see docs/ARCHITECTURE.md' })).toEqual([])
    })

    test('an import circle, but not through type-only imports', () => {
      const circle = {
        'miniprogram/stores/a.ts': "import { b } from './b'\nexport const a = b\n",
        'miniprogram/stores/b.ts': "import { c } from './sub/c'\nexport const b = c\n",
        'miniprogram/stores/sub/c.ts': "import { a } from '../a'\nexport const c = 1\n",
      }
      expect(findCycle(circle)).toEqual(['miniprogram/stores/a.ts', 'miniprogram/stores/b.ts', 'miniprogram/stores/sub/c.ts', 'miniprogram/stores/a.ts'])
      expect(findCycle({ ...circle, 'miniprogram/stores/sub/c.ts': "import type { A } from '../a'\nexport const c = 1\n" })).toBeNull()
    })
  })
})
