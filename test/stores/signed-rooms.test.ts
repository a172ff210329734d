/**
 * The store's room flows with our server (the demo network's backend, its documents verified with
 * the demo key: the app's demo mode): creating through POST /v1/rooms, the host claim kept alive by
 * heartbeats, mutes as chat bans, ending on the server, and what a vanished host or a reconnect does.
 */
import { AppError } from '../../miniprogram/core/errors'
import { peekPayload } from '../../miniprogram/core/signed-docs'
import type { Profile } from '../../miniprogram/core/types'
import { createDemoNetwork, type DemoNetwork } from '../../miniprogram/services/demo'
import { hubOf } from '../../miniprogram/services/demo/network'
import { createStore, type RootStore } from '../../miniprogram/stores'
import { END_REASONS } from '../../miniprogram/stores/room/room-store'

const L = 100
let net: DemoNetwork
beforeEach(() => {
  jest.useFakeTimers({ now: Date.UTC(2025, 0, 1, 12) })
  net = createDemoNetwork({ latencyMs: L })
})
afterEach(() => {
  net.close()
  jest.useRealTimers()
})

interface Person {
  profile: Profile
  store: RootStore
}

async function run<T>(promise: Promise<T>, ms = 10 * L): Promise<T> {
  const settled = promise.then((value) => ({ value }), (error: unknown) => ({ error }))
  await jest.advanceTimersByTimeAsync(ms)
  const outcome = await Promise.race([settled, Promise.resolve(null)])
  if (!outcome) throw new Error(`still pending after ${ms} ms`)
  if ('error' in outcome) throw outcome.error
  return outcome.value
}

async function person(id: string, name: string, random?: () => number): Promise<Person> {
  const profile = { id, name }
  const store = createStore({ ...net.connect(profile), random })
  await run(store.session.signIn(profile))
  return { profile, store }
}

const kv = (chatroom: string, key: string) => hubOf.get(net)!.chatrooms.get(chatroom)?.entries.get(key)

test('the verifier is warmed while connecting, so the first lobby does not pay @noble’s first use before its first frame', async () => {
  const profile = { id: 'early', name: '早到' }
  const services = net.connect(profile)
  const warmUp = jest.spyOn(services.documents, 'warmUp')
  const store = createStore({ ...services })
  const signingIn = store.session.signIn(profile)
  await jest.advanceTimersByTimeAsync(1)
  expect(warmUp).toHaveBeenCalledTimes(1)
  expect(warmUp.mock.results[0].value).toBe(true)
  await run(signingIn)
  // without a server nothing is verified, so nothing is warmed
  const plain = net.connect({ id: 'plain', name: '无服务器' })
  const spy = jest.spyOn(plain.documents, 'warmUp')
  await run(createStore({ rts: plain.rts, rtc: plain.rtc }).session.signIn({ id: 'plain', name: '无服务器' }))
  expect(spy).not.toHaveBeenCalled()
})

test('create goes through the server: a signed claim and listing, no unsigned entries, the title from the claim, the room in every lobby', async () => {
  const viewer = await person('viewer', '观众')
  const host = await person('host', '主播')
  const roomId = await run(host.store.room.create({ title: ' 夜聊 ' }))
  expect(host.store.room).toMatchObject({ id: roomId, role: 'host', status: 'live', title: '夜聊', host: host.profile, trust: 'signed' })
  expect(peekPayload(kv(`room-${roomId}`, 'sig-host')?.value)).toMatchObject({ kind: 'host', host: host.profile, title: '夜聊' })
  expect(kv(`room-${roomId}`, 'host')).toBeUndefined()
  expect(kv(`room-${roomId}`, 'muted')).toBeUndefined()
  expect(kv(`room-${roomId}`, 'm-host')?.value).toBe(JSON.stringify(host.profile))
  await jest.advanceTimersByTimeAsync(3 * L)
  expect(viewer.store.lobby.rooms).toEqual([{ roomId, host: host.profile, title: '夜聊', since: peekPayload(kv(`room-${roomId}`, 'sig-host')?.value)?.since, viewers: 0 }])

  const alice = await person('alice', '小爱')
  await run(alice.store.room.join(roomId))
  expect(alice.store.room).toMatchObject({ role: 'audience', host: host.profile, title: '夜聊', status: 'live' })
  expect(alice.store.room.media.players.map((p) => p.userId)).toEqual(['host'])
})

test('a number the server says is taken is drawn again; a title its content check refuses fails the create and leaves nothing', async () => {
  const other = net.connect({ id: 'other', name: '别人' })
  await run(other.rts.connect({ id: 'other', name: '别人' }))
  const taken = await run(other.backend.createRoom({ roomId: '550000' }))
  const numbers = [0.5, 0.5, 0.25] // 550000 twice, then another
  const host = await person('host', '主播', () => numbers.shift() ?? 0.75)
  expect(taken.roomId).toBe('550000')
  const roomId = await run(host.store.room.create())
  expect(roomId).not.toBe('550000')
  expect(host.store.room.status).toBe('live')
  await run(host.store.room.leave())

  // WeChat's check refuses the title (our server answers 422 CONTENT_REJECTED): said as it is
  const profile = { id: 'writer', name: '作者' }
  const services = net.connect(profile)
  const refused = Object.assign(Object.create(services.backend) as typeof services.backend, {
    createRoom: () => Promise.reject(new AppError('CONTENT_REJECTED', '标题含有不当内容，请修改')),
  })
  const writer = createStore({ ...services, backend: refused })
  await run(writer.session.signIn(profile))
  await expect(run(writer.room.create({ title: '不当标题' }))).rejects.toMatchObject({ code: 'CONTENT_REJECTED', message: '标题含有不当内容，请修改' })
  expect(writer.room.status).toBe('idle')
  expect(hubOf.get(net)!.server.account('writer')?.rtc).toBeNull() // the RTC room joined alongside is left
  expect(hubOf.get(net)!.server.account('writer')?.chatroom).toBe('lobby')
})

test('the host’s heartbeats keep the room alive past 90 s; leaving ends it on the server: everyone is told, the chatroom and listing go', async () => {
  const viewer = await person('viewer', '观众')
  const host = await person('host', '主播')
  const alice = await person('alice', '小爱')
  const roomId = await run(host.store.room.create())
  await run(alice.store.room.join(roomId))
  await jest.advanceTimersByTimeAsync(5 * 60_000)
  for (const p of [host, alice]) expect(p.store.room.status).toBe('live')
  expect(viewer.store.lobby.rooms.map((r) => r.roomId)).toEqual([roomId])

  await run(host.store.room.leave())
  expect(alice.store.room).toMatchObject({ status: 'ended', endReason: END_REASONS.hostEnded })
  expect(hubOf.get(net)!.chatrooms.get(`room-${roomId}`)).toBeUndefined()
  await jest.advanceTimersByTimeAsync(3 * L)
  expect(viewer.store.lobby.rooms).toEqual([])
  await expect(run(viewer.store.room.join(roomId))).rejects.toMatchObject({ code: 'ROOM_NOT_FOUND' })
})

test('mutes are chat bans on the server with a signed list everyone reads, late joiners included', async () => {
  const host = await person('host', '主播')
  const bob = await person('bob', '小波')
  const roomId = await run(host.store.room.create())
  await run(bob.store.room.join(roomId))
  await run(host.store.room.mute('bob'))
  await jest.advanceTimersByTimeAsync(3 * L)
  expect(host.store.room.muted).toEqual(['bob'])
  expect(bob.store.room).toMatchObject({ muted: ['bob'], canSend: false, sendHint: '你已被主播禁言' })
  await expect(run(bob.store.room.send('说话'))).rejects.toMatchObject({ code: 'MUTED' })
  const carol = await person('carol', '小卡')
  await run(carol.store.room.join(roomId))
  expect(carol.store.room.muted).toEqual(['bob'])
  await expect(run(bob.store.room.mute('host'))).rejects.toMatchObject({ code: 'NOT_ALLOWED' })

  await run(host.store.room.unmute('bob'))
  await jest.advanceTimersByTimeAsync(3 * L)
  for (const p of [host, bob, carol]) expect(p.store.room.muted).toEqual([])
  await run(bob.store.room.send('终于能说话了'))
  await jest.advanceTimersByTimeAsync(L)
  expect(carol.store.room.messages.map((m) => m.text)).toContain('终于能说话了')
})

test('a host whose phone is gone: its claim runs out 90 s after its last heartbeat and the room is over for everyone, the host included', async () => {
  const host = await person('host', '主播')
  const alice = await person('alice', '小爱')
  const roomId = await run(host.store.room.create())
  await run(alice.store.room.join(roomId))
  net.drop('host')
  await jest.advanceTimersByTimeAsync(60_000)
  expect(alice.store.room.status).toBe('live')
  await jest.advanceTimersByTimeAsync(31_000)
  expect(alice.store.room).toMatchObject({ status: 'ended', endReason: END_REASONS.hostLeft })
  expect(host.store.room).toMatchObject({ status: 'ended', endReason: END_REASONS.notRenewed })
})

test('after a reconnect the room goes on with the host and mutes its documents say; the host’s own drop does not end it within 90 s', async () => {
  const host = await person('host', '主播')
  const alice = await person('alice', '小爱')
  const bob = await person('bob', '小波')
  const roomId = await run(host.store.room.create())
  await run(alice.store.room.join(roomId))
  await run(bob.store.room.join(roomId))
  net.drop('alice')
  await run(host.store.room.mute('bob'))
  await jest.advanceTimersByTimeAsync(5000)
  net.restore('alice')
  await jest.advanceTimersByTimeAsync(5 * L)
  expect(alice.store.room).toMatchObject({ status: 'live', host: host.profile, muted: ['bob'] })

  net.drop('host')
  await jest.advanceTimersByTimeAsync(20_000)
  net.restore('host')
  await jest.advanceTimersByTimeAsync(120_000)
  for (const p of [host, alice, bob]) expect(p.store.room.status).toBe('live')
})
