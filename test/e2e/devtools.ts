import * as path from 'path'
import automator from 'miniprogram-automator'

export type MiniProgram = Awaited<ReturnType<typeof automator.launch>>

const CLI = process.env.WECHAT_DEVTOOLS_CLI
const WS = process.env.WECHAT_DEVTOOLS_WS

export const hasDevTools = Boolean(CLI || WS)

/** `describe` when DevTools is reachable, otherwise `describe.skip` with the reason printed once. */
export function describeWithDevTools(name: string, body: () => void): void {
  if (hasDevTools) {
    describe(name, body)
    return
  }
  console.warn(`e2e skipped: "${name}" needs WeChat DevTools; set WECHAT_DEVTOOLS_CLI or WECHAT_DEVTOOLS_WS (see test/e2e/README.md)`)
  describe.skip(name, body)
}

export async function openDevTools(): Promise<MiniProgram> {
  if (WS) return automator.connect({ wsEndpoint: WS })
  return automator.launch({
    cliPath: CLI,
    projectPath: path.resolve(__dirname, '../..'),
    port: Number(process.env.WECHAT_DEVTOOLS_PORT || 9420),
    timeout: 120_000,
    trustProject: true,
  })
}

export async function closeDevTools(mp: MiniProgram | undefined): Promise<void> {
  if (!mp) return
  if (WS) mp.disconnect()
  else await mp.close()
}
