/**
 * A nickname or avatar changed while signed in is what everyone sees from then on (issue 10 item
 * 15): the lobby, private chat lines, and a room opened afterwards, whose chat lines used to carry
 * the old name while room.host showed the new one. On the demo network.
 */
import { createDemoNetwork } from '../../miniprogram/services/demo'
import { createStore } from '../../miniprogram/stores'
import { expectRejects, person, settle, type DemoNetwork, type Person } from './people'

let network: DemoNetwork
let alice: Person
let bob: Person

beforeEach(async () => {
  network = createDemoNetwork({ latencyMs: 0 })
  alice = await person(network, '小爱')
  bob = await person(network, '小波')
})
afterEach(() => network.close())

const renamed = () => ({ id: alice.profile.id, name: '爱丽丝', avatar: 'https://example.com/a.png' })

test('the lobby shows the new name and avatar to the others', async () => {
  await alice.store.session.signIn(renamed())
  await settle(network)
  expect(alice.store.session.me).toEqual(renamed())
  expect(bob.store.lobby.users.find((u) => u.id === alice.profile.id)).toEqual(renamed())
})

test('private chat lines carry the new name', async () => {
  await alice.store.session.signIn(renamed())
  await alice.store.chat.open(bob.profile.id)
  await alice.store.chat.send('我改名了')
  await settle(network)
  const conversation = bob.store.lobby.conversations.find((c) => c.peer.id === alice.profile.id)
  expect(conversation?.peer.name).toBe('爱丽丝')
  expect(conversation?.last?.from.name).toBe('爱丽丝')
  expect(alice.store.chat.messages[0].from.name).toBe('爱丽丝')
})

test('a room opened after the change: its chat lines and its host agree on the new name', async () => {
  await alice.store.session.signIn(renamed())
  await settle(network)
  const roomId = await alice.store.room.create()
  await bob.store.room.join(roomId)
  await alice.store.room.send('欢迎')
  await settle(network)
  expect(bob.store.room.host?.name).toBe('爱丽丝')
  expect(bob.store.room.messages.map((m) => m.from.name)).toEqual(['爱丽丝'])
  expect(alice.store.room.messages.map((m) => m.from.name)).toEqual(['爱丽丝'])
})

test('another id while signed in is still refused, and nothing changes', async () => {
  await expectRejects(alice.store.session.signIn({ id: 'someone-else', name: '冒名' }), 'NOT_ALLOWED')
  await settle(network)
  expect(alice.store.session.me).toEqual(alice.profile)
  expect(bob.store.lobby.users.find((u) => u.id === alice.profile.id)?.name).toBe('小爱')
})

test('a name that breaks the rule is cleaned before anyone sees it', async () => {
  await alice.store.session.signIn({ id: alice.profile.id, name: `\u202E${'长'.repeat(30)}` })
  await settle(network)
  expect(alice.store.session.me?.name).toBe('长'.repeat(20))
  expect(bob.store.lobby.users.find((u) => u.id === alice.profile.id)?.name).toBe('长'.repeat(20))
})

test('a change made while connecting goes out once connected', async () => {
  const carol = { id: 'carol', name: '小卡' }
  const { rts, rtc } = network.connect(carol)
  const store = createStore({ rts, rtc })
  const signingIn = store.session.signIn(carol)
  await store.session.signIn({ id: 'carol', name: '卡罗尔' })
  await signingIn
  await settle(network)
  expect(store.session.me?.name).toBe('卡罗尔')
  expect(bob.store.lobby.users.find((u) => u.id === 'carol')?.name).toBe('卡罗尔')
})

test('while reconnecting the change is refused with NOT_CONNECTED and the old name stays', async () => {
  network.drop(alice.profile.id)
  await settle(network)
  await expectRejects(alice.store.session.signIn(renamed()), 'NOT_CONNECTED')
  expect(alice.store.session.me).toEqual(alice.profile)
})
