#!/usr/bin/env node
/*
 * `npm run bench [-- --quick] [-- --verbose]`: every performance row in one run, one table with
 * each target beside the figure and whether it is met; the same as JSON in bench/results.json and
 * as Markdown in bench/results.md (the README's table is that file of one full run).
 *
 * Each part runs in a process of its own, one after the other, so none disturbs another's timing:
 *   1. packages: scripts/bench/size.js (miniprogram-ci compile; its compiler must be ended with
 *      process.exit). Runs first: the first-frame row reads its subpackage sizes.
 *   2. jest projects bench + bench-pages (scripts/bench/jest.config.js), in band: round trips,
 *      setData per message, the full room, the lobby's first frame.
 *   3. jest project bench-heap alone under `node --expose-gc`: create / leave cycles and the heap.
 *   4. jest project bench-jitless alone under `node --jitless`: signed-document verification.
 *   5. scripts/bench/server.js: `npm run bench:server` (server, fakes and load generator).
 * --quick: fewer repetitions, a 2-second full room, no 5,000-message chat (for CI).
 *
 * Exit status: 0 when every row was measured, whether or not it met its target (a miss is a
 * finding, shown as MISS with by how much); 1 when some row could not be measured (a broken
 * measurement: the table says why, the log of every process is kept).
 */
const { spawnSync } = require('child_process')
const fs = require('fs')
const os = require('os')
const path = require('path')
const { ORDER, buildRows, formatMarkdown, formatTable } = require('./bench/rows')

const root = path.resolve(__dirname, '..')
const args = process.argv.slice(2)
const quick = args.includes('--quick')
const verbose = args.includes('--verbose')
const resultsPath = path.join(root, 'bench', 'results.json')
const markdownPath = path.join(root, 'bench', 'results.md')

// other work on the machine slows every timed row: say how busy it was when the run started
const loadAtStart = os.loadavg().map((n) => n.toFixed(2)).join(' / ')
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'))
const env = { ...process.env, BENCH_OUT: outDir, BENCH_QUICK: quick ? '1' : '0' }
const log = []
const jest = require.resolve('jest/bin/jest')
const jestConfig = path.join(__dirname, 'bench', 'jest.config.js')

function run(label, argv) {
  const started = Date.now()
  process.stderr.write(`bench: ${label}…`)
  const r = spawnSync(process.execPath, argv, { cwd: root, env, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 })
  process.stderr.write(` ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
  const output = `${r.stdout || ''}${r.stderr || ''}${r.error ? `\n${r.error.message}` : ''}`
  log.push(`==== ${label} (exit ${r.status})\n${output}`)
  if (verbose) process.stderr.write(output)
}

const jestRun = (flags, projects) => [...flags, jest, '-c', jestConfig, '--runInBand', '--ci', '--selectProjects', ...projects]

run('packages (miniprogram-ci compile)', [path.join(__dirname, 'bench', 'size.js'), path.join(outDir, 'size.json')])
run('round trips and pages (jest)', jestRun([], ['bench', 'bench-pages']))
run('create / leave cycles (jest, own process, --expose-gc)', jestRun(['--expose-gc'], ['bench-heap']))
run('signed documents (jest, own process, --jitless)', jestRun(['--jitless'], ['bench-jitless']))
run('server (npm run bench:server)', [path.join(__dirname, 'bench', 'server.js'), path.join(outDir, 'server.json')])

const results = {}
for (const id of ORDER) {
  const file = path.join(outDir, `${id}.json`)
  if (fs.existsSync(file)) results[id] = JSON.parse(fs.readFileSync(file, 'utf8'))
}
const rows = buildRows(results)
const command = `npm run bench${quick ? ' -- --quick' : ''}`
const date = new Date().toISOString()
const cpus = os.cpus()
const machine = `${cpus.length} cores (nproc ${os.availableParallelism ? os.availableParallelism() : cpus.length}), ${cpus[0]?.model ?? 'cpu unknown'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, ${os.type()} ${os.arch()}, node ${process.version}, load average at the start ${loadAtStart} (1 / 5 / 15 min)`

console.log(`\n${command}   ${date}\n${machine}\n`)
console.log(formatTable(rows))

const unmeasured = rows.filter((r) => r.ok === null)
const missed = rows.filter((r) => r.ok === false)
const summary = `${rows.length - unmeasured.length - missed.length} met, ${missed.length} missed, ${unmeasured.length} not measured`
console.log(`\n${summary}`)

fs.mkdirSync(path.dirname(resultsPath), { recursive: true })
fs.writeFileSync(resultsPath, `${JSON.stringify({ command, date, machine, node: process.version, quick, rows, raw: results }, null, 2)}\n`)
fs.writeFileSync(markdownPath, `\`${command}\` on ${date.slice(0, 10)}; ${machine}. ${summary}.\n\n${formatMarkdown(rows)}\n`)
console.log(`results: ${path.relative(root, resultsPath)}, ${path.relative(root, markdownPath)}`)

if (unmeasured.length) {
  const logPath = path.join(outDir, 'bench.log')
  fs.writeFileSync(logPath, log.join('\n'))
  console.log(`could not measure ${unmeasured.length} row(s); full output: ${logPath} (or run with --verbose)`)
  process.exitCode = 1
} else {
  fs.rmSync(outDir, { recursive: true, force: true })
}
