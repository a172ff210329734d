import { call, login, payload, startHarness } from '../support/harness'
import type { Harness, LoggedIn } from '../support/harness'

let h: Harness
let a: LoggedIn
let b: LoggedIn
beforeEach(async () => {
  h = await startHarness({ instances: 2 })
  a = await login(h, 'oRaceA000000000000000000000001', '甲')
  b = await login(h, 'oRaceB000000000000000000000001', '乙')
})
afterEach(() => h.close())

test('two people proposing the same number at once on two instances: exactly one gets it', async () => {
  for (let i = 0; i < 5; i++) {
    const roomId = String(700000 + i)
    const [ra, rb] = await Promise.all([
      call(h.urls[0], 'POST', '/v1/rooms', { session: a.session, body: { roomId } }),
      call(h.urls[1], 'POST', '/v1/rooms', { session: b.session, body: { roomId } }),
    ])
    expect([ra.status, rb.status].sort()).toEqual([201, 409])
    const winner = ra.status === 201 ? ra : rb
    expect(h.rc.room(`room-${roomId}`)!.kv.get('sig-host')!.value).toBe(winner.body.hostClaim)
    const view = await call(h.urls[0], 'GET', `/v1/rooms/${roomId}`, { session: a.session })
    expect(view.body.hostClaim).toBe(winner.body.hostClaim)
  }
})

test("the host's phone joined the chatroom before asking: the number is still the host's", async () => {
  h.rc.clientJoin('room-710000', a.userId) // joinChatRoom creates the chatroom
  const res = await call(h.urls[0], 'POST', '/v1/rooms', { session: a.session, body: { roomId: '710000' } })
  expect(res.status).toBe(201)
  expect(payload(res.body.hostClaim).since).toBe(h.rc.room('room-710000')!.createTime)
  expect(h.rc.room('room-710000')!.members.has(a.userId)).toBe(true) // not kicked out
})

test('someone else sitting in a chatroom without a host blocks that number; an empty stale one is replaced', async () => {
  h.rc.clientJoin('room-720000', b.userId)
  expect((await call(h.urls[0], 'POST', '/v1/rooms', { session: a.session, body: { roomId: '720000' } })).status).toBe(409)
  h.rc.clientLeave('room-720000', b.userId)
  // empty and fresh: maybe someone's create in progress
  expect((await call(h.urls[0], 'POST', '/v1/rooms', { session: a.session, body: { roomId: '720000' } })).status).toBe(409)
  h.clock.advance(20_000)
  const res = await call(h.urls[0], 'POST', '/v1/rooms', { session: a.session, body: { roomId: '720000' } })
  expect(res.status).toBe(201)
  expect(payload(res.body.hostClaim).since).toBe(h.clock.now()) // a new chatroom
})

test('an idle hour without keepalive slot or messages: RongCloud destroys a default chatroom, not a room', async () => {
  h.rc.keepaliveLimit = 1 // only the lobby
  const res = await call(h.urls[0], 'POST', '/v1/rooms', { session: a.session, body: { roomId: '730000' } })
  h.rc.clientJoin('room-730001', b.userId) // a chatroom a client created, destroyTime 60 min
  let claim = res.body.hostClaim
  for (let i = 0; i < 130; i++) {
    h.clock.advance(30_000)
    const hb = await call(h.urls[i % 2], 'POST', '/v1/rooms/730000/heartbeat', { session: a.session, body: { hostClaim: claim } })
    expect(hb.status).toBe(200)
    claim = hb.body.hostClaim
  }
  expect(h.rc.room('room-730001')).toBeUndefined()
  expect(h.rc.room('room-730000')).toBeDefined()
})
