/**
 * Where @noble travels (services/noble-ed25519.ts): not in the main package, which the lobby's
 * first frame waits for, but in each services subpackage, which connecting waits for anyway.
 * Checked on the upload as miniprogram-ci compiles it (scripts/lib/compile.js), and on the built
 * copies: jest runs the demo's (jest.config.js), so the RongCloud subpackage's must be the same bytes.
 */
import { spawnSync } from 'child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs'
import * as os from 'os'
import * as path from 'path'

const repo = path.resolve(__dirname, '../..')
const { sizeByPackage } = require(path.join(repo, 'scripts/lib/compile.js')) as {
  sizeByPackage(files: Record<string, unknown>): { subPackages: { root: string }[]; packages: Map<string, { total: number; parts: Map<string, number> }> }
}
const { MAIN, MODE_SUBPACKAGES, NPM_IN_SUBPACKAGES, packageOf } = require(path.join(repo, 'scripts/lib/packages.js')) as {
  MAIN: string
  MODE_SUBPACKAGES: Record<string, string>
  NPM_IN_SUBPACKAGES: Record<string, string[]>
  packageOf(file: string, subPackages: { root: string }[]): string
}

const NOBLE = ['@noble/ed25519', '@noble/hashes']

/** every file under `dir`, relative, with its bytes */
function tree(dir: string, at = ''): Map<string, Buffer> {
  const out = new Map<string, Buffer>()
  for (const entry of readdirSync(path.join(dir, at), { withFileTypes: true })) {
    const rel = path.posix.join(at, entry.name)
    if (entry.isDirectory()) for (const [f, b] of tree(dir, rel)) out.set(f, b)
    else out.set(rel, readFileSync(path.join(dir, rel)))
  }
  return out
}

describe('@noble is carried by the services subpackages, not the main package', () => {
  let compiled: { files: Record<string, string | Buffer> }
  beforeAll(() => {
    // in a child process, as scripts/size.js does: miniprogram-ci keeps handles open after compiling
    const dir = mkdtempSync(path.join(os.tmpdir(), 'noble-upload-'))
    const out = path.join(dir, 'files.json')
    const script = `require(${JSON.stringify(path.join(repo, 'scripts/lib/compile.js'))}).compileForUpload()
      .then(({ files }) => { require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(files)); process.exit(0) })
      .catch((e) => { console.error(e); process.exit(1) })`
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 170_000 })
    if (run.status !== 0) throw new Error(`compile failed: ${run.stderr}`)
    // binary files (pictures) come back as Buffers
    const revive = (_key: string, v: unknown) => (v && typeof v === 'object' && (v as { type?: unknown }).type === 'Buffer' ? Buffer.from((v as { data: number[] }).data) : v)
    compiled = { files: JSON.parse(readFileSync(out, 'utf8'), revive) as Record<string, string | Buffer> }
    rmSync(dir, { recursive: true, force: true })
  }, 180_000)

  test('the main package of the upload holds no @noble file and requires none', () => {
    const { subPackages, packages } = sizeByPackage(compiled.files)
    const main = packages.get(MAIN)!
    for (const name of NOBLE) expect(main.parts.has(`npm: ${name}`)).toBe(false)
    const mainFiles = Object.keys(compiled.files).filter((f) => packageOf(f, subPackages) === MAIN)
    expect(mainFiles.length).toBeGreaterThan(50)
    expect(mainFiles.filter((f) => /miniprogram_npm\/@noble\//.test(f))).toEqual([])
    expect(mainFiles.filter((f) => /\brequire\(\s*["']@noble\//.test(String(compiled.files[f])))).toEqual([])
  })

  test.each(Object.entries(MODE_SUBPACKAGES))('%s mode: its subpackage %s carries both packages and requires them from its own copy', (_mode, root) => {
    const { subPackages, packages } = sizeByPackage(compiled.files)
    const parts = packages.get(root)!.parts
    for (const name of NOBLE) expect(parts.get(`npm: ${name}`)).toBeGreaterThan(1000)
    const own = Object.keys(compiled.files).filter((f) => packageOf(f, subPackages) === root)
    expect(own).toContain(`${root}/miniprogram_npm/@noble/ed25519/index.js`)
    expect(own).toContain(`${root}/miniprogram_npm/@noble/hashes/sha2.js`)
    // the requires that find that copy sit in files of the subpackage
    expect(own.filter((f) => !f.includes('miniprogram_npm/') && /\brequire\(\s*["']@noble\/ed25519["']\)/.test(String(compiled.files[f]))).length).toBe(1)
  })

  test('build-npm puts them in both, and the copies are the same bytes (tests run the demo one)', () => {
    for (const root of Object.values(MODE_SUBPACKAGES)) expect(NPM_IN_SUBPACKAGES[root]).toEqual(expect.arrayContaining(NOBLE))
    const copies = Object.values(MODE_SUBPACKAGES).map((root) => tree(path.join(repo, 'miniprogram', root, 'miniprogram_npm/@noble')))
    expect(copies[0].size).toBeGreaterThanOrEqual(5)
    expect([...copies[1].keys()].sort()).toEqual([...copies[0].keys()].sort())
    for (const [file, bytes] of copies[0]) expect(copies[1].get(file)!.equals(bytes)).toBe(true)
  })
})
