/**
 * npm run bench:server — the server's own cost, measured on this machine against the loopback
 * fakes of RongCloud and WeChat:
 *   1. open loop at BENCH_RATE requests/s (default 500) for BENCH_SECONDS (default 6): logins,
 *      then room creations (also at BENCH_LOW_RATE, default 200/s); latency the server itself adds = its Server-Timing `app` (time in the
 *      server minus time waiting on upstreams), and client-observed total minus upstream time
 *      (adds loopback and this process's own scheduling: an upper bound);
 *   2. closed loop (64 in flight) for 4 s each: the most logins and creations per second.
 * Three processes on this 2-core machine: the server (the compiled src/main.js, LOG_LEVEL=info to
 * /dev/null), the fakes (bench/fake-upstreams.ts) and this load generator. Callers come from distinct
 * addresses (X-Forwarded-For behind TRUST_PROXY=1), as phones behind a load balancer would, so the
 * per-address login limit does not apply; the fake's own rate limits are off (RongCloud's real
 * ones, 100 calls/s per API, would cap room creation long before this server does).
 */
import { fork, spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { createServer } from 'node:net'
import path from 'node:path'
import { Agent } from 'undici'
import { generateSigningKeyPem } from '../src/crypto/keys'
import { APP_KEY, APP_SECRET, WX_APPID, WX_SECRET } from '../test/support/harness'

const RATE = Number(process.env.BENCH_RATE ?? 500)
/** a second creation rate, below this machine's saturation (with the fakes on the same 2 cores) */
const LOW_RATE = Number(process.env.BENCH_LOW_RATE ?? 200)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6)
const CLOSED_SECONDS = 4
const CONCURRENCY = 64

interface Sample {
  ok: boolean
  status: number
  totalMs: number
  appMs: number
  upstreamMs: number
  calls: number
  body: string
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

function pct(values: number[], p: number): number {
  if (!values.length) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

/** CPU time (user + system) a process has used, in ms; NaN where /proc is not there. */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 // clock ticks (USER_HZ 100)
  } catch {
    return NaN
  }
}

function message<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve) => child.once('message', (m) => resolve(m as T)))
}

async function main(): Promise<void> {
  const fakes = fork(path.join(__dirname, 'fake-upstreams.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const { rcUrl, wxUrl, codes } = await message<{ rcUrl: string; wxUrl: string; codes: string[] }>(fakes)
  const port = await freePort()
  // BENCH_SERVER_NODE_ARGS: extra node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean)
  const child = spawn(process.execPath, [...nodeArgs, path.join(__dirname, '..', 'src', 'main.js')], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      PATH: process.env.PATH ?? '',
      RONGCLOUD_APP_KEY: APP_KEY,
      RONGCLOUD_APP_SECRET: APP_SECRET,
      WECHAT_APPID: WX_APPID,
      WECHAT_APP_SECRET: WX_SECRET,
      SERVER_SIGNING_KEY: generateSigningKeyPem().privatePem,
      USER_ID_SECRET: 'bench-user-id-secret-of-32-bytes-or-more',
      RONGCLOUD_API_URL: rcUrl,
      WECHAT_API_URL: wxUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      TRUST_PROXY: '1',
      LOG_LEVEL: 'info',
    },
  })
  const base = `http://127.0.0.1:${port}`
  const agent = new Agent({ connections: 256, keepAliveTimeout: 30_000, pipelining: 1 })
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await agent.request({ origin: base, path: '/healthz', method: 'GET' })).statusCode === 200) break
      } catch {
        if (i > 200) throw new Error('server did not start')
        await new Promise((r) => setTimeout(r, 50))
      }
    }

    let seq = 0
    const sessions: string[] = []
    const send = async (method: 'POST', p: string, body: object, headers: Record<string, string>): Promise<Sample> => {
      const t0 = performance.now()
      const res = await agent.request({ origin: base, path: p, method, body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } })
      const text = await res.body.text()
      const totalMs = performance.now() - t0
      const timing = String(res.headers['server-timing'] ?? '')
      const appMs = Number(/app;dur=([\d.]+)/.exec(timing)?.[1] ?? NaN)
      const upstreamMs = Number(/upstream;dur=([\d.]+)/.exec(timing)?.[1] ?? NaN)
      const calls = Number(/desc="(\d+)"/.exec(timing)?.[1] ?? NaN)
      return { ok: res.statusCode < 300, status: res.statusCode, totalMs, appMs, upstreamMs, calls, body: text }
    }
    const login = async (): Promise<Sample> => {
      const n = ++seq
      const s = await send('POST', '/v1/login', { code: codes[n], profile: { name: `观众${n % 1000}` } }, {
        'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
      })
      if (s.ok) sessions.push(JSON.parse(s.body).session)
      return s
    }
    let next = 0
    const create = (): Promise<Sample> => {
      const session = sessions[next++ % sessions.length]
      return send('POST', '/v1/rooms', { title: '压测' }, { authorization: `Bearer ${session}` })
    }

    const openLoop = async (work: () => Promise<Sample>, rate = RATE) => {
      const total = rate * SECONDS
      const cpu0 = [cpuMs(child.pid), cpuMs(fakes.pid)]
      const pending: Promise<Sample>[] = []
      const t0 = performance.now()
      while (pending.length < total) {
        const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate) + 1)
        while (pending.length < due) pending.push(work())
        await new Promise((r) => setTimeout(r, 1))
      }
      const samples = await Promise.all(pending)
      const seconds = (performance.now() - t0) / 1000
      return { samples, seconds, serverCpuMs: cpuMs(child.pid) - cpu0[0], fakesCpuMs: cpuMs(fakes.pid) - cpu0[1] }
    }
    const closedLoop = async (work: () => Promise<Sample>): Promise<number> => {
      let done = 0
      const end = performance.now() + CLOSED_SECONDS * 1000
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (performance.now() < end) if ((await work()).ok) done++
        }),
      )
      return done / CLOSED_SECONDS
    }

    // warm up (JIT, connection pools), and enough users to create rooms with
    for (let i = 0; i < 10; i++) await Promise.all(Array.from({ length: 50 }, login))
    const rows: string[] = []
    const report = (name: string, r: { samples: Sample[]; seconds: number; serverCpuMs: number; fakesCpuMs: number }) => {
      const ok = r.samples.filter((s) => s.ok)
      const app = ok.map((s) => s.appMs)
      const added = ok.map((s) => s.totalMs - s.upstreamMs)
      const total = ok.map((s) => s.totalMs)
      const failed = r.samples.length - ok.length
      const statuses = [...new Set(r.samples.filter((s) => !s.ok).map((s) => s.status))].join(',')
      rows.push(
        `${name.padEnd(14)} ${String(r.samples.length).padStart(5)} req in ${r.seconds.toFixed(1)} s (${(r.samples.length / r.seconds).toFixed(0)}/s), ` +
          `${failed} failed${failed ? ` (${statuses})` : ''}; upstream calls/req ${(ok.reduce((a, s) => a + s.calls, 0) / ok.length).toFixed(1)}; ` +
          `CPU per request: server ${(r.serverCpuMs / r.samples.length).toFixed(2)} ms, fakes ${(r.fakesCpuMs / r.samples.length).toFixed(2)} ms\n` +
          `${''.padEnd(14)} server's own time (Server-Timing app)   p50 ${pct(app, 50).toFixed(2)} ms  p99 ${pct(app, 99).toFixed(2)} ms  max ${pct(app, 100).toFixed(2)} ms\n` +
          `${''.padEnd(14)} client total − upstream (upper bound)   p50 ${pct(added, 50).toFixed(2)} ms  p99 ${pct(added, 99).toFixed(2)} ms\n` +
          `${''.padEnd(14)} client total                            p50 ${pct(total, 50).toFixed(2)} ms  p99 ${pct(total, 99).toFixed(2)} ms`,
      )
    }
    report(`login @${RATE}/s`, await openLoop(login))
    report(`create @${LOW_RATE}/s`, await openLoop(create, LOW_RATE))
    report(`create @${RATE}/s`, await openLoop(create))
    const loginsPerSecond = await closedLoop(login)
    const createsPerSecond = await closedLoop(create)
    fakes.send('stats')
    const stats = await message<{ lobbyKeys: number; chatrooms: number }>(fakes)
    console.log(`live-rooms server bench — ${process.platform} ${process.arch}, Node ${process.version}, ${cpus().length} cores`)
    console.log(`(three processes: the server, the fakes, this load generator; lobby KV at ${stats.lobbyKeys}/100 keys after ${stats.chatrooms} chatrooms, so creations evict listings)`)
    console.log(rows.join('\n'))
    console.log(`throughput (${CONCURRENCY} in flight, ${CLOSED_SECONDS} s): login ${loginsPerSecond.toFixed(0)}/s, create room ${createsPerSecond.toFixed(0)}/s`)
    console.log('target: at 500 requests/s the server adds at most 5 ms at p99')
  } finally {
    child.kill('SIGTERM')
    fakes.send('exit')
    await agent.close()
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e)
    process.exit(1)
  },
)
