/**
 * The demo network's content safety for chat (services/demo/content-check.ts): a message with a
 * listed word is taken (the send resolves) but reaches nobody, and the sender's phone marks it
 * 「内容违规，未发送」 when the notice comes — before the send resolves or after, as on RongCloud.
 */
import { createDemoNetwork, DEMO_BLOCKED_WORDS } from '../../miniprogram/services/demo/index'
import type { BlockedMessage } from '../../miniprogram/services/types'
import { liveRoom, person, settle, texts, type DemoNetwork, type Person } from './people'

let network: DemoNetwork
afterEach(() => network.close())

const WORD = DEMO_BLOCKED_WORDS[0]

/** Sends through `send`, watching which comes first: the block notice or the send's answer. */
async function watchOrder(who: Person, send: () => Promise<void>): Promise<string[]> {
  const order: string[] = []
  const off = who.store.rts.onBlocked(() => order.push('blocked'))
  await send().then(() => order.push('sent'))
  // the notice may still be on its way (one round trip after the server took the message)
  await new Promise((resolve) => setTimeout(resolve, 3 * network.latencyMs))
  await settle(network)
  off()
  return order
}

describe.each([
  ['after the send resolved (the default)', undefined, ['sent', 'blocked']],
  ['before the send resolves', 0, ['blocked', 'sent']],
])('the notice %s', (_name, blockNoticeMs, expectedOrder) => {
  beforeEach(() => {
    network = createDemoNetwork({ latencyMs: 40, blockNoticeMs })
  })

  test('room: marked on the sender’s phone, seen by nobody else, not in a late joiner’s history', async () => {
    const { host, alice, bob, roomId } = await liveRoom(network)
    const order = await watchOrder(alice, () => alice.store.room.send(`有${WORD}的话`))
    expect(order).toEqual(expectedOrder)
    expect(alice.store.room.messages).toEqual([expect.objectContaining({ text: `有${WORD}的话`, status: 'blocked' })])
    expect(texts(host.store)).toEqual([])
    expect(texts(bob.store)).toEqual([])

    const late = await person(network, '迟到')
    await late.store.room.join(roomId)
    await settle(network)
    expect(texts(late.store)).toEqual([])

    await alice.store.room.send('正常的话')
    await settle(network)
    expect(texts(bob.store)).toEqual(['正常的话'])
    expect(alice.store.room.messages.map((m) => m.status ?? 'sent')).toEqual(['blocked', 'sent'])
  })

  test('private: marked in the chat and the lobby list; the peer gets no message and no unread', async () => {
    const alice = await person(network, '小爱')
    const bob = await person(network, '小波')
    await alice.store.chat.open(bob.profile.id)
    const order = await watchOrder(alice, () => alice.store.chat.send(`${WORD}！`))
    expect(order).toEqual(expectedOrder)
    expect(alice.store.chat.messages).toEqual([expect.objectContaining({ status: 'blocked' })])
    expect(alice.store.lobby.conversations[0]).toMatchObject({ peer: { id: bob.profile.id }, last: { status: 'blocked' } })
    expect(bob.store.lobby.conversations).toEqual([])
    expect(bob.store.lobby.unreadTotal).toBe(0)
    // not stored on the server either: bob's history with alice is empty
    await bob.store.chat.open(alice.profile.id)
    expect(bob.store.chat.messages).toEqual([])
  })
})

test('the notice names the message the send resolved with, in the app’s words', async () => {
  network = createDemoNetwork({ latencyMs: 20 })
  const alice = await person(network, '小爱')
  const bob = await person(network, '小波')
  const heard: BlockedMessage[] = []
  alice.store.rts.onBlocked((b) => heard.push(b))
  const sent = await alice.store.rts.sendPrivate(bob.profile, WORD)
  await new Promise((resolve) => setTimeout(resolve, 3 * network.latencyMs))
  expect(heard).toEqual([{ messageId: sent.id, where: 'private', peerId: bob.profile.id }])
})

test('a blocked message still counts toward the 5-a-second send limit, as on RongCloud', async () => {
  network = createDemoNetwork({ latencyMs: 0 })
  const { alice } = await liveRoom(network)
  for (let i = 0; i < 5; i++) await alice.store.room.send(`${WORD}${i}`)
  await expect(alice.store.room.send('第六条')).rejects.toMatchObject({ code: 'RATE_LIMITED' })
})
