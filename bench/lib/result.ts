/**
 * How a bench file hands its numbers to scripts/bench.js: one JSON file per row in BENCH_OUT.
 * A row that could not be measured says why instead ({ notMeasured }), so the table can too.
 */
import * as fs from 'fs'
import * as os from 'os'
import * as path from 'path'

export const QUICK = process.env.BENCH_QUICK === '1'

export type RowResult = Record<string, unknown>

function write(id: string, body: RowResult): void {
  const dir = process.env.BENCH_OUT || path.join(os.tmpdir(), 'bench-out')
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, `${id}.json`), JSON.stringify({ id, ...body }, null, 2))
}

/**
 * Declares one measurement as a jest test. It never fails on a slow number (the table judges
 * those); an exception becomes "not measured: <message>" for the row.
 */
export function measure(id: string, run: () => Promise<RowResult>, timeoutMs = 300_000): void {
  test(
    id,
    async () => {
      try {
        write(id, { ...(await run()), quick: QUICK })
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err)
        write(id, { notMeasured: message.split('\n')[0] })
        // still visible in the jest log for whoever investigates
        console.error(`bench ${id}: not measured`, err)
      }
    },
    timeoutMs,
  )
}

/** Median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
