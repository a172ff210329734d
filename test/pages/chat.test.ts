import type { Profile } from '../../miniprogram/core/types'
import { createDemoNetwork, type DemoNetwork } from '../../miniprogram/services/demo/index'
import type { RootStore } from '../../miniprogram/stores/index'
import { PRIVATE_PAGE_SIZE } from '../../miniprogram/stores/chat-store'
import { $, exists, tap, text, typeInto, waitFor } from '../harness/dom'
import { loadPages, mockWx, openPage, signedInPerson, type Person } from '../harness/app'

type Page = ReturnType<typeof openPage>

beforeAll(() => {
  loadPages()
})

const ANN: Profile = { id: 'u-ann', name: '安安' }
const BO: Profile = { id: 'u-bo', name: '波波' }

let mocks: ReturnType<typeof mockWx>
let network: DemoNetwork
let stores: RootStore[]
let pages: Page[]
let clock: number

beforeEach(() => {
  mocks = mockWx()
  // every read of the server clock moves it on by 300 ms: timestamps are distinct and ordered, and
  // the demo rate limit (5 per second) never trips when a test sends a burst of history
  clock = Date.UTC(2026, 10, 26, 9, 0, 0)
  network = createDemoNetwork({ latencyMs: 0, now: () => (clock += 300) })
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

function open(name: 'lobby' | 'chat', p: Person, query: Record<string, string> = {}): Page {
  const page = openPage(name, p.store, query)
  pages.push(page)
  return page
}

async function sendPrivate(from: Person, to: Profile, texts: string[]): Promise<void> {
  await from.store.chat.open(to.id)
  for (const t of texts) await from.store.chat.send(t)
  from.store.chat.close()
}

function list(page: Page) {
  return $(page, '.chat__messages')
}

test('a private message raises the unread badges in the lobby; opening the chat clears them', async () => {
  const ann = await person(ANN)
  const bo = await person(BO)
  const lobby = open('lobby', bo)
  expect(exists(lobby, '.total-badge')).toBe(false)

  await sendPrivate(ann, BO, ['在吗？', '晚上一起看直播'])
  await waitFor(() => expect(text(lobby, '.total-badge')).toBe('2'))
  expect(text(lobby, '.conversation__badge')).toBe('2')
  expect(text(lobby, '.conversation .row__name')).toBe(ANN.name)
  expect(text(lobby, '.conversation .row__last')).toBe('晚上一起看直播')

  tap(lobby, '.conversation')
  await waitFor(() => expect(mocks.navigateTo).toHaveBeenCalledWith({ url: `/pages/chat/chat?peerId=${ANN.id}` }))
  const chat = open('chat', bo, { peerId: ANN.id })
  await waitFor(() => expect(text(list(chat))).toContain('晚上一起看直播'))
  await waitFor(() => expect(exists(lobby, '.total-badge')).toBe(false))
  expect(exists(lobby, '.conversation__badge')).toBe(false)
  expect(bo.store.lobby.unreadTotal).toBe(0)
  expect(mocks.setNavigationBarTitle).toHaveBeenCalledWith({ title: ANN.name })
})

test('own and peer bubbles, the time once above them (not on every bubble); a reply reaches the peer', async () => {
  const ann = await person(ANN)
  const bo = await person(BO)
  await sendPrivate(ann, BO, ['你好'])
  const chat = open('chat', bo, { peerId: ANN.id })
  await waitFor(() => expect(text(list(chat))).toContain('你好'))
  expect(list(chat).querySelectorAll('.bubble--mine')).toHaveLength(0)
  const times = () => list(chat).querySelectorAll('.chat-list__time')
  expect(times()).toHaveLength(1)
  expect(text(times()[0])).toMatch(/^(\d{2}:\d{2}|昨天 \d{2}:\d{2}|\d+月\d+日 \d{2}:\d{2})$/)

  const input = $(chat, '.chat__input')
  typeInto(input, '.chat-input__field', '你好呀')
  await waitFor(() => expect((input.instance.data as { text: string }).text).toBe('你好呀'))
  tap(input, '.chat-input__send')
  await waitFor(() => expect(list(chat).querySelectorAll('.bubble--mine')).toHaveLength(1))
  expect(text(list(chat), '.bubble--mine')).toBe('你好呀')
  // a minute later is the same stretch of conversation: no second time line
  expect(times()).toHaveLength(1)
  await waitFor(() => expect(ann.store.lobby.conversations[0]?.last?.text).toBe('你好呀'))
  expect(ann.store.lobby.unreadTotal).toBe(1)
})

test('scrolling to the top loads older history until there is no more', async () => {
  const ann = await person(ANN)
  const bo = await person(BO)
  const total = PRIVATE_PAGE_SIZE + 7
  await sendPrivate(
    ann,
    BO,
    Array.from({ length: total }, (_, i) => `第${i + 1}条`),
  )
  const chat = open('chat', bo, { peerId: ANN.id })
  await waitFor(() => expect(list(chat).querySelectorAll('.bubble')).toHaveLength(PRIVATE_PAGE_SIZE))
  expect(text(list(chat), '.chat-list__more')).toBe('查看更早的消息')
  expect(text(list(chat))).not.toContain('第1条 ')

  $(list(chat), '.chat-list').dispatchEvent('scrolltoupper')
  await waitFor(() => expect(list(chat).querySelectorAll('.bubble')).toHaveLength(total))
  const bubbles = list(chat).querySelectorAll('.bubble').map((b) => text(b))
  expect(bubbles[0]).toBe('第1条')
  expect(bubbles[total - 1]).toBe(`第${total}条`)
  await waitFor(() => expect(exists(list(chat), '.chat-list__more')).toBe(false))
})

test('a message that cannot be sent shows the store’s message under the input', async () => {
  await person(ANN)
  const bo = await person(BO)
  const chat = open('chat', bo, { peerId: ANN.id })
  await waitFor(() => expect(bo.store.chat.peer?.id).toBe(ANN.id))
  const input = $(chat, '.chat__input')
  typeInto(input, '.chat-input__field', 'x'.repeat(501))
  await waitFor(() => expect((input.instance.data as { text: string }).text).toHaveLength(501))
  tap(input, '.chat-input__send')
  await waitFor(() => expect(text(input, '.chat-input__error')).toBe('消息太长了，最多 500 个字'))
})

test('leaving the chat page closes the conversation in the store', async () => {
  const ann = await person(ANN)
  const bo = await person(BO)
  await sendPrivate(ann, BO, ['hi'])
  const chat = open('chat', bo, { peerId: ANN.id })
  await waitFor(() => expect(bo.store.chat.peer?.id).toBe(ANN.id))
  chat.detach()
  pages = pages.filter((p) => p !== chat)
  expect(bo.store.chat.peer).toBeNull()
  // a later message is unread again, since nobody has the chat open
  await sendPrivate(ann, BO, ['还在吗'])
  await waitFor(() => expect(bo.store.lobby.unreadTotal).toBe(1))
})

test('a chat with myself shows the store’s error instead of a conversation', async () => {
  const bo = await person(BO)
  const chat = open('chat', bo, { peerId: BO.id })
  await waitFor(() => expect(text(chat, '.open-error')).toBe('不能和自己聊天'))
  expect(text($(chat, '.chat__input'), '.chat-input__field--off')).toBe('不能和自己聊天')
})

// issue 10 item 23: decodeURIComponent threw in onLoad on a lone '%', and the page stayed blank
test('a chat link with a malformed peer id: a clear error, nothing opened', async () => {
  const bo = await person(BO)
  const chat = open('chat', bo, { peerId: 'u-ann%' })
  await waitFor(() => expect(text(chat, '.open-error')).toContain('聊天链接无法识别'))
  expect(bo.store.chat.peer).toBeNull()
  expect(exists(chat, '.open-error')).toBe(true)
})
