/**
 * The live list in the lobby (lobby.rooms as cards): who is live, the title, how many watch (when
 * the list says so) and for how long; it follows rooms opening and ending, pull to refresh reads it
 * again, an empty list invites the person to go live, and a tap on a card joins. The people here
 * run as the app does in demo mode (our server's signed listings, whose viewer count is as of the
 * host's last heartbeat); the unsigned path's list (the demo's directory) counts viewers too.
 */
import { runInAction } from 'mobx-miniprogram'
import { systemSchedule } from '../../miniprogram/core/timers'
import { createStore } from '../../miniprogram/stores/index'
import { HEARTBEAT_MS } from '../../miniprogram/stores/room/authority'
import type { DemoNetwork } from '../../miniprogram/services/demo/index'
import type { RootStore } from '../../miniprogram/stores/index'
import { $, attrOf, exists, tap, text, waitFor } from '../harness/dom'
import { loadPages, mockWx, newNetwork, openPage, signedInPerson, type Person } from '../harness/app'

beforeAll(() => {
  loadPages()
})

let mocks: ReturnType<typeof mockWx>
let network: DemoNetwork
let stores: RootStore[]
let pages: { detach(): void }[]

beforeEach(() => {
  mocks = mockWx()
  network = newNetwork()
  stores = []
  pages = []
})
afterEach(() => {
  for (const p of pages) p.detach()
  for (const s of stores) s.dispose()
  network.close()
})

async function person(id: string, name: string): Promise<Person> {
  const p = await signedInPerson(network, { id, name })
  stores.push(p.store)
  return p
}

function lobbyOf(p: Person) {
  const page = openPage('lobby', p.store)
  pages.push(page)
  return page
}

const cards = (page: ReturnType<typeof lobbyOf>) => page.querySelectorAll('.live-card')

test('rooms appear as cards as they go live and disappear when they end', async () => {
  const me = await person('me', '我')
  const page = lobbyOf(me)
  await waitFor(() => expect(exists(page, '.live-empty')).toBe(true))
  expect(cards(page)).toHaveLength(0)

  const wang = await person('u-wang', '老王')
  const roomId = await wang.store.room.create({ title: '深夜食堂' })
  await waitFor(() => expect(cards(page)).toHaveLength(1))
  expect(exists(page, '.live-empty')).toBe(false)
  const card = text(cards(page)[0])
  expect(card).toContain('深夜食堂')
  expect(card).toContain('老王')
  expect(card).toContain(roomId)
  // a room just opened: its listing says nobody watches yet
  expect(card).toContain('暂无观众')
  expect(card).toContain('刚刚开播')
  expect(text(page, '.live-count')).toBe('1 场')

  // a second room without a title: the newest first, named after its host
  const li = await person('u-li', '小李')
  await li.store.room.create()
  await waitFor(() => expect(cards(page)).toHaveLength(2))
  expect(text(cards(page)[0])).toContain('小李的直播间')
  expect(text(page, '.live-count')).toBe('2 场')

  await wang.store.room.leave()
  await li.store.room.leave()
  await waitFor(() => expect(cards(page)).toHaveLength(0))
  expect(exists(page, '.live-empty')).toBe(true)
})

test('without our server (the demo’s unsigned directory) a card also says how many watch', async () => {
  const unsigned = async (id: string, name: string) => {
    const { rts, rtc } = network.connect({ id, name })
    const store = createStore({ rts, rtc })
    stores.push(store)
    await store.session.signIn({ id, name })
    return store
  }
  const me = await unsigned('me', '我')
  const page = openPage('lobby', me)
  pages.push(page)
  const wang = await unsigned('u-wang', '老王')
  const roomId = await wang.room.create({ title: '深夜食堂' })
  await waitFor(() => expect(cards(page)).toHaveLength(1))
  expect(text(cards(page)[0])).toContain('暂无观众')
  const viewer = await unsigned('u-v', '观众')
  await viewer.room.join(roomId)
  await waitFor(() => expect(text(cards(page)[0])).toContain('1 人在看'))
})

test('a signed listing says how many watch as of the host’s last heartbeat: 「N 人在看」', async () => {
  const me = await person('me', '我')
  const page = lobbyOf(me)
  // the host's heartbeat comes every 30 s; here within moments (only that timer is hastened)
  const profile = { id: 'u-wang', name: '老王' }
  const host = createStore({ ...network.connect(profile), schedule: (fn, ms) => systemSchedule(fn, ms === HEARTBEAT_MS ? 50 : ms) })
  stores.push(host)
  await host.session.signIn(profile)
  const roomId = await host.room.create({ title: '深夜食堂' })
  await waitFor(() => expect(cards(page)).toHaveLength(1))
  for (const [id, name] of [['u-a', '小爱'], ['u-b', '小波']]) await (await person(id, name)).store.room.join(roomId)
  await waitFor(() => expect(text(cards(page)[0])).toContain('2 人在看'))
  expect(String(attrOf(cards(page)[0], 'aria-label') ?? '')).toContain('2 人在看')
})

test('a card reads as one sentence to a screen reader and a tap joins as audience', async () => {
  const me = await person('me', '我')
  const host = await person('sim-host', '大卫')
  const roomId = await host.store.room.create({ title: '一起听歌' })
  const page = lobbyOf(me)
  await waitFor(() => expect(cards(page)).toHaveLength(1))
  const label = String(attrOf(cards(page)[0], 'aria-label') ?? '')
  expect(label).toContain('大卫正在直播：一起听歌')
  expect(label).toContain(`房间号 ${roomId}`)
  tap(page, '.live-card')
  await waitFor(() => expect(mocks.navigateTo).toHaveBeenCalledWith({ url: `/pages/room/room?roomId=${roomId}` }))
  expect(me.store.room.role).toBe('audience')
})

test('the empty list invites to go live: 我来开播 opens the preview', async () => {
  const me = await person('me', '我')
  const page = lobbyOf(me)
  await waitFor(() => expect(exists(page, '.live-empty__go')).toBe(true))
  expect(text(page, '.live-empty')).toContain('现在还没有人在直播')
  tap(page, '.live-empty__go')
  await waitFor(() => expect(mocks.navigateTo).toHaveBeenCalledWith({ url: '/pages/preview/preview' }))
  expect(me.store.room.status).toBe('idle')
})

test('pull to refresh reads the list again and stops the spinner; a failure says why and keeps the cards', async () => {
  const me = await person('me', '我')
  const host = await person('u-h', '主播')
  await host.store.room.create({ title: '早安' })
  const page = lobbyOf(me)
  await waitFor(() => expect(cards(page)).toHaveLength(1))
  // the shown list went stale (as if a push was missed): a pull brings it back
  runInAction(() => (me.store.lobby.rooms = []))
  await waitFor(() => expect(cards(page)).toHaveLength(0))
  await (page.instance as unknown as { onPullDownRefresh(): Promise<void> }).onPullDownRefresh()
  await waitFor(() => expect(cards(page)).toHaveLength(1))
  expect(mocks.stopPullDownRefresh).toHaveBeenCalledTimes(1)

  network.drop('me')
  await (page.instance as unknown as { onPullDownRefresh(): Promise<void> }).onPullDownRefresh()
  expect(mocks.stopPullDownRefresh).toHaveBeenCalledTimes(2)
  expect(mocks.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: expect.stringMatching(/网络/) }))
  expect(cards(page)).toHaveLength(1)
  expect(text($(page, '.live-card'))).toContain('早安')
})
