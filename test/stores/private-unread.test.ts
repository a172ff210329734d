/** Unread counts and the private chat on screen (issue 10 item 14), on the demo network. */
import { createDemoNetwork } from '../../miniprogram/services/demo'
import { person, settle, type DemoNetwork, type Person } from './people'

let network: DemoNetwork
let alice: Person
let bob: Person

beforeEach(async () => {
  network = createDemoNetwork({ latencyMs: 0 })
  alice = await person(network, '小爱')
  bob = await person(network, '小波')
})
afterEach(() => network.close())

const unreadFrom = (p: Person, peer: Person) => p.store.lobby.conversations.find((c) => c.peer.id === peer.profile.id)?.unread

test('after a reconnect, the conversation on screen has no unread messages: the server count read before the clear does not win', async () => {
  await bob.store.chat.open(alice.profile.id)
  await settle(network)
  network.drop(bob.profile.id)
  await settle(network)
  await alice.store.chat.open(bob.profile.id)
  await alice.store.chat.send('你在吗')
  await alice.store.chat.send('看到回我')
  await settle(network)
  network.restore(bob.profile.id)
  await settle(network)
  expect(bob.store.chat.messages.map((m) => m.text)).toEqual(['你在吗', '看到回我'])
  expect(unreadFrom(bob, alice)).toBe(0)
  expect(bob.store.lobby.unreadTotal).toBe(0)
  // the server knows it too: the list read again says the same
  await bob.store.lobby.loadConversations()
  expect(unreadFrom(bob, alice)).toBe(0)
})

test('a message newer than what was read still counts after a reconnect', async () => {
  await bob.store.chat.open(alice.profile.id)
  await alice.store.chat.open(bob.profile.id)
  await alice.store.chat.send('第一条')
  await settle(network)
  bob.store.chat.close()
  network.drop(bob.profile.id)
  await settle(network)
  await alice.store.chat.send('第二条')
  await settle(network)
  network.restore(bob.profile.id)
  await settle(network)
  expect(unreadFrom(bob, alice)).toBe(1)
})
