/**
 * The layer rules in eslint.config.mjs, run the way `npm run lint` runs them (the ESLint CLI, the
 * repository's own config) on code given on stdin under a path of the app.
 */
import { spawnSync } from 'child_process'
import * as path from 'path'

const repo = path.resolve(__dirname, '../..')
const eslintBin = path.join(repo, 'node_modules/eslint/bin/eslint.js')

/** The no-restricted-imports messages for `code` as if it were the file at `filePath`. */
function restrictedImports(filePath: string, code: string): string[] {
  const r = spawnSync(process.execPath, [eslintBin, '--format', 'json', '--stdin', '--stdin-filename', filePath], {
    cwd: repo,
    input: code,
    encoding: 'utf8',
    timeout: 60_000,
  })
  const [result] = JSON.parse(r.stdout) as { messages: { ruleId: string | null; message: string }[] }[]
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
}

const servicesImport = "import type { RoomEvent } from '../../services/types'\nexport type X = RoomEvent\n"

describe('lint: layers', () => {
  test.each([['miniprogram/pages/room/room.ts'], ['miniprogram/components/chat-list/chat-list.ts']])('a view may not import services/ (%s)', (file) => {
    expect(restrictedImports(file, servicesImport)).toEqual([expect.stringContaining('Views do not import services/')])
  }, 60_000)

  test('a view may import the store and core', () => {
    const code = "import type { Store } from '../../stores/types'\nimport type { NativeMediaEvent } from '../../core/native-media-event'\nexport type X = [Store, NativeMediaEvent]\n"
    expect(restrictedImports('miniprogram/pages/room/room.ts', code)).toEqual([])
  }, 60_000)

  test('the store may import services/', () => {
    expect(restrictedImports('miniprogram/stores/room/x.ts', servicesImport)).toEqual([])
  }, 60_000)

  test('core/ may not import the store library, and no one outside services/rongcloud/ the SDK', () => {
    expect(restrictedImports('miniprogram/core/x.ts', "import { observable } from 'mobx-miniprogram'\nexport const o = observable({})\n")).toHaveLength(1)
    const sdk = "import type { BaseMessage } from '@rongcloud/imlib-next'\nexport type X = BaseMessage\n"
    for (const file of ['miniprogram/core/x.ts', 'miniprogram/pages/room/x.ts', 'miniprogram/stores/x.ts']) {
      expect(restrictedImports(file, sdk)).toEqual([expect.stringContaining('SDK types stay inside services/rongcloud/')])
    }
    expect(restrictedImports('miniprogram/services/rongcloud/x.ts', sdk)).toEqual([])
  }, 60_000)

  test('core/ may not import @noble: it is given an Ed25519, and the packages travel in the services subpackages', () => {
    const noble = "import type * as Noble from '@noble/ed25519'\nexport type X = typeof Noble\n"
    expect(restrictedImports('miniprogram/core/x.ts', noble)).toEqual([expect.stringContaining('core/ loads no npm package')])
    expect(restrictedImports('miniprogram/services/x.ts', noble)).toEqual([])
  }, 60_000)
})
