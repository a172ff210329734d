/**
 * The lobby's first frame against "connected", on one timeline, with the services' subpackage
 * downloading and LATENCY ms per call, in both modes. It plays the app's launch as WeChat runs it:
 *
 *   t = 0   the main package is there; App.onLaunch: createAppStore (the composition root, with
 *           loaders that take the subpackage's download time) and signInWithStoredProfile, which
 *           starts the download (app.ts does getStore() + signInWithStoredProfile);
 *   next    the framework loads the entry page (a later task): the lobby renders;
 *   later   the subpackage has arrived, the service connects: session.connection 'connected'.
 *
 * Download time = the subpackage's size as uploaded (from the size row's compile, size.json in
 * BENCH_OUT) at BANDWIDTH, plus one round trip for the request. Demo mode runs the real demo
 * subpackage (whose network the app makes with its own 120 ms per call); RongCloud mode runs the
 * real adapters over the fake RongCloud with the same latency per call (bench/lib/rongcloud.ts).
 * One launch per mode runs first, untimed: miniprogram-simulate compiles the page's templates on
 * its first render, which WeChat does when it loads the package.
 *
 * First frame = the first moment the lobby's DOM shows its content with the store's data (the
 * create button, and the connection as the store has it), checked when the page has loaded and
 * after each of its setData calls. Connected is seen by a reaction on the store. Nothing here
 * waits for one before looking for the other: a lobby that showed its content only once connected
 * would have its first frame after "connected", and the row would say so.
 */
import * as fs from 'fs'
import * as path from 'path'
import { reaction } from 'mobx-miniprogram'
import { createAppStore, setStore, signInWithStoredProfile } from '../../miniprogram/composition-root'
import type { AppConfig } from '../../miniprogram/config-types'
import type { RongCloudPackage } from '../../miniprogram/services/packages'
import type { Services } from '../../miniprogram/services/types'
import type { RootStore } from '../../miniprogram/stores/index'
import { testPackages } from '../../test/harness/packages'
import { loadInstrumentedPages, onSetData, openPage, type SimRoot } from '../lib/page'
import { QUICK, measure, median, sleep } from '../lib/result'
import { FakeRongCloudServer, SlowRtcClient, slowImLib } from '../lib/rongcloud'
import { FakeImLib } from '../../test/services/rongcloud/fake-sdk'
import { registerSignalMessage } from '../../miniprogram/services/rongcloud/messages'
import { createRongCloudRts } from '../../miniprogram/services/rongcloud/rts'
import { createBackendService } from '../../miniprogram/services/rongcloud/backend/index'
import { nobleModules } from '../../miniprogram/services/rongcloud/index'
import { createRongCloudRtc } from '../../miniprogram/services/rongcloud/rtc/index'
import { asClient } from '../../test/services/rongcloud/rtc/fake-plugin'

/** ms per call: the demo network's own (DEMO_LATENCY_MS in services/index.ts), the same for the fake RongCloud */
const LATENCY = 120
/** a mediocre mobile link: 2 Mbit/s */
const BANDWIDTH_BYTES_PER_MS = (2_000_000 / 8) / 1000
const REPS = QUICK ? 1 : 5

const demoConfig: AppConfig = { rongcloud: { appKey: '', tokenSource: { type: 'backend' } } }
// as configured for phones: tokens from our server (the slow package below stubs the token fetch)
const rongcloudConfig: AppConfig = { rongcloud: { appKey: 'bench-app-key', tokenSource: { type: 'backend' } }, backend: { url: 'https://api.example', publicKey: 'c2VydmVyLWtleS1mb3ItdGVzdHMtb25seS0zMmJ5dGU' } }

beforeAll(() => loadInstrumentedPages())

/** Bytes of each subpackage as uploaded, from the size row (scripts/bench/size.js). */
function subpackageBytes(): Record<string, number> {
  const file = path.join(process.env.BENCH_OUT ?? '', 'size.json')
  if (!process.env.BENCH_OUT || !fs.existsSync(file)) throw new Error('needs the size row first (size.json in BENCH_OUT): run it through npm run bench')
  const size = JSON.parse(fs.readFileSync(file, 'utf8')) as { packages?: Record<string, { total: number }>; notMeasured?: string }
  if (!size.packages) throw new Error(`the size row was not measured: ${size.notMeasured ?? 'no packages'}`)
  return Object.fromEntries(Object.entries(size.packages).map(([root, p]) => [root, p.total]))
}

/** A RongCloud subpackage whose services are the real adapters over a slow fake RongCloud. */
function slowRongCloudPackage(): typeof RongCloudPackage {
  const server = new FakeRongCloudServer()
  let made: Services | null = null
  const createRongCloudServices = () => {
    if (made) return made
    const lib = slowImLib(new FakeImLib(server), LATENCY)
    lib.init({ appkey: 'bench-app-key' })
    const userId = 'rc-bench-user'
    const token = server.addUser(userId)
    const rts = createRongCloudRts({ lib, SignalMessage: registerSignalMessage(lib), tokens: { fetch: async () => ({ userId, token }) } })
    made = { rts, rtc: createRongCloudRtc({ client: asClient(new SlowRtcClient(LATENCY)) }) }
    return made
  }
  // the subpackage's own @noble comes with it: the store warms the verifier while connecting
  return { createRongCloudServices, createBackendService, nobleModules } as unknown as typeof RongCloudPackage
}

/**
 * True once the lobby shows its content with the store's data: the way into a room, and the
 * connection as the store has it (the banner while connecting or after a failure, the "you can
 * edit your name" hint once connected); a template without its store data shows neither.
 */
function showsContent(page: SimRoot): boolean {
  if (!page.querySelector('.enter__create')) return false
  const banner = page.querySelector('.banner__text')?.dom?.textContent?.trim() ?? ''
  const hint = page.querySelector('.me__hint')?.dom?.textContent?.trim() ?? ''
  return banner !== '' || hint === '点击头像或昵称即可修改'
}

async function launch(mode: 'demo' | 'rongcloud', downloadMs: number) {
  const packages = testPackages(slowRongCloudPackage, { downloadMs: { [mode]: downloadMs } })
  let store: RootStore | null = null
  let page: SimRoot | null = null
  const stops: (() => void)[] = []
  try {
    const t0 = performance.now()
    let firstFrame: number | null = null
    let connected: number | null = null
    // App.onLaunch
    store = createAppStore(mode === 'demo' ? demoConfig : rongcloudConfig, packages)
    setStore(store)
    void signInWithStoredProfile(store)
    const s = store
    stops.push(reaction(() => s.session.connection, (c) => void (c === 'connected' && connected === null && (connected = performance.now() - t0)), { fireImmediately: true }))
    // the entry page, in the framework's next task
    await sleep(0)
    const look = () => {
      if (firstFrame === null && page && showsContent(page)) firstFrame = performance.now() - t0
    }
    stops.push(onSetData(() => look()))
    page = openPage('lobby', store)
    look()
    const until = performance.now() + downloadMs + 40 * LATENCY
    while ((firstFrame === null || connected === null) && performance.now() < until) await sleep(5)
    if (connected === null) throw new Error(`${mode}: never connected (${store.session.connection}: ${store.session.connectionError?.message ?? ''})`)
    if (firstFrame === null) throw new Error(`${mode}: the lobby never showed its content`)
    return { firstFrame, connected, loads: [...packages.loads] }
  } finally {
    for (const stop of stops) stop()
    page?.detach()
    if (store) {
      await store.session.signOut().catch(() => undefined)
      store.dispose()
    }
    packages.close()
  }
}

measure('lobby-first-frame', async () => {
  const bytes = subpackageBytes()
  const modes = { demo: 'services/demo', rongcloud: 'services/rongcloud' } as const
  const result: Record<string, unknown> = { latencyMs: LATENCY, bandwidthMbps: (BANDWIDTH_BYTES_PER_MS * 8) / 1000, reps: REPS }
  for (const [mode, root] of Object.entries(modes) as ['demo' | 'rongcloud', string][]) {
    if (!(root in bytes)) throw new Error(`the size row found no subpackage ${root}`)
    const downloadMs = LATENCY + bytes[root] / BANDWIDTH_BYTES_PER_MS
    const firstFrame: number[] = []
    const connected: number[] = []
    let loads: string[] = []
    await launch(mode, downloadMs)
    for (let rep = 0; rep < REPS; rep++) {
      const run = await launch(mode, downloadMs)
      firstFrame.push(run.firstFrame)
      connected.push(run.connected)
      loads = run.loads
    }
    // the worst repetition decides whether the first frame always came first
    const margins = firstFrame.map((f, i) => connected[i] - f)
    result[mode] = {
      subpackageBytes: bytes[root],
      downloadMs,
      firstFrameMs: median(firstFrame),
      connectedMs: median(connected),
      worstMarginMs: Math.min(...margins),
      loads,
    }
  }
  return result
})
