/**
 * Row 5: the lobby's first frame against the connection, with 300 ms per call on the demo
 * network. Plays the app's launch: a new store, sign-in started in the background (as
 * App.onLaunch does), then the lobby page rendered and attached. First frame = the page attached
 * with its template rendered (onLoad and the bindings' first setData included); connected = the
 * store's session.connection turning 'connected'. Both from the start of the launch.
 */
import { when } from 'mobx-miniprogram'
import { loadProfile } from '../../miniprogram/platform/profile'
import { createStore } from '../../miniprogram/stores'
import { setStore, signInWithStoredProfile } from '../../miniprogram/composition-root'
import { QUICK, measure, median } from '../lib/result'
import { network } from '../lib/people'
import { loadInstrumentedPages, openPage } from '../lib/page'

const LATENCY = 300
const REPS = QUICK ? 1 : 5

beforeAll(() => loadInstrumentedPages())

measure('lobby-first-frame', async () => {
  const firstFrame: number[] = []
  const connected: number[] = []
  let bannerText = ''
  for (let rep = 0; rep < REPS; rep++) {
    const net = network({ latencyMs: LATENCY })
    const profile = loadProfile()
    const store = createStore(net.connect(profile))
    try {
      const start = performance.now()
      setStore(store)
      void signInWithStoredProfile(store)
      const page = openPage('lobby', store)
      firstFrame.push(performance.now() - start)
      if (rep === 0) bannerText = (page.querySelector('.banner__text')?.dom?.textContent ?? '').trim()
      await when(() => store.session.connection === 'connected', { timeout: 20 * LATENCY })
      connected.push(performance.now() - start)
      page.detach()
    } finally {
      store.dispose()
      net.close()
    }
  }
  return { latencyMs: LATENCY, reps: REPS, firstFrameMs: median(firstFrame), connectedMs: median(connected), bannerText }
})
