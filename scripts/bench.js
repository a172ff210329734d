#!/usr/bin/env node
/*
 * `npm run bench [-- --quick] [-- --verbose]`: measures the rows of issue 7 in one run and prints one
 * table with each target beside it; writes the same as JSON to bench/results.json (for the README).
 *
 * Row 1 (package size) runs scripts/bench/size.js in a child process (miniprogram-ci must be ended
 * with process.exit). Rows 2-6 are jest files under bench/ (scripts/bench/jest.config.js), run in
 * band under `node --expose-gc` so the heap row can force a GC; each writes its numbers as JSON.
 * The compile runs first, alone, so that it does not disturb the timed rows.
 * --quick: fewer repetitions and a 2-second full-room run, for CI.
 *
 * Exit status: 0 when every row was measured, even if targets were missed (the table says by how
 * much); 1 when some row could not be measured.
 */
const { spawnSync } = require('child_process')
const fs = require('fs')
const os = require('os')
const path = require('path')
const { ORDER, buildRows, formatTable } = require('./bench/rows')

const root = path.resolve(__dirname, '..')
const args = process.argv.slice(2)
const quick = args.includes('--quick')
const verbose = args.includes('--verbose')
const resultsPath = path.join(root, 'bench', 'results.json')

const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'))
const env = { ...process.env, BENCH_OUT: outDir, BENCH_QUICK: quick ? '1' : '0' }
const log = []

function run(label, argv) {
  const started = Date.now()
  process.stderr.write(`bench: ${label}…`)
  const r = spawnSync(process.execPath, argv, { cwd: root, env, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 })
  process.stderr.write(` ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
  const output = `${r.stdout || ''}${r.stderr || ''}${r.error ? `\n${r.error.message}` : ''}`
  log.push(`==== ${label} (exit ${r.status})\n${output}`)
  if (verbose) process.stderr.write(output)
}

run('package size (miniprogram-ci compile)', [path.join(__dirname, 'bench', 'size.js'), path.join(outDir, 'size.json')])
run('store and page benches (jest)', [
  '--expose-gc',
  require.resolve('jest/bin/jest'),
  '-c',
  path.join(__dirname, 'bench', 'jest.config.js'),
  '--runInBand',
  '--ci',
])

const results = {}
for (const id of ORDER) {
  const file = path.join(outDir, `${id}.json`)
  if (fs.existsSync(file)) results[id] = JSON.parse(fs.readFileSync(file, 'utf8'))
}
const rows = buildRows(results)
const command = `npm run bench${quick ? ' -- --quick' : ''}`
const date = new Date().toISOString()
const cpu = os.cpus()[0]?.model ?? ''

console.log(`\n${command}   (node ${process.version}, ${cpu || 'cpu unknown'}, ${date})\n`)
console.log(formatTable(rows))

const unmeasured = rows.filter((r) => r.ok === null)
const missed = rows.filter((r) => r.ok === false)
console.log(`\n${rows.length - unmeasured.length - missed.length} pass, ${missed.length} missed, ${unmeasured.length} not measured`)

fs.mkdirSync(path.dirname(resultsPath), { recursive: true })
fs.writeFileSync(resultsPath, `${JSON.stringify({ command, date, node: process.version, cpu, quick, rows, raw: results }, null, 2)}\n`)
console.log(`results: ${path.relative(root, resultsPath)}`)

if (unmeasured.length) {
  const logPath = path.join(outDir, 'bench.log')
  fs.writeFileSync(logPath, log.join('\n'))
  console.log(`could not measure ${unmeasured.length} row(s); full output: ${logPath} (or run with --verbose)`)
  process.exitCode = 1
} else {
  fs.rmSync(outDir, { recursive: true, force: true })
}
