/**
 * Co-guests (连麦) on the room page, both sides: the audience's 连麦 button and its states, the
 * host's badge and sheet (accept, reject, 断开, full), the guest's own controls and 下麦, and the
 * videos as tiles that swap with the main one when tapped.
 */
import { iconUri } from '../../miniprogram/components/ui-icon/icons'
import type { Profile } from '../../miniprogram/core/types'
import type { DemoNetwork } from '../../miniprogram/services/demo/index'
import type { RootStore } from '../../miniprogram/stores/index'
import { $, attrOf, exists, tap, text, waitFor } from '../harness/dom'
import { loadPages, mockWx, newNetwork, openPage, signedInPerson, type Person } from '../harness/app'
import type { SimNode } from '../harness/simulate'

beforeAll(() => {
  loadPages()
})

type Page = ReturnType<typeof openPage>

let mocks: ReturnType<typeof mockWx>
let network: DemoNetwork
let stores: RootStore[]
let pages: Page[]

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

const HOST: Profile = { id: 'u-host', name: '主播小王' }
const ALICE: Profile = { id: 'u-alice', name: '观众小爱' }
const BOB: Profile = { id: 'u-bob', name: '观众小波' }

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

/** A host live with their page open, and viewers in the room with theirs. */
async function liveWith(...viewers: Profile[]) {
  const host = await person(HOST)
  const roomId = await host.store.room.create()
  const hostPage = roomPage(host, roomId)
  const people: { person: Person; page: Page }[] = []
  for (const profile of viewers) {
    const viewer = await person(profile)
    await viewer.store.room.join(roomId)
    people.push({ person: viewer, page: roomPage(viewer, roomId) })
  }
  return { host, hostPage, roomId, people }
}

const sheet = (page: Page) => $(page, '.guest-sheet')

/**
 * The .video containers, in the page's order, as "<what it shows>:<main|tile>" (what: pusher, the
 * played stream's user id, or waiting). Read from the DOM: a child node's querySelector does not
 * reach the media components inside it.
 */
function videos(page: Page): string[] {
  return page.querySelectorAll('.video').map((v: SimNode) => {
    const place = /video--main/.test(v.dom?.className ?? '') ? 'main' : 'tile'
    const player = v.dom?.querySelector('media-player')
    const what = v.dom?.querySelector('media-pusher') ? 'pusher' : player ? (player.textContent ?? '').split('|')[0].replace('_RongCloudRTC', '') : 'waiting'
    return `${what}:${place}`
  })
}

async function acceptFromSheet(hostPage: Page, name: string): Promise<void> {
  tap(hostPage, '.guest-requests')
  await waitFor(() => expect(text(sheet(hostPage), '.requests')).toContain(name))
  tap(sheet(hostPage), '.accept-request')
}

test('audience: 连麦 asks, the hint says it waits, a second tap takes it back; the host’s badge follows', async () => {
  const { hostPage, people } = await liveWith(ALICE)
  const alice = people[0].page
  await waitFor(() => expect(text(alice, '.mic-request')).toBe('连麦'))
  expect(exists(hostPage, '.mic-request')).toBe(false)
  expect(exists(hostPage, '.request-badge')).toBe(false)

  tap(alice, '.mic-request')
  await waitFor(() => expect(text(alice, '.mic-request')).toBe('取消申请'))
  expect(text(alice, '.mic-hint')).toBe('已申请连麦，等待主播同意…')
  await waitFor(() => expect(text(hostPage, '.request-badge')).toBe('1'))

  tap(alice, '.mic-request')
  await waitFor(() => expect(text(alice, '.mic-request')).toBe('连麦'))
  expect(exists(alice, '.mic-hint')).toBe(false)
  await waitFor(() => expect(exists(hostPage, '.request-badge')).toBe(false))
})

test('host: the sheet lists the request; 接受 puts the viewer on camera with their own tools and 下麦', async () => {
  const { host, hostPage, people } = await liveWith(ALICE)
  const alice = people[0]
  tap(alice.page, '.mic-request')
  await waitFor(() => expect(text(hostPage, '.request-badge')).toBe('1'))
  tap(hostPage, '.guest-requests')
  await waitFor(() => expect(text(sheet(hostPage), '.request')).toContain(ALICE.name))
  expect(text(sheet(hostPage), '.guest-count')).toBe('连麦中 0/3')
  tap(sheet(hostPage), '.accept-request')

  await waitFor(() => expect(alice.person.store.room.role).toBe('guest'))
  await waitFor(() => expect(text(sheet(hostPage), '.on-camera')).toContain(ALICE.name))
  expect(text(sheet(hostPage), '.guest-count')).toBe('连麦中 1/3')
  expect(exists(sheet(hostPage), '.request')).toBe(false)
  expect(text(sheet(hostPage), '.no-requests')).toBe('还没有观众申请连麦')

  // the guest: own camera (a tile), own controls, 下麦; no 连麦 request any more
  await waitFor(() => expect(exists(alice.page, '.pusher')).toBe(true))
  for (const tool of ['.switch-camera', '.toggle-mic', '.toggle-camera', '.leave-mic', '.leave-room']) expect(exists(alice.page, tool)).toBe(true)
  for (const tool of ['.mic-request', '.end-room', '.guest-requests']) expect(exists(alice.page, tool)).toBe(false)
  await waitFor(() => expect(videos(alice.page)).toEqual(['pusher:tile', `${HOST.id}:main`]))
  expect(text(alice.page, '.my-tile')).toBe('我')

  // the host: own camera main, the guest a tile with her name
  await waitFor(() => expect(videos(hostPage)).toEqual(['pusher:main', `${ALICE.id}:tile`]))
  expect(text(hostPage, '.guest-tile')).toBe(ALICE.name)
  expect(host.store.room.guests).toEqual([ALICE])
})

test('host: 拒绝 — the viewer is told and may ask again', async () => {
  const { hostPage, people } = await liveWith(ALICE)
  const alice = people[0].page
  tap(alice, '.mic-request')
  await waitFor(() => expect(text(hostPage, '.request-badge')).toBe('1'))
  tap(hostPage, '.guest-requests')
  await waitFor(() => expect(exists(sheet(hostPage), '.reject-request')).toBe(true))
  tap(sheet(hostPage), '.reject-request')
  await waitFor(() => expect(text(alice, '.mic-hint')).toBe('主播暂未同意你的连麦申请，可以再试一次'))
  expect(text(alice, '.mic-request')).toBe('连麦')
  expect(exists(alice, '.pusher')).toBe(false)
  tap(alice, '.mic-request')
  await waitFor(() => expect(text(alice, '.mic-hint')).toBe('已申请连麦，等待主播同意…'))
})

test('guest: own mic, camera and flip drive the pusher; 下麦 (confirmed) goes back to the audience', async () => {
  const { hostPage, people } = await liveWith(ALICE)
  const alice = people[0]
  tap(alice.page, '.mic-request')
  await waitFor(() => expect(text(hostPage, '.request-badge')).toBe('1'))
  await acceptFromSheet(hostPage, ALICE.name)
  await waitFor(() => expect(exists(alice.page, '.pusher')).toBe(true))

  tap(alice.page, '.toggle-mic')
  await waitFor(() => expect(text(alice.page, '.pusher')).toContain('mic:false'))
  tap(alice.page, '.toggle-camera')
  await waitFor(() => expect(text(alice.page, '.pusher')).toContain('camera:false'))
  tap(alice.page, '.switch-camera')
  await waitFor(() => expect(text(alice.page, '.pusher')).toContain('back'))

  tap(alice.page, '.leave-mic')
  await waitFor(() => expect(mocks.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '下麦' })))
  await waitFor(() => expect(alice.person.store.room.role).toBe('audience'))
  await waitFor(() => expect(exists(alice.page, '.pusher')).toBe(false))
  expect(exists(alice.page, '.leave-mic')).toBe(false)
  expect(text(alice.page, '.mic-request')).toBe('连麦')
  await waitFor(() => expect(videos(hostPage)).toEqual(['pusher:main']))
})

test('host: 断开 in the sheet takes a guest off camera', async () => {
  const { hostPage, people } = await liveWith(ALICE)
  const alice = people[0]
  tap(alice.page, '.mic-request')
  await waitFor(() => expect(text(hostPage, '.request-badge')).toBe('1'))
  await acceptFromSheet(hostPage, ALICE.name)
  await waitFor(() => expect(exists(sheet(hostPage), '.remove-guest')).toBe(true))
  tap(sheet(hostPage), '.remove-guest')
  await waitFor(() => expect(alice.person.store.room.role).toBe('audience'))
  await waitFor(() => expect(exists(sheet(hostPage), '.on-camera')).toBe(false))
  await waitFor(() => expect(exists(alice.page, '.pusher')).toBe(false))
})

test('audience: the host main and the guest a tile; tapping the tile swaps them, and back', async () => {
  const { hostPage, people } = await liveWith(ALICE, BOB)
  const [alice, bob] = people
  tap(alice.page, '.mic-request')
  await waitFor(() => expect(text(hostPage, '.request-badge')).toBe('1'))
  await acceptFromSheet(hostPage, ALICE.name)
  await waitFor(() => expect(videos(bob.page)).toEqual([`${HOST.id}:main`, `${ALICE.id}:tile`]))
  // the tile's player is compact and says it is a guest's (demo placeholder wording)
  expect(text(bob.page, '.video--tile .player')).toContain('guest:true|compact:true')

  tap(bob.page, '.video--tile')
  await waitFor(() => expect(videos(bob.page)).toEqual([`${HOST.id}:tile`, `${ALICE.id}:main`]))
  expect(text(bob.page, '.video--tile')).toContain('主播')
  tap(bob.page, '.video--tile')
  await waitFor(() => expect(videos(bob.page)).toEqual([`${HOST.id}:main`, `${ALICE.id}:tile`]))

  // the guest's own view swaps too: her camera main, the host a tile
  await waitFor(() => expect(videos(alice.page)).toEqual(['pusher:tile', `${HOST.id}:main`]))
  tap(alice.page, '.video--tile')
  await waitFor(() => expect(videos(alice.page)).toEqual(['pusher:main', `${HOST.id}:tile`]))
})

test('host: with three guests on camera the accept buttons rest and the sheet says why', async () => {
  const extra = [{ id: 'u-c', name: '观众小三' }, { id: 'u-d', name: '观众小四' }]
  const { hostPage, people } = await liveWith(ALICE, BOB, ...extra)
  for (const { person: p } of people.slice(0, 3)) await p.store.room.requestMic()
  const host = stores[0]
  await waitFor(() => expect(host.room.micRequests).toHaveLength(3))
  for (const { person: p } of people.slice(0, 3)) await host.room.acceptGuest(p.profile.id)
  await people[3].person.store.room.requestMic()
  tap(hostPage, '.guest-requests')
  await waitFor(() => expect(text(sheet(hostPage), '.request')).toContain('观众小四'))
  expect(text(sheet(hostPage), '.guest-count')).toBe('连麦中 3/3')
  expect(text(sheet(hostPage), '.full-note')).toBe('连麦已满 3 人，先断开一位嘉宾')
  expect(attrOf($(sheet(hostPage), '.accept-request'), 'disabled')).toBe(true)
  expect(attrOf($(sheet(hostPage), '.remove-guest'), 'disabled')).toBe(false)
  await waitFor(() => expect(videos(hostPage)).toEqual(['pusher:main', 'u-alice:tile', 'u-bob:tile', 'u-c:tile']))
})

test('邀请 beside the co-guest controls: host, guest and audience each have both, and the sheet opens over a co-guest room', async () => {
  const { hostPage, people } = await liveWith(ALICE, BOB)
  const [alice, bob] = people
  tap(alice.page, '.mic-request')
  await waitFor(() => expect(text(hostPage, '.request-badge')).toBe('1'))
  await acceptFromSheet(hostPage, ALICE.name)
  await waitFor(() => expect(alice.person.store.room.role).toBe('guest'))
  tap($(hostPage, '.guest-sheet'), '.sheet__close')

  // the host: 连麦 tool and 邀请; the guest: 下麦 and 邀请; the audience: 连麦 request and 邀请
  for (const [page, coGuestTool] of [[hostPage, '.guest-requests'], [alice.page, '.leave-mic'], [bob.page, '.mic-request']] as const) {
    await waitFor(() => expect(exists(page, coGuestTool)).toBe(true))
    expect(exists(page, '.invite-open')).toBe(true)
    expect(attrOf($(page, '.invite-open'), 'aria-label')).toBe('邀请好友：小程序码、海报和分享卡片')
  }
  // two buttons, two pictures: the person-plus is 连麦's, 邀请 has the code's
  const iconOf = (page: Page, selector: string) => $(page, selector).dom?.querySelector('[style*="mask-image"]')?.getAttribute('style') ?? ''
  expect(iconOf(hostPage, '.invite-open')).toContain(iconUri('qr-code'))
  expect(iconOf(hostPage, '.guest-requests')).toContain(iconUri('user-plus'))

  // the guest invites a friend while on camera: the sheet (demo: the number and why), camera untouched
  tap(alice.page, '.invite-open')
  const sheet = $(alice.page, '.invite-sheet')
  await waitFor(() => expect(exists(sheet, '.invite-unavailable')).toBe(true))
  expect(exists(alice.page, '.pusher')).toBe(true)
  expect(alice.person.store.room.role).toBe('guest')
})
