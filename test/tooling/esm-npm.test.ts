import { readdirSync, readFileSync } from 'fs'
import { join } from 'path'

const { rewriteBigInts, ESM_PACKAGES } = require('../../scripts/lib/build-esm-npm')
const acorn = require('acorn')
// the demo subpackage's copy (the RongCloud one is the same bytes: noble-packages.test.ts)
const NPM = join(__dirname, '../../miniprogram/services/demo/miniprogram_npm')

/** WeChat's packer and every engine without BigInt stop at a BigInt literal (scripts/lib/build-esm-npm.js). */
function bigIntLiterals(code: string): number {
  let n = 0
  acorn.parse(code, { ecmaVersion: 2022, sourceType: 'script', onToken: (t: any) => typeof t.value === 'bigint' && n++ })
  return n
}

describe('ESM-only packages built into the services subpackages\' miniprogram_npm', () => {
  it.each(Object.keys(ESM_PACKAGES))('%s: CommonJS, ES2017, no BigInt literal', (name) => {
    const dir = join(NPM, name)
    const files = readdirSync(dir).filter((f) => f.endsWith('.js'))
    expect(files.length).toBeGreaterThan(0)
    for (const f of files) {
      const code = readFileSync(join(dir, f), 'utf8')
      // a script (no import / export left), of ES2017 syntax
      expect(() => acorn.parse(code, { ecmaVersion: 2017, sourceType: 'script' })).not.toThrow()
      expect(bigIntLiterals(code)).toBe(0)
    }
  })

  it('rewrites literals to constants with the same values, folds literal powers, refuses a ** that may meet a BigInt', () => {
    const out = rewriteBigInts('"use strict";\nconst a = 0x10n + 3n * 2n ** 4n; const b = 2 ** 3; module.exports = [a, b, 3n];', 't.js')
    expect(out.startsWith('"use strict";\nvar ')).toBe(true)
    expect(bigIntLiterals(out)).toBe(0)
    const m = { exports: [] as unknown[] }
    new Function('module', out)(m)
    expect(m.exports).toEqual([BigInt(16) + BigInt(3) * BigInt(16), 8, BigInt(3)])
    expect(() => rewriteBigInts('const x = y ** 2n', 't.js')).toThrow(/Math.pow/)
  })
})
