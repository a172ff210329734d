/** Connection loss, kicks, hostile input and leaks, on the demo network. */
import { createDemoNetwork } from '../../miniprogram/services/demo'
import { encodeSignal } from '../../miniprogram/core/wire'
import { liveRoom, settle, snapshot, texts, type DemoNetwork, type Person } from './people'

let network: DemoNetwork
let host: Person
let alice: Person
let bob: Person
let roomId: string

beforeEach(async () => {
  network = createDemoNetwork({ latencyMs: 0 })
  ;({ host, alice, bob, roomId } = await liveRoom(network))
})
afterEach(() => network.close())

test('connection loss shows reconnecting, recovery rejoins the room with the messages missed', async () => {
  network.drop(alice.profile.id)
  await settle(network)
  expect(alice.store.session.connection).toBe('reconnecting')
  expect(alice.store.room.status).toBe('reconnecting')
  expect(alice.store.room.canSend).toBe(false)

  await bob.store.room.send('你掉线时说的')
  await settle(network)
  network.restore(alice.profile.id)
  await settle(network)
  expect(alice.store.session.connection).toBe('connected')
  expect(alice.store.room.status).toBe('live')
  expect(texts(alice.store)).toEqual(['你掉线时说的'])
  expect(alice.store.room.media.players).toHaveLength(1)
})

test('100 drop / restore cycles in a live room: every message present exactly once, everywhere', async () => {
  const sent: string[] = []
  for (let cycle = 0; cycle < 100; cycle++) {
    const victim = cycle % 2 ? alice : bob
    const speaker = cycle % 2 ? bob : alice
    network.drop(victim.profile.id)
    await settle(network)
    const text = `第${cycle}条`
    await speaker.store.room.send(text)
    sent.push(text)
    // the hub allows 5 per second per sender: keep well inside it
    await host.store.room.send(`主播${cycle}`)
    sent.push(`主播${cycle}`)
    await settle(network)
    network.restore(victim.profile.id)
    await settle(network)
    // step the fake clock past the rate-limit window
    jestAdvance()
  }
  for (const p of [host, alice, bob]) {
    expect(p.store.room.status).toBe('live')
    expect([...texts(p.store)].sort()).toEqual([...sent].sort())
    expect(new Set(p.store.room.messages.map((m) => m.id)).size).toBe(sent.length)
  }
})

function jestAdvance(): void {
  // the demo hub reads Date.now for its rate window; moving time forward is enough
  nowOffset += 1100
}
let nowOffset = 0
const realNow = Date.now
beforeAll(() => {
  Date.now = () => realNow() + nowOffset
})
afterAll(() => {
  Date.now = realNow
})

test('kicked (same account elsewhere): the room ends with the reason and actions are refused', async () => {
  network.kick(alice.profile.id)
  await settle(network)
  expect(alice.store.session.connection).toBe('kicked')
  expect(alice.store.session.connectionError?.code).toBe('KICKED')
  expect(alice.store.room.status).toBe('ended')
  expect(alice.store.room.endReason).toMatch(/其他设备/)
  await expect(alice.store.room.send('x')).rejects.toMatchObject({ code: 'NOT_ALLOWED' })
  await expect(alice.store.room.create()).rejects.toMatchObject({ code: 'KICKED' })
  // the others see one member fewer
  expect(host.store.room.memberCount).toBe(2)
  expect(host.store.room.members.map((m) => m.id)).not.toContain(alice.profile.id)
})

test('10,000 random and malformed incoming signals: no throw and no state change', async () => {
  let seed = 12345
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed / 2147483648
  }
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)]
  const valid = [
    encodeSignal({ type: 'mute', userId: bob.profile.id }),
    encodeSignal({ type: 'room-ended' }),
    encodeSignal({ type: 'host-paused', paused: true, reason: 'call' }),
    encodeSignal({ type: 'unmute', userId: alice.profile.id }),
  ]
  const mutate = (text: string): string => {
    const i = Math.floor(rand() * text.length)
    switch (Math.floor(rand() * 4)) {
      case 0:
        return text.slice(0, i)
      case 1:
        return text.slice(0, i) + String.fromCharCode(Math.floor(rand() * 128)) + text.slice(i + 1)
      case 2:
        return text.replace('"v":1', `"v":${Math.floor(rand() * 3)}`)
      default:
        return text.replace(/"(type|userId|paused)":[^,}]+/, `"$1":${pick(['null', '[]', '{}', '7', '"x y"', 'true'])}`)
    }
  }
  const garbage = (): unknown =>
    pick<() => unknown>([
      () => mutate(pick(valid)),
      () => ({ v: 1, type: pick(['mute', 'unmute', 'room-ended', 'presence', 'nope']), userId: pick([1, null, '', 'a b', 'x'.repeat(99)]) }),
      () => 'x'.repeat(Math.floor(rand() * 5000)),
      () => pick([null, undefined, 0, NaN, [], true, Symbol.for('s'), () => 1]),
      () => JSON.stringify({ v: 1, type: 'room-ended', pad: 'y'.repeat(3000) }),
    ])()
  // from a non-host, even valid host-only signals must do nothing
  const before = [alice, bob, host].map((p) => snapshot(p.store))
  for (let i = 0; i < 10_000; i++) {
    const sender = i % 3 === 0 ? 'stranger' : i % 3 === 1 ? bob.profile.id : alice.profile.id
    expect(() => network.inject(roomId, sender, garbage())).not.toThrow()
    if (i % 500 === 0) await settle(network)
  }
  await settle(network)
  expect([alice, bob, host].map((p) => snapshot(p.store))).toEqual(before)
})

test('spoofed host signals from a non-host have no effect', async () => {
  const before = [alice, bob, host].map((p) => snapshot(p.store))
  for (const signal of [
    { type: 'mute', userId: bob.profile.id },
    { type: 'room-ended' },
    { type: 'host-paused', paused: true, reason: 'background' },
    { type: 'media-state', micOn: false, cameraOn: false },
  ] as const) {
    network.inject(roomId, alice.profile.id, encodeSignal(signal))
  }
  await settle(network)
  expect([alice, bob, host].map((p) => snapshot(p.store))).toEqual(before)
  // the same signal from the host works
  network.inject(roomId, host.profile.id, encodeSignal({ type: 'mute', userId: bob.profile.id }))
  await settle(network)
  expect(alice.store.room.muted).toEqual([bob.profile.id])
})

test('100 create / leave cycles: subscriptions and timers back to their starting count', async () => {
  await alice.store.room.leave()
  await bob.store.room.leave()
  await host.store.room.leave()
  await settle(network)
  const start = network.stats()
  for (let i = 0; i < 100; i++) {
    const id = await host.store.room.create()
    await alice.store.room.join(id)
    await alice.store.room.send(`第${i}轮`)
    await alice.store.room.leave()
    await host.store.room.leave()
    jestAdvance()
  }
  await settle(network)
  expect(network.stats()).toEqual(start)
  expect(host.store.room.status).toBe('idle')
})

// issue 10 item 26, the demo side: no member answers a signal, so a flood of 'online' presence
// signals costs the others nothing of their 5 messages a second
test('a flood of presence signals in the room: nobody answers, everyone can still send', async () => {
  for (let i = 0; i < 200; i++) {
    network.inject(roomId, 'rogue', encodeSignal({ type: 'presence', state: 'online', profile: { id: 'rogue', name: '改装' } }))
  }
  await settle(network)
  const sends = await Promise.allSettled(['一', '二', '三', '四', '五'].map((t) => alice.store.room.send(t)))
  expect(sends.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled'])
  await settle(network)
  expect(texts(bob.store)).toEqual(['一', '二', '三', '四', '五'])
})
