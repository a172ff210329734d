/**
 * The private chat on screen and the lobby's conversation list stay bounded, and a message
 * delivered again shows once however long ago it came (issue 10 item 22).
 */
import { LobbyStore } from '../../miniprogram/stores/lobby-store'
import { ChatStore, PRIVATE_MESSAGE_CAP } from '../../miniprogram/stores/chat-store'
import { CONVERSATION_CAP } from '../../miniprogram/stores/lobby-store'
import type { ChatMessage, Profile } from '../../miniprogram/core/types'
import type { LobbyDeps } from '../../miniprogram/stores/lobby-store'

const me: Profile = { id: 'me', name: '我' }
const peer: Profile = { id: 'peer', name: '朋友' }

const message = (n: number, from: Profile = peer): ChatMessage => ({ id: `m${n}`, from, text: `第${n}条`, sentAt: 1_000 + n, kind: 'text' })

function lobby(): LobbyStore {
  const rts: LobbyDeps['rts'] = {
    enterLobby: async () => ({ onlineCount: 1, users: [] }),
    listRooms: async () => [],
    getConversations: async () => [],
    clearUnread: async () => undefined,
  } as LobbyDeps['rts']
  return new LobbyStore({ rts, myId: () => me.id })
}

function chat(history: ChatMessage[] = []): { chat: ChatStore; lobby: LobbyStore } {
  const conversations = lobby()
  const store = new ChatStore({
    rts: {
      getPrivateHistory: async (_peerId, options) => {
        const older = history.filter((m) => options.before === undefined || m.sentAt < options.before)
        return { messages: older.slice(-options.count), hasMore: older.length > options.count }
      },
      clearUnread: async () => undefined,
      sendPrivate: async () => message(-1, me),
    },
    me: () => me,
    role: () => 'user',
    requireConnected: () => undefined,
    conversations,
  })
  return { chat: store, lobby: conversations }
}

test('the conversation on screen keeps the newest PRIVATE_MESSAGE_CAP messages', async () => {
  const { chat: store } = chat()
  await store.open(peer.id)
  for (let n = 0; n < PRIVATE_MESSAGE_CAP + 100; n++) store.receive({ peer, message: message(n) })
  expect(store.messages).toHaveLength(PRIVATE_MESSAGE_CAP)
  expect(store.messages[store.messages.length - 1].id).toBe(`m${PRIVATE_MESSAGE_CAP + 99}`)
})

test('after 2,000 messages a message delivered again still shows once', async () => {
  const { chat: store } = chat()
  await store.open(peer.id)
  for (let n = 0; n < 2100; n++) store.receive({ peer, message: message(n) })
  // redelivered: one long ago (trimmed off, its id long forgotten), and one still on screen
  store.receive({ peer, message: message(0) })
  store.receive({ peer, message: message(2099 - PRIVATE_MESSAGE_CAP + 1) })
  store.receive({ peer, message: message(2099) })
  const ids = store.messages.map((m) => m.id)
  expect(new Set(ids).size).toBe(ids.length)
  expect(ids).not.toContain('m0')
})

test('older history stops loading once the screen holds the cap', async () => {
  const history = Array.from({ length: PRIVATE_MESSAGE_CAP + 200 }, (_, n) => message(n))
  const { chat: store } = chat(history)
  await store.open(peer.id)
  for (let i = 0; i < 100 && store.hasMore; i++) await store.loadOlder()
  expect(store.messages.length).toBeLessThanOrEqual(PRIVATE_MESSAGE_CAP)
  expect(store.hasMore).toBe(false)
  const ids = store.messages.map((m) => m.id)
  expect(new Set(ids).size).toBe(ids.length)
  expect(ids[ids.length - 1]).toBe(`m${PRIVATE_MESSAGE_CAP + 199}`)
})

test('the conversation list keeps the newest CONVERSATION_CAP conversations', () => {
  const store = lobby()
  for (let n = 0; n < CONVERSATION_CAP + 50; n++) {
    const from = { id: `p${n}`, name: `人${n}` }
    store.record({ peer: from, message: message(n, from) }, false)
  }
  expect(store.conversations).toHaveLength(CONVERSATION_CAP)
  expect(store.conversations[0].peer.id).toBe(`p${CONVERSATION_CAP + 49}`)
  expect(store.conversations.some((c) => c.peer.id === 'p0')).toBe(false)
})
