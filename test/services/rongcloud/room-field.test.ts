/**
 * Room chatrooms where the network and the service are unkind: a KV pull that is late, fails or
 * never runs, a token refresh that wipes the SDK's chatroom state, an idle hour, user ids that are
 * not valid KV keys as they stand. Fake time throughout (the adapter's waits and the server's
 * clocks are timers).
 */
import { memberKey } from '../../../miniprogram/core/wire'
import type { RoomEvent } from '../../../miniprogram/services/types'
import { FakeRongCloudServer } from './fake-sdk'
import { makePeer } from './helpers'
import type { Peer } from './helpers'

const claim = (id: string) => ({ key: 'host', value: JSON.stringify({ id }) })
const HOUR = 60 * 60 * 1000

beforeEach(() => jest.useFakeTimers({ now: 1_700_000_000_000 }))
afterEach(() => jest.useRealTimers())

async function signedIn(server: FakeRongCloudServer, id: string): Promise<Peer & { events: RoomEvent[] }> {
  const peer = makePeer(server, id)
  await peer.rts.connect({ id, name: `名字${id}` })
  const events: RoomEvent[] = []
  peer.rts.onRoom((e) => events.push(e))
  return { ...peer, events }
}

/** Awaits a promise while fake time runs; resolves with its outcome (value or error). */
async function settle<T>(promise: Promise<T>, stepMs = 100): Promise<{ value?: T; error?: unknown }> {
  let outcome: { value?: T; error?: unknown } | null = null
  promise.then(
    (value) => (outcome = { value }),
    (error: unknown) => (outcome = { error }),
  )
  for (let i = 0; i < 600 && !outcome; i++) await jest.advanceTimersByTimeAsync(stepMs)
  if (!outcome) throw new Error('still pending after a minute of fake time')
  return outcome
}

async function hostedRoom(server = new FakeRongCloudServer()) {
  const host = await signedIn(server, 'h')
  await host.rts.createRoom('123456', claim('h'))
  await host.rts.setRoomEntry('muted', '[]')
  const a = await signedIn(server, 'a')
  return { server, host, a }
}

describe('7. joining does not depend on the SDK entry cache', () => {
  test('a slow network: the KV pull has not answered, the snapshot still names the host', async () => {
    const { a } = await hostedRoom()
    a.client.holdPulls = true // the SDK's pull after joining has not answered yet
    const { value, error } = await settle(a.rts.joinRoom('123456'))
    expect(error).toBeUndefined()
    expect(value?.entries).toEqual({ host: claim('h').value, muted: '[]' })
  })

  test('the first pull after joining fails (not retried for 180 s): the snapshot still names the host', async () => {
    const { a } = await hostedRoom()
    a.client.pullFailures.push(30003)
    const { value } = await settle(a.rts.joinRoom('123456'))
    expect(value?.entries).toMatchObject({ host: claim('h').value })
  })

  test('the navigation data has no kvStorage (no pull, no entriesSynced ever): the snapshot still names the host', async () => {
    const server = new FakeRongCloudServer()
    server.features.navKvStorage = false
    const { a } = await hostedRoom(server)
    const { value } = await settle(a.rts.joinRoom('123456'))
    expect(value?.entries).toMatchObject({ host: claim('h').value })
  })

  test('neither the server nor the pull answers: NETWORK (not an empty room), and the chatroom is left', async () => {
    const { server, a } = await hostedRoom()
    a.client.failNext.getAllChatRoomEntries = [30003]
    a.client.pullFailures.push(30003)
    const { error } = await settle(a.rts.joinRoom('123456'))
    expect(error).toMatchObject({ code: 'NETWORK', message: expect.stringMatching(/[\u4e00-\u9fff]/) })
    expect(server.room('room-123456')?.members.has('a')).toBe(false)
  })

  test('the entries that arrive once the pull answers after all are not reported as changes', async () => {
    const { a } = await hostedRoom()
    await jest.advanceTimersByTimeAsync(100)
    a.client.holdPulls = true
    await settle(a.rts.joinRoom('123456'))
    a.client.releasePulls()
    await jest.advanceTimersByTimeAsync(100)
    expect(a.events.filter((e) => e.type === 'entry')).toEqual([])
  })

  test('the host left while our first pull was on its way: when it answers, the host entry goes', async () => {
    const { host, a } = await hostedRoom()
    a.client.holdPulls = true
    await settle(a.rts.joinRoom('123456'))
    await host.rts.leaveRoom()
    a.client.releasePulls()
    await jest.advanceTimersByTimeAsync(100)
    expect(a.events).toContainEqual({ type: 'entry', key: 'host', value: null })
  })

  test('token refresh in a room (final DISCONNECT, our own reconnect): rejoined names the host', async () => {
    const { a } = await hostedRoom()
    await settle(a.rts.joinRoom('123456'))
    a.client.serverDisconnect(31020)
    await jest.advanceTimersByTimeAsync(5000)
    const rejoined = a.events.find((e) => e.type === 'rejoined')
    expect(rejoined).toMatchObject({ snapshot: { roomId: '123456', entries: { host: claim('h').value } } })
    expect(a.events.some((e) => e.type === 'lost')).toBe(false)
  })

  test('a change that arrives while the SDK rejoin snapshot is read is not undone by that snapshot', async () => {
    const { host, a } = await hostedRoom()
    await settle(a.rts.joinRoom('123456'))
    a.client.suspend()
    await host.rts.setRoomEntry('muted', '["a"]')
    // the SDK's pull after its rejoin answers while the history for the snapshot is still coming
    const releaseHistory = a.client.hold('getChatroomHistoryMessages')
    a.client.resume()
    await jest.advanceTimersByTimeAsync(1000)
    releaseHistory()
    await jest.advanceTimersByTimeAsync(1000)
    let muted: string | null | undefined
    for (const e of a.events) {
      if (e.type === 'rejoined') muted = e.snapshot.entries.muted
      if (e.type === 'entry' && e.key === 'muted') muted = e.value
    }
    expect(muted).toBe('["a"]')
  })
})

describe('8. an hour without chat does not end a live room', () => {
  test('the chatroom is bound to its RTC room: quiet for two hours while the RTC room lives, still there', async () => {
    const { server, host, a } = await hostedRoom()
    server.rtcRoomAlive = (id) => id === '123456'
    await settle(a.rts.joinRoom('123456'))
    await jest.advanceTimersByTimeAsync(2 * HOUR)
    expect(server.room('room-123456')?.members.size).toBe(2)
    for (const p of [host, a]) expect(p.events.some((e) => e.type === 'lost')).toBe(false)
    await expect(a.rts.sendRoomMessage('还在吗')).resolves.toMatchObject({ text: '还在吗' })
  })

  test('the host alone, chatroom created before the RTC room existed: the binding is made again later', async () => {
    const server = new FakeRongCloudServer()
    server.bindNeedsLiveRtcRoom = true // if RongCloud ignores a binding to an RTC room not there yet
    let rtcUp = false
    server.rtcRoomAlive = (id) => rtcUp && id === '123456'
    const host = await signedIn(server, 'h')
    await host.rts.createRoom('123456', claim('h'))
    rtcUp = true
    await jest.advanceTimersByTimeAsync(2 * HOUR)
    expect(server.room('room-123456')?.rtcRoomId).toBe('123456')
    expect(host.events.some((e) => e.type === 'lost')).toBe(false)
  })
})

describe('9. member entry keys for any user id RongCloud allows', () => {
  test.each(['wx|user:1', 'o_A-b=c+d', '=starts-with-mark', '用户一号', 'x'.repeat(64)])(
    'user id %p: the member entry is written, seen by others and by late joiners under the app key',
    async (id) => {
      const server = new FakeRongCloudServer()
      const host = await signedIn(server, 'h')
      await host.rts.createRoom('123456', claim('h'))
      const odd = await signedIn(server, id)
      await settle(odd.rts.joinRoom('123456'))
      const value = JSON.stringify({ id, name: '奇怪的名字' })
      await expect(odd.rts.setRoomEntry(memberKey(id), value)).resolves.toBeUndefined()
      await jest.advanceTimersByTimeAsync(100)
      expect(host.events).toContainEqual({ type: 'entry', key: memberKey(id), value })
      const late = await signedIn(server, 'late')
      const { value: snapshot } = await settle(late.rts.joinRoom('123456'))
      expect(snapshot?.entries[memberKey(id)]).toBe(value)
      // stored under a key RongCloud accepts
      for (const key of server.room('room-123456')?.kv.keys() ?? []) expect(key).toMatch(/^[A-Za-z0-9_=+-]{1,128}$/)
      await expect(odd.rts.removeRoomEntry(memberKey(id))).resolves.toBeUndefined()
      await jest.advanceTimersByTimeAsync(100)
      expect(host.events).toContainEqual({ type: 'entry', key: memberKey(id), value: null })
    },
  )

  test.each([
    ['an empty value', 'muted', ''],
    ['a value over 4096 characters', 'muted', 'x'.repeat(4097)],
    ['a key too long even encoded', 'k'.repeat(200), 'v'],
  ])('%s is a clear NOT_ALLOWED in Chinese, not NETWORK, and nothing is written', async (_what, key, value) => {
    const { server, host } = await hostedRoom()
    const before = new Map(server.room('room-123456')?.kv)
    await expect(host.rts.setRoomEntry(key, value)).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
      message: expect.stringContaining('房间属性'),
    })
    expect(server.room('room-123456')?.kv).toEqual(before)
  })
})
