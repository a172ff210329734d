/** The real `npm run server`, as tests outside the repository start it. */
import { execFileSync, spawn } from 'node:child_process'
import path from 'node:path'
import { REQUIRED_VARIABLES } from '../../src/config'
import { call, startHarness } from '../support/harness'

const root = path.resolve(__dirname, '../../..')

// compile once up front if the sources changed, so the tests below time the server, not tsc
beforeAll(() => {
  execFileSync(process.execPath, [path.join(root, 'server/scripts/run.js'), 'build'], { stdio: 'ignore' })
}, 120_000)

function run(env: Record<string, string>): { done: Promise<{ code: number | null; stdout: string; stderr: string }>; kill: (s: NodeJS.Signals) => void; output: () => string } {
  const child = spawn('npm', ['run', '--silent', 'server'], { cwd: root, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })))
  return { done, kill: (s) => child.kill(s), output: () => stdout + stderr }
}

test('missing environment: refuses to start and names every missing variable', async () => {
  const { done } = run({})
  const { code, stderr } = await done
  expect(code).not.toBe(0)
  for (const name of REQUIRED_VARIABLES) expect(stderr).toContain(name)
}, 60_000)

test('one invalid variable is named alone', async () => {
  const h = await startHarness({ realClock: true })
  await h.close()
  const { done } = run({ ...h.env, USER_ID_SECRET: 'too-short' })
  const { code, stderr } = await done
  expect(code).not.toBe(0)
  expect(stderr).toMatch(/USER_ID_SECRET: must be at least 32 bytes/)
  for (const name of REQUIRED_VARIABLES.filter((n) => n !== 'USER_ID_SECRET')) expect(stderr).not.toContain(`${name}:`)
}, 60_000)

test('with its variables it serves on PORT against the configured hosts, and stops on SIGTERM', async () => {
  const h = await startHarness({ realClock: true, instances: 0 })
  const port = String(20000 + Math.floor(Math.random() * 20000))
  const server = run({ ...h.env, PORT: port, HOST: '127.0.0.1', LOG_LEVEL: 'info' })
  try {
    const url = `http://127.0.0.1:${port}`
    const deadline = Date.now() + 30_000
    for (;;) {
      try {
        if ((await fetch(`${url}/healthz`)).ok) break
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`server did not start: ${server.output()}`)
      await new Promise((r) => setTimeout(r, 100))
    }
    const res = await call(url, 'POST', '/v1/login', { body: { code: h.wechat.issueCode('oSpawn000000000000000000000001'), profile: { name: '小明' } } })
    expect(res.status).toBe(200)
    expect(h.rc.users.has(res.body.userId)).toBe(true)
    server.kill('SIGTERM')
    const { code } = await server.done
    expect(code === 0 || code === null || code === 143).toBe(true)
    await expect(fetch(`${url}/healthz`)).rejects.toThrow()
  } finally {
    server.kill('SIGKILL')
    await h.close()
  }
}, 60_000)
