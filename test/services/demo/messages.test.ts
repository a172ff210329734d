import { decodeSignal } from '../../../miniprogram/core/wire'
import type { ChatMessage } from '../../../miniprogram/core/types'
import type { PrivateMessageEvent, RoomEvent } from '../../../miniprogram/services/types'
import { CREATE, L, claimOf, fails, network, ok, profileOf, record, signedIn } from './helpers'

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

async function roomOfThree() {
  const net = network()
  const a = await signedIn(net, 'a')
  const b = await signedIn(net, 'b')
  const c = await signedIn(net, 'c')
  await ok(a.rts.createRoom('123456', claimOf('a')), CREATE)
  await ok(b.rts.joinRoom('123456'))
  await ok(c.rts.joinRoom('123456'))
  return { net, a, b, c }
}

const messagesOf = (events: RoomEvent[]): ChatMessage[] =>
  events.flatMap((e) => (e.type === 'message' ? [e.message] : []))

describe('demo network: room messages', () => {
  it('resolves the message to the sender and delivers it to every other member', async () => {
    const { a, b, c } = await roomOfThree()
    const roomA = record<RoomEvent>((l) => a.rts.onRoom(l))
    const roomB = record<RoomEvent>((l) => b.rts.onRoom(l))
    const roomC = record<RoomEvent>((l) => c.rts.onRoom(l))
    const sent = await ok(b.rts.sendRoomMessage('  大家好  '))
    expect(sent).toMatchObject({ from: profileOf('b'), text: '大家好', kind: 'text' })
    expect(typeof sent.id).toBe('string')
    expect(messagesOf(roomA)).toEqual([sent])
    expect(messagesOf(roomC)).toEqual([sent])
    expect(messagesOf(roomB)).toEqual([])
  })

  it('gives every message a unique id and a strictly increasing sentAt', async () => {
    const { net, a, b } = await roomOfThree()
    const sent: ChatMessage[] = []
    for (let i = 0; i < 4; i++) sent.push(await ok(a.rts.sendRoomMessage(`m${i}`)))
    const d = await signedIn(net, 'd')
    sent.push(await ok(d.rts.sendPrivate(profileOf('b'), '私信')))
    sent.push(await ok(b.rts.sendRoomMessage('b说')))
    expect(new Set(sent.map((m) => m.id)).size).toBe(sent.length)
    const times = sent.map((m) => m.sentAt)
    expect(times).toEqual([...times].sort((x, y) => x - y))
    expect(new Set(times).size).toBe(times.length)
  })

  it('keeps the last 50 public messages as history, oldest first', async () => {
    const { net, a } = await roomOfThree()
    for (let i = 0; i < 55; i++) {
      await ok(a.rts.sendRoomMessage(`第${i}条`))
      await jest.advanceTimersByTimeAsync(250) // stay under the rate limit
    }
    const d = await signedIn(net, 'd')
    const { history } = await ok(d.rts.joinRoom('123456'))
    expect(history).toHaveLength(50)
    expect(history[0].text).toBe('第5条')
    expect(history[49].text).toBe('第54条')
  })

  it('refuses empty and overlong text, and sending outside a room', async () => {
    const { net, a } = await roomOfThree()
    await fails(a.rts.sendRoomMessage('   '), 'EMPTY_MESSAGE')
    await fails(a.rts.sendRoomMessage('字'.repeat(501)), 'MESSAGE_TOO_LONG')
    const d = await signedIn(net, 'd')
    await fails(d.rts.sendRoomMessage('hi'), 'NOT_CONNECTED')
  })

  it('does not enforce mutes: the store does', async () => {
    const { a, b } = await roomOfThree()
    await ok(a.rts.setRoomEntry('muted', '["b"]'))
    await ok(b.rts.sendRoomMessage('我还能说话'))
  })
})

describe('demo network: signals', () => {
  it('delivers the encoded signal to the other connected members only, and stores nothing', async () => {
    const { net, a, b, c } = await roomOfThree()
    const roomA = record<RoomEvent>((l) => a.rts.onRoom(l))
    const roomB = record<RoomEvent>((l) => b.rts.onRoom(l))
    net.drop('c')
    await ok(a.rts.sendRoomSignal({ type: 'mute', userId: 'b' }))
    expect(roomA).toEqual([])
    expect(roomB).toHaveLength(1)
    const event = roomB[0]
    if (event.type !== 'signal') throw new Error('expected a signal')
    expect(event.senderId).toBe('a')
    expect(typeof event.payload).toBe('string')
    expect(decodeSignal(event.payload)).toEqual({ type: 'mute', userId: 'b' })
    const roomC = record<RoomEvent>((l) => c.rts.onRoom(l))
    net.restore('c')
    await jest.advanceTimersByTimeAsync(L)
    expect(roomC.map((e) => e.type)).toEqual(['rejoined'])
  })

  it('inject delivers a raw payload as a signal from anyone', async () => {
    const { net, a, b } = await roomOfThree()
    const roomA = record<RoomEvent>((l) => a.rts.onRoom(l))
    const roomB = record<RoomEvent>((l) => b.rts.onRoom(l))
    net.inject('123456', 'b', { v: 1, type: 'room-ended' })
    await jest.advanceTimersByTimeAsync(L / 2)
    expect(roomA).toEqual([{ type: 'signal', senderId: 'b', payload: { v: 1, type: 'room-ended' } }])
    expect(roomB).toEqual([])
    net.inject('123456', 'mallory', 'not json')
    await jest.advanceTimersByTimeAsync(L / 2)
    expect(roomB).toEqual([{ type: 'signal', senderId: 'mallory', payload: 'not json' }])
  })
})

describe('demo network: rate limit', () => {
  it('allows 5 per second per sender across room messages, signals and private messages', async () => {
    const { a, b } = await roomOfThree()
    const roomB = record<RoomEvent>((l) => b.rts.onRoom(l))
    const privB = record<PrivateMessageEvent>((l) => b.rts.onPrivate(l))
    const sends = [
      a.rts.sendRoomMessage('1'),
      a.rts.sendRoomSignal({ type: 'room-ended' }),
      a.rts.sendPrivate(profileOf('b'), '3'),
      a.rts.sendRoomMessage('4'),
      a.rts.sendRoomMessage('5'),
    ]
    await ok(Promise.all(sends))
    await fails(a.rts.sendRoomMessage('6'), 'RATE_LIMITED')
    await fails(a.rts.sendPrivate(profileOf('b'), '7'), 'RATE_LIMITED')
    expect(messagesOf(roomB).map((m) => m.text)).toEqual(['1', '4', '5'])
    expect(privB).toHaveLength(1)
    // other senders are not affected
    await ok(b.rts.sendRoomMessage('b'))
    // the window slides: a second after the first five, a can send again
    await jest.advanceTimersByTimeAsync(1000 - 3 * L)
    await ok(a.rts.sendRoomMessage('8'))
  })
})

describe('demo network: data is copied across the network', () => {
  it('changing a received or sent message changes nobody else’s copy', async () => {
    const { net, a, b } = await roomOfThree()
    const roomB = record<RoomEvent>((l) => b.rts.onRoom(l))
    const sent = await ok(a.rts.sendRoomMessage('原文'))
    sent.text = '被改了'
    const [received] = messagesOf(roomB)
    expect(received.text).toBe('原文')
    received.from.name = '假名'
    const d = await signedIn(net, 'd')
    const { history } = await ok(d.rts.joinRoom('123456'))
    expect(history[0]).toMatchObject({ text: '原文', from: profileOf('a') })
  })
})
