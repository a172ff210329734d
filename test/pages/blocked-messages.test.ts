/**
 * What a person sees when content safety refuses their message (demo network's word list): the
 * room's chat line and the private chat's bubble say 「内容违规，未发送」 on the sender's phone only,
 * the lobby lists the conversation's last message as [未发送]; the others never see it.
 */
import type { Profile } from '../../miniprogram/core/types'
import { createDemoNetwork, DEMO_BLOCKED_WORDS, type DemoNetwork } from '../../miniprogram/services/demo/index'
import type { RootStore } from '../../miniprogram/stores/index'
import { $, exists, tap, text, typeInto, waitFor } from '../harness/dom'
import { loadPages, mockWx, openPage, signedInPerson, type Person } from '../harness/app'

type Page = ReturnType<typeof openPage>

beforeAll(() => {
  loadPages()
})

const HOST: Profile = { id: 'u-host', name: '主播' }
const ANN: Profile = { id: 'u-ann', name: '安安' }
const BAD = `这句有${DEMO_BLOCKED_WORDS[0]}`

let network: DemoNetwork
let stores: RootStore[]
let pages: Page[]

beforeEach(() => {
  mockWx()
  network = createDemoNetwork({ latencyMs: 10 })
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

function open(name: 'lobby' | 'room' | 'chat', p: Person, query: Record<string, string> = {}): Page {
  const page = openPage(name, p.store, query)
  pages.push(page)
  return page
}

async function say(page: Page, inputSelector: string, message: string): Promise<void> {
  const input = $(page, inputSelector)
  await waitFor(() => expect(exists(input, '.chat-input__field--off')).toBe(false))
  typeInto(input, '.chat-input__field', message)
  await waitFor(() => expect((input.instance.data as { text: string }).text).toBe(message))
  tap(input, '.chat-input__send')
}

test('room: the sender’s line is marked, the host’s screen never shows it, a clean line goes through', async () => {
  const host = await person(HOST)
  const ann = await person(ANN)
  const roomId = await host.store.room.create()
  await ann.store.room.join(roomId)
  const hostPage = open('room', host, { roomId })
  const annPage = open('room', ann, { roomId })

  await say(annPage, '.bottombar__input', BAD)
  const annChat = () => $(annPage, '.chat-overlay__list')
  await waitFor(() => expect(text(annChat(), '.blocked-mark')).toBe('内容违规，未发送'))
  expect(text(annChat())).toContain(BAD)

  await say(annPage, '.bottombar__input', '大家好')
  const hostChat = () => $(hostPage, '.chat-overlay__list')
  await waitFor(() => expect(text(hostChat())).toContain('大家好'))
  expect(text(hostChat())).not.toContain(BAD)
  expect(exists(hostChat(), '.blocked-mark')).toBe(false)
  // exactly one mark on the sender's screen: the clean line is not marked
  await waitFor(() => expect(text(annChat())).toContain('大家好'))
  expect(annChat().querySelectorAll('.blocked-mark')).toHaveLength(1)
})

test('private: the bubble is marked in the chat, the lobby says [未发送], the peer’s lobby stays empty', async () => {
  const host = await person(HOST)
  const ann = await person(ANN)
  const annLobby = open('lobby', ann)
  const hostLobby = open('lobby', host)
  const chat = open('chat', ann, { peerId: HOST.id })
  await waitFor(() => expect(ann.store.chat.peer?.id).toBe(HOST.id))

  await say(chat, '.chat__input', BAD)
  const list = () => $(chat, '.chat__messages')
  await waitFor(() => expect(text(list(), '.blocked-mark')).toBe('内容违规，未发送'))
  expect(exists(list(), '.bubble--blocked')).toBe(true)
  await waitFor(() => expect(text(annLobby, '.conversation .row__last')).toBe(`[未发送] ${BAD}`))
  expect(exists(hostLobby, '.conversation')).toBe(false)
  expect(exists(hostLobby, '.total-badge')).toBe(false)
})
