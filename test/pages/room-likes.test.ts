/**
 * Likes on the room page: the audience taps the heart, everyone's page shows the running total and
 * hearts floating up; the host has the total but no button.
 */
import type { Profile } from '../../miniprogram/core/types'
import type { DemoNetwork } from '../../miniprogram/services/demo/index'
import type { RootStore } from '../../miniprogram/stores/index'
import { $, exists, tap, text, waitFor } from '../harness/dom'
import { loadPages, mockWx, newNetwork, openPage, signedInPerson, type Person } from '../harness/app'

beforeAll(() => {
  loadPages()
})

type Page = ReturnType<typeof openPage>

let network: DemoNetwork
let stores: RootStore[]
let pages: Page[]

beforeEach(() => {
  mockWx()
  network = newNetwork()
  stores = []
  pages = []
})
afterEach(() => {
  for (const p of pages) p.detach()
  for (const s of stores) s.dispose()
  network.close()
})

async function person(profile: Profile): Promise<Person> {
  const p = await signedInPerson(network, profile)
  stores.push(p.store)
  return p
}

function roomPage(p: Person, roomId: string): Page {
  const page = openPage('room', p.store, { roomId })
  pages.push(page)
  return page
}

const likes = (page: Page) => $(page, '.tool--like')
const hearts = (page: Page) => likes(page).querySelectorAll('.heart')

test('three viewers tap the heart: every page shows the same total and hearts; the host has no button', async () => {
  const host = await person({ id: 'u-host', name: '主播' })
  const roomId = await host.store.room.create({ title: '一起点赞' })
  const hostPage = roomPage(host, roomId)
  const viewers = await Promise.all(['甲', '乙', '丙'].map((name, i) => person({ id: `u-${i}`, name })))
  const viewerPages: Page[] = []
  for (const v of viewers) {
    await v.store.room.join(roomId)
    viewerPages.push(roomPage(v, roomId))
  }
  await waitFor(() => expect(text(likes(hostPage), '.like-count')).toBe('0'))
  expect(exists(likes(hostPage), '.like-button')).toBe(false)
  for (const page of viewerPages) expect(exists(likes(page), '.like-button')).toBe(true)

  // 甲 taps 5 times, 乙 3 times, 丙 once
  const taps = [5, 3, 1]
  viewerPages.forEach((page, i) => {
    for (let n = 0; n < taps[i]; n++) tap(likes(page), '.like-button')
  })
  // my own taps show at once on my page
  await waitFor(() => expect(Number(text(likes(viewerPages[0]), '.like-count'))).toBeGreaterThanOrEqual(5))
  expect(hearts(viewerPages[0]).length).toBeGreaterThan(0)
  // and within a few seconds everyone has the same total
  for (const page of [hostPage, ...viewerPages]) await waitFor(() => expect(text(likes(page), '.like-count')).toBe('9'), 4000)
  expect(hearts(hostPage).length).toBeGreaterThan(0)
  expect(host.store.room.likes).toBe(9)
}, 15_000)

test('a late joiner’s page starts from the total so far', async () => {
  const host = await person({ id: 'u-host', name: '主播' })
  const roomId = await host.store.room.create()
  const early = await person({ id: 'u-early', name: '早来的' })
  await early.store.room.join(roomId)
  for (let n = 0; n < 4; n++) early.store.room.like()
  await waitFor(() => expect(host.store.room.likes).toBe(4), 4000)
  const late = await person({ id: 'u-late', name: '晚来的' })
  await late.store.room.join(roomId)
  const page = roomPage(late, roomId)
  await waitFor(() => expect(text(likes(page), '.like-count')).toBe('4'), 4000)
}, 10_000)
