#!/usr/bin/env node
/*
 * The server rows of `npm run bench`: runs `npm run bench:server` (server/bench/throughput.ts,
 * the server, its loopback fakes and the load generator in three processes) and reads its report
 * into { id: 'server', ... } in the file given as the first argument. The server bench prints
 * text only, so this reads its lines exactly; a report it cannot read is "not measured" with the
 * line it stumbled on, never a guess.
 */
const { spawnSync } = require('child_process')
const fs = require('fs')
const path = require('path')

const out = process.argv[2]
if (!out) {
  console.error('usage: node scripts/bench/server.js <out.json>')
  process.exit(2)
}
const root = path.resolve(__dirname, '..', '..')
const write = (body) => fs.writeFileSync(out, JSON.stringify({ id: 'server', ...body }, null, 2))

const r = spawnSync(process.execPath, [path.join(root, 'server', 'scripts', 'run.js'), 'bench'], {
  cwd: root,
  encoding: 'utf8',
  maxBuffer: 16 * 2 ** 20,
  timeout: 15 * 60_000,
})
process.stdout.write(r.stdout || '')
process.stderr.write(r.stderr || '')

/**
 * One open-loop block of the report:
 *   login @500/s    3000 req in 9.7 s (311/s), 0 failed; upstream calls/req 2.0; CPU per request: …
 *                  server's own time (Server-Timing app)   p50 0.09 ms  p99 13.72 ms  max 162.95 ms
 */
function block(text, name, rate) {
  const head = new RegExp(`^${name} @${rate}/s\\s+(\\d+) req in ([\\d.]+) s \\((\\d+)/s\\), (\\d+) failed.*upstream calls/req ([\\d.]+)`, 'm').exec(text)
  if (!head) return null
  const rest = text.slice(head.index + head[0].length)
  const own = /server's own time \(Server-Timing app\)\s+p50 ([\d.]+) ms\s+p99 ([\d.]+) ms\s+max ([\d.]+) ms/.exec(rest)
  if (!own) return null
  return {
    offeredPerSecond: rate,
    requests: Number(head[1]),
    seconds: Number(head[2]),
    servedPerSecond: Number(head[3]),
    failed: Number(head[4]),
    upstreamCallsPerRequest: Number(head[5]),
    ownP50Ms: Number(own[1]),
    ownP99Ms: Number(own[2]),
    ownMaxMs: Number(own[3]),
  }
}

const text = r.stdout || ''
if (r.status !== 0) {
  write({ notMeasured: `npm run bench:server exited ${r.status ?? r.signal}: ${(r.stderr || text).trim().split('\n').pop()}` })
  process.exit(0)
}
const login = block(text, 'login', 500)
const create = block(text, 'create', 500)
const throughput = /throughput \((\d+) in flight, (\d+) s\): login (\d+)\/s, create room (\d+)\/s/.exec(text)
const machine = /^live-rooms server bench — (.*)$/m.exec(text)
if (!login || !create || !throughput) {
  write({ notMeasured: `could not read the server bench's report (${!login ? 'login @500/s' : !create ? 'create @500/s' : 'throughput'} line)` })
  process.exit(0)
}
write({
  machine: machine ? machine[1] : '',
  login,
  create,
  closedLoop: { inFlight: Number(throughput[1]), seconds: Number(throughput[2]), loginPerSecond: Number(throughput[3]), createPerSecond: Number(throughput[4]) },
})
