/*
 * Turns the numbers the benches wrote (one JSON per measurement) into the rows of the table:
 * what was measured, the target beside it, pass / MISS and, for a miss, by how much.
 */
const LIMIT_KB = 2048

const kb = (bytes) => bytes / 1024
const fmt = (n, digits = 1) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
const joinNotes = (...notes) => notes.filter(Boolean).join('; ')

/** A row judged against "value ≤ max". */
function atMost(row, metric, value, max, unit, digits = 1) {
  const ok = value <= max
  return {
    row,
    metric,
    value: `${fmt(value, digits)} ${unit}`.trim(),
    target: `≤ ${fmt(max, Number.isInteger(max) ? 0 : digits)} ${unit}`.trim(),
    ok,
    note: ok ? '' : `over by ${fmt(value - max, digits)} ${unit}`.trim(),
  }
}

function notMeasured(row, metric, target, why) {
  return { row, metric, value: 'not measured', target, ok: null, note: why }
}

const whyNot = (r) => (r ? r.notMeasured : 'the bench did not run (see the log)')

/** Rows for one result: `r` is the JSON the bench wrote, or undefined when it wrote nothing. */
const builders = {
  size(r) {
    if (!r || r.notMeasured) {
      return [
        notMeasured(1, 'main package, total', '≤ 1,300 KB', whyNot(r)),
        notMeasured(1, 'main package, our code', '≤ 120 KB', whyNot(r)),
      ]
    }
    const total = atMost(1, 'main package, total', kb(r.totalBytes), 1300, 'KB')
    total.note = joinNotes(total.note, `${((kb(r.totalBytes) / LIMIT_KB) * 100).toFixed(0)}% of WeChat's 2,048 KB`)
    const ours = atMost(1, 'main package, our code', kb(r.ourBytes), 120, 'KB')
    if (!ours.ok && r.ourByArea) {
      const top = Object.entries(r.ourByArea)
        .slice(0, 3)
        .map(([area, bytes]) => `${area} ${fmt(kb(bytes))}`)
      ours.note += ` (largest: ${top.join(', ')} KB)`
    }
    return [total, ours]
  },

  'room-bytes'(r) {
    const sizes = [100, 1000, 5000]
    const metricAt = (n) => `setData bytes per new message, ${fmt(n, 0)} history`
    const flatMetric = 'setData bytes per message, 100 → 5,000 history'
    if (!r || r.notMeasured) {
      return [...sizes.map((n) => notMeasured(2, metricAt(n), '≤ 2,048 B', whyNot(r))), notMeasured(2, flatMetric, '≤ +10%', whyNot(r))]
    }
    // the mean over one trim cycle of the chat list (50 appends + 1 full render) is what a new
    // message costs over time; the median is a message alone, the max the trim
    const rows = sizes.map((n) => {
      const at = r.byHistory[String(n)]
      const row = atMost(2, metricAt(n), at.mean, 2048, 'B', 0)
      row.note = joinNotes(
        row.note,
        `mean of ${r.measured}: one alone ${fmt(at.median, 0)} B, the window trim once in ${r.measured} ${fmt(at.max, 0)} B; ${at.callsPerMessage} call(s)`,
      )
      return row
    })
    const first = r.byHistory['100'].mean
    const last = r.byHistory['5000'].mean
    const growth = first ? ((last - first) / first) * 100 : last ? Infinity : 0
    const ok = growth <= 10
    rows.push({
      row: 2,
      metric: flatMetric,
      value: `${growth >= 0 ? '+' : ''}${fmt(growth, 1)}%`,
      target: '≤ +10%',
      ok,
      note: ok ? 'flat' : `grows by ${fmt(last - first, 0)} B`,
    })
    return rows
  },

  'room-burst'(r) {
    const metrics = [
      ['full room: setData calls per second', '≤ 10 /s'],
      ['full room: messages lost', '0'],
      ['full room: last send → on screen', '≤ 200 ms'],
    ]
    if (!r || r.notMeasured) return metrics.map(([m, t]) => notMeasured(3, m, t, whyNot(r)))
    const rate = atMost(3, metrics[0][0], r.setDataPerSecond, 10, '/s', 0)
    rate.note = joinNotes(
      rate.note,
      `busiest 1-s window; mean ${fmt(r.meanSetDataPerSecond)} /s; ${r.members} people sending ${fmt(r.sentPerSecond)} msg/s for ${fmt(r.seconds, 0)} s`,
    )
    const lostCount = r.lostInStore + r.lostOnScreen
    const lost = {
      row: 3,
      metric: metrics[1][0],
      value: `${lostCount}`,
      target: '0',
      ok: lostCount === 0,
      note:
        `${r.accepted} sent: ${r.lostInStore} never in the store, ${r.lostOnScreen} never rendered` +
        (r.rateLimited ? `; ${r.rateLimited} refused by the rate limit (sender told, not counted)` : ''),
    }
    let latency
    if (r.lastOnScreenMs === null) {
      latency = { row: 3, metric: metrics[2][0], value: 'never', target: '≤ 200 ms', ok: false, note: 'the last message never reached the page' }
    } else {
      latency = atMost(3, metrics[2][0], r.lastOnScreenMs, 200, 'ms', 0)
      latency.note = joinNotes(
        latency.note,
        `every message: p50 ${fmt(r.p50OnScreenMs, 0)}, p95 ${fmt(r.p95OnScreenMs, 0)}, max ${fmt(r.maxOnScreenMs, 0)} ms; latency ${r.latencyMs} ms`,
      )
    }
    return [rate, lost, latency]
  },

  'round-trips'(r) {
    if (!r || r.notMeasured) {
      return [
        notMeasured(4, 'create → pushing, round trips', '2', whyNot(r)),
        notMeasured(4, 'join → playing, round trips', '2', whyNot(r)),
      ]
    }
    return [
      ['create → pushing, round trips', r.createRoundTrips, r.createMs],
      ['join → playing, round trips', r.joinRoundTrips, r.joinMs],
    ].map(([metric, trips, ms]) => {
      // elapsed / latency also holds a few ms of our own work: the count is the nearest integer
      const ok = Math.round(trips) <= 2
      return {
        row: 4,
        metric,
        value: fmt(trips, 2),
        target: '2',
        ok,
        note: `${fmt(ms, 0)} ms at ${r.latencyMs} ms per call` + (ok ? '' : `; ${Math.round(trips) - 2} round trip(s) too many`),
      }
    })
  },

  'lobby-first-frame'(r) {
    if (!r || r.notMeasured) {
      return [
        notMeasured(5, 'lobby first frame before connected', 'yes', whyNot(r)),
        notMeasured(5, 'lobby time to first frame', '< connected', whyNot(r)),
      ]
    }
    const before = r.firstFrameMs < r.connectedMs
    return [
      {
        row: 5,
        metric: 'lobby first frame before connected',
        value: before ? 'yes' : 'no',
        target: 'yes',
        ok: before,
        note: `connected after ${fmt(r.connectedMs, 0)} ms (latency ${r.latencyMs} ms)`,
      },
      {
        row: 5,
        metric: 'lobby time to first frame',
        value: `${fmt(r.firstFrameMs, 1)} ms`,
        target: `< ${fmt(r.connectedMs, 0)} ms`,
        ok: before,
        note: `first frame shows the banner: ${r.bannerText ? `"${r.bannerText}"` : 'none'}`,
      },
    ]
  },

  cycles(r) {
    const metrics = [
      ['100 create/leave: live subscriptions', 'back to start'],
      ['100 create/leave: timers', 'back to start'],
      ['100 create/leave: heap growth', '< 2 MB'],
    ]
    if (!r || r.notMeasured) return metrics.map(([m, t]) => notMeasured(6, m, t, whyNot(r)))
    const listenersOk = r.after.listeners === r.before.listeners
    const timersBefore = r.before.timers + r.before.storeTimers
    const timersAfter = r.after.timers + r.after.storeTimers
    const timersOk = timersAfter === timersBefore
    const heapOk = r.heapGrowthMB < 2
    return [
      {
        row: 6,
        metric: metrics[0][0],
        value: `${r.before.listeners} → ${r.after.listeners}`,
        target: metrics[0][1],
        ok: listenersOk,
        note: listenersOk ? '' : `${r.after.listeners - r.before.listeners} more than at the start`,
      },
      {
        row: 6,
        metric: metrics[1][0],
        value: `${timersBefore} → ${timersAfter}`,
        target: metrics[1][1],
        ok: timersOk,
        note: joinNotes(
          `network ${r.before.timers} → ${r.after.timers}, store ${r.before.storeTimers} → ${r.after.storeTimers}`,
          timersOk ? '' : `${timersAfter - timersBefore} more than at the start`,
        ),
      },
      {
        row: 6,
        metric: metrics[2][0],
        value: `${fmt(r.heapGrowthMB, 2)} MB`,
        target: metrics[2][1],
        ok: heapOk,
        note: joinNotes(
          `${fmt(r.heapBeforeMB, 1)} → ${fmt(r.heapAfterMB, 1)} MB after gc; ${fmt(r.msPerCycle, 1)} ms per cycle`,
          heapOk ? '' : `over by ${fmt(r.heapGrowthMB - 2, 2)} MB`,
        ),
      },
    ]
  },
}

/** The measurements in table order. */
const ORDER = ['size', 'room-bytes', 'room-burst', 'round-trips', 'lobby-first-frame', 'cycles']

function buildRows(results) {
  return ORDER.flatMap((id) => builders[id](results[id]))
}

/** A plain-text table (the one `npm run bench` prints). */
function formatTable(rows) {
  const head = ['#', 'measurement', 'measured', 'target', 'mark', 'note']
  const cells = rows.map((r) => [String(r.row), r.metric, r.value, r.target, r.ok === null ? 'n/a' : r.ok ? 'pass' : 'MISS', r.note])
  // widths by code points: the table holds "≤" and "→"
  const len = (s) => [...s].length
  const last = head.length - 1
  const widths = head.map((h, i) => (i === last ? 4 : Math.max(len(h), ...cells.map((c) => len(c[i])))))
  const line = (c) => c.map((v, i) => (i === last ? v : v + ' '.repeat(widths[i] - len(v)))).join('  ').trimEnd()
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n')
}

module.exports = { ORDER, buildRows, formatTable }
