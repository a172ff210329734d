import { readdirSync, readFileSync, statSync } from 'fs'
import { join, relative } from 'path'

/** core/ must run anywhere (tests, a future server): no wx, no SDK, no store library. */
const CORE = join(__dirname, '../../miniprogram/core')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.(ts|js)$/.test(name) ? [path] : []
  })
}

/** Drops comments so a comment mentioning wx.foo is not a finding. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1')
}

function importSpecifiers(text: string): string[] {
  const found: string[] = []
  const patterns = [/\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g]
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.push(match[1])
  return found
}

const files = sourceFiles(CORE)
describe('miniprogram/core is pure', () => {
  it('has the expected files to check', () => {
    const names = files.map((f) => relative(CORE, f))
    for (const name of ['errors.ts', 'roles.ts', 'room-number.ts', 'text.ts', 'types.ts', 'wire.ts']) expect(names).toContain(name)
  })

  it.each(files.map((f) => [relative(CORE, f), f]))('%s uses no wx and imports no SDK', (_name, file) => {
    const text = code(readFileSync(file, 'utf8'))
    expect(text).not.toMatch(/\bwx\s*[.[]/)
    expect(text).not.toMatch(/\b(getApp|getCurrentPages|requirePlugin)\s*\(/)
    const specifiers = importSpecifiers(text)
    for (const specifier of specifiers) {
      expect(specifier).not.toMatch(/@rongcloud/)
      expect(specifier).not.toMatch(/mobx/)
      // only siblings inside core/: anything else could pull a platform dependency in, or an npm
      // package into the main package (Ed25519 is given to core: services/noble-ed25519.ts)
      expect(specifier).toMatch(/^\.\/[\w-]+$/)
    }
  })

  it('the scanner itself finds what it looks for', () => {
    const sample = code("import { x } from '@rongcloud/imlib-next'\nconst a = require('mobx-miniprogram')\nwx.getStorageSync('k') // wx.ok\n")
    expect(sample).toMatch(/\bwx\s*[.[]/)
    expect(importSpecifiers(sample)).toEqual(['@rongcloud/imlib-next', 'mobx-miniprogram'])
    expect(code('// wx.login()\n/* wx.request */')).not.toMatch(/\bwx\s*[.[]/)
  })
})
