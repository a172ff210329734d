import { createPublicKey, verify } from 'node:crypto'
import { call, login, payload, startHarness } from '../support/harness'
import type { Harness, LoggedIn } from '../support/harness'

/** verify as the mini-program will: the raw public key from its config */
function verifies(h: Harness, token: string): boolean {
  const [body, sig] = token.split('.')
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: h.publicKey }, format: 'jwk' })
  return verify(null, Buffer.from(body), key, Buffer.from(sig, 'base64url'))
}

let h: Harness
let host: LoggedIn
let other: LoggedIn
let url: string
beforeEach(async () => {
  h = await startHarness()
  url = h.urls[0]
  host = await login(h, 'oHost00000000000000000000001', '主播')
  other = await login(h, 'oOther0000000000000000000001', '路人')
})
afterEach(() => h.close())

const create = (who: LoggedIn, body: object = {}) => call(url, 'POST', '/v1/rooms', { session: who.session, body })
const heartbeat = (who: LoggedIn, roomId: string, hostClaim?: string) =>
  call(url, 'POST', `/v1/rooms/${roomId}/heartbeat`, { session: who.session, body: hostClaim ? { hostClaim } : {} })
const view = (roomId: string) => call(url, 'GET', `/v1/rooms/${roomId}`, { session: other.session })

describe('POST /v1/rooms', () => {
  test('a proposed number: chatroom created, signed claim in its KV, listing in the lobby, kept alive', async () => {
    const res = await create(host, { roomId: '234567', title: '  晚安电台  ' })
    expect(res.status).toBe(201)
    expect(res.body.roomId).toBe('234567')
    const claim = payload(res.body.hostClaim)
    expect(verifies(h, res.body.hostClaim)).toBe(true)
    const room = h.rc.room('room-234567')!
    expect(claim).toEqual({ v: 1, kind: 'host', roomId: '234567', host: host.profile, since: room.createTime, exp: h.clock.now() + 90_000, title: '晚安电台' })
    expect(room.kv.get('sig-host')).toMatchObject({ value: res.body.hostClaim, owner: host.userId, autoDelete: false })
    const listed = h.rc.room('lobby')!.kv.get('sig-room-234567')!
    expect(verifies(h, listed.value)).toBe(true)
    expect(payload(listed.value)).toEqual({ v: 1, kind: 'listing', roomId: '234567', host: host.profile, since: room.createTime, exp: claim.exp, title: '晚安电台', viewers: 0 })
    expect([...h.rc.keepalive]).toEqual(expect.arrayContaining(['lobby', 'room-234567']))
    // the destroyTime fallback when keepalive has no slot: a day
    expect(room.destroyTime).toBe(1440)
  })

  test('a server-chosen number, 6 digits, first 1-9; no title means none', async () => {
    const res = await call(url, 'POST', '/v1/rooms', { session: host.session })
    expect(res.status).toBe(201)
    expect(res.body.roomId).toMatch(/^[1-9]\d{5}$/)
    expect(payload(res.body.hostClaim).title).toBeUndefined()
    expect((await create(other, { title: '   ' })).status).toBe(201)
  })

  test('409 ROOM_TAKEN while live; the same host asking again gets its room', async () => {
    const first = await create(host, { roomId: '345678' })
    const taken = await create(other, { roomId: '345678' })
    expect(taken.status).toBe(409)
    expect(taken.body).toEqual({ code: 'ROOM_TAKEN', message: expect.stringMatching(/[\u4e00-\u9fff]/) })
    const again = await create(host, { roomId: '345678' })
    expect(again.status).toBe(201)
    expect(again.body.hostClaim).toBe(first.body.hostClaim)
  })

  test('bad numbers and titles', async () => {
    for (const roomId of ['012345', '12345', '1234567', 'abcdef', 123456, ' 123456']) {
      const res = await create(host, { roomId })
      expect(res.status).toBe(400)
      expect(res.body.code).toBe('INVALID_ROOM_NUMBER')
    }
    for (const title of ['一'.repeat(31), 5, ['t']]) {
      const res = await create(host, { title })
      expect(res.status).toBe(400)
      expect(res.body.code).toBe('INVALID_TITLE')
    }
    expect((await create(host, { title: '一'.repeat(30) })).status).toBe(201)
  })

  test('at least 10 rooms a minute per user pass', async () => {
    for (let i = 0; i < 10; i++) expect((await create(host)).status).toBe(201)
  })
})

describe('claims expire 90 s after the last heartbeat', () => {
  test('heartbeats keep the room; silence ends it and frees the number', async () => {
    const { body } = await create(host, { roomId: '456789' })
    let claim: string = body.hostClaim
    for (let i = 0; i < 4; i++) {
      h.clock.advance(30_000)
      const hb = await heartbeat(host, '456789', claim)
      expect(hb.status).toBe(200)
      expect(payload(hb.body.hostClaim).exp).toBe(h.clock.now() + 90_000)
      expect(payload(hb.body.hostClaim).since).toBe(payload(claim).since)
      claim = hb.body.hostClaim
      expect(h.rc.room('room-456789')!.kv.get('sig-host')!.value).toBe(claim)
      expect(payload(h.rc.room('lobby')!.kv.get('sig-room-456789')!.value).exp).toBe(payload(claim).exp)
    }
    expect((await view('456789')).status).toBe(200)
    h.clock.advance(89_999)
    expect((await view('456789')).status).toBe(200)
    h.clock.advance(1)
    expect((await view('456789')).body.code).toBe('ROOM_NOT_FOUND')
    expect((await heartbeat(host, '456789', claim)).status).toBe(404)
    expect((await call(url, 'GET', '/v1/rooms', { session: other.session })).body.rooms).toEqual([])
    // the number is free again: a new room with a new chatroom, old claims do not apply to it
    const next = await create(other, { roomId: '456789' })
    expect(next.status).toBe(201)
    expect(payload(next.body.hostClaim).since).not.toBe(payload(claim).since)
    expect((await heartbeat(host, '456789', claim)).status).toBe(403)
  })
})

describe('host-only routes refuse everyone else', () => {
  test('403 NOT_ALLOWED for heartbeat, end, mutes and guests; nothing changes', async () => {
    const { body } = await create(host, { roomId: '567890' })
    h.rc.clientJoin('room-567890', other.userId)
    const tries = [
      call(url, 'POST', '/v1/rooms/567890/heartbeat', { session: other.session, body: { hostClaim: body.hostClaim } }),
      call(url, 'DELETE', '/v1/rooms/567890', { session: other.session, headers: { 'x-host-claim': body.hostClaim } }),
      call(url, 'PUT', `/v1/rooms/567890/mutes/${host.userId}`, { session: other.session }),
      call(url, 'DELETE', `/v1/rooms/567890/mutes/${host.userId}`, { session: other.session }),
      call(url, 'PUT', `/v1/rooms/567890/guests/${other.userId}`, { session: other.session }),
      call(url, 'DELETE', `/v1/rooms/567890/guests/${host.userId}`, { session: other.session }),
    ]
    for (const res of await Promise.all(tries)) {
      expect(res.status).toBe(403)
      expect(res.body.code).toBe('NOT_ALLOWED')
    }
    expect(h.rc.room('room-567890')).toBeDefined()
    expect(h.rc.room('room-567890')!.gagged.size).toBe(0)
    expect(payload((await view('567890')).body.hostClaim).host.id).toBe(host.userId)
  })

  test('404 ROOM_NOT_FOUND for a room that does not exist', async () => {
    expect((await heartbeat(host, '678901')).body.code).toBe('ROOM_NOT_FOUND')
    expect((await call(url, 'DELETE', '/v1/rooms/678901', { session: host.session })).status).toBe(404)
    expect((await call(url, 'PUT', `/v1/rooms/678901/mutes/${other.userId}`, { session: host.session })).status).toBe(404)
  })
})

describe('DELETE /v1/rooms/:roomId', () => {
  test('204: chatroom destroyed (members told by RongCloud), listing and keepalive gone', async () => {
    await create(host, { roomId: '789012' })
    const events: string[] = []
    h.rc.on((e) => events.push(e.type === 'chatroom-destroyed' ? `destroyed:${e.chatroomId}:${e.reason}` : e.type))
    const res = await call(url, 'DELETE', '/v1/rooms/789012', { session: host.session })
    expect(res.status).toBe(204)
    expect(res.body).toBeNull()
    expect(events).toContain('destroyed:room-789012:api')
    expect(h.rc.room('lobby')!.kv.has('sig-room-789012')).toBe(false)
    expect(h.rc.keepalive.has('room-789012')).toBe(false)
    expect((await view('789012')).status).toBe(404)
    expect((await create(other, { roomId: '789012' })).status).toBe(201)
  })
})

describe('GET /v1/rooms', () => {
  test('signed listings, newest first, expired ones left out', async () => {
    await create(host, { roomId: '111111' })
    h.clock.advance(1000)
    const b = await create(other, { roomId: '222222', title: '二' })
    const list = await call(url, 'GET', '/v1/rooms', { session: other.session })
    expect(list.status).toBe(200)
    expect(list.body.rooms.map((t: string) => payload(t).roomId)).toEqual(['222222', '111111'])
    expect(list.body.rooms.every((t: string) => verifies(h, t))).toBe(true)
    h.clock.advance(60_000)
    await heartbeat(other, '222222', b.body.hostClaim)
    h.clock.advance(31_000) // 111111 silent for 92 s
    expect((await call(url, 'GET', '/v1/rooms', { session: other.session })).body.rooms.map((t: string) => payload(t).roomId)).toEqual(['222222'])
  })

  test("the lobby's 100 keys are the list's cap: a new room evicts junk first, then the oldest", async () => {
    h.rc.rateLimitPerSecond = null
    const lobbyJunk = await login(h, 'oJunk0000000000000000000001', '捣乱')
    await create(host, { roomId: '100000' })
    h.rc.clientJoin('lobby', lobbyJunk.userId)
    h.rc.clientSetEntry('lobby', lobbyJunk.userId, 'junk', 'x')
    const users: LoggedIn[] = []
    for (let i = 0; i < 10; i++) users.push(await login(h, `oMany${i}`.padEnd(28, '0'), `u${i}`))
    // fill the lobby to 100 keys
    let n = 1
    while (h.rc.room('lobby')!.kv.size < 100) {
      h.clock.advance(10)
      const res = await create(users[n % 10], { roomId: String(100000 + n) })
      expect(res.status).toBe(201)
      n++
      if (n % 200 === 0) h.clock.advance(60_000)
    }
    const lobby = h.rc.room('lobby')!
    expect(lobby.kv.has('junk')).toBe(true)
    await create(host, { roomId: '999999' })
    expect(lobby.kv.has('junk')).toBe(false) // junk goes first
    expect(lobby.kv.has('sig-room-999999')).toBe(true)
    expect(lobby.kv.size).toBe(100)
    const oldest = await create(other, { roomId: '999998' })
    expect(lobby.kv.has('sig-room-100000')).toBe(false) // then the oldest
    expect(lobby.kv.has('sig-room-999998')).toBe(true)
    expect(lobby.kv.size).toBe(100)
    expect(oldest.status).toBe(201)
    // the evicted room is still live; its heartbeat does not push a newer room out
    const before = [...lobby.kv.keys()].sort()
    const hb = await call(url, 'POST', '/v1/rooms/100000/heartbeat', { session: host.session })
    expect(hb.status).toBe(200)
    expect([...lobby.kv.keys()].sort()).toEqual(before)
    expect((await call(url, 'GET', '/v1/rooms/100000', { session: other.session })).status).toBe(200)
  })
})

describe('keepalive', () => {
  test('past the 5 slots a room still goes live (on its one-day destroyTime)', async () => {
    for (let i = 0; i < 6; i++) expect((await create(host, { roomId: String(300000 + i) })).status).toBe(201)
    expect(h.rc.keepalive.size).toBe(5) // the lobby and four rooms
    expect(h.rc.room('room-300005')!.destroyTime).toBe(1440)
    // an idle hour would end a default chatroom; these survive
    h.clock.advance(61 * 60_000)
    expect(h.rc.room('room-300005')).toBeDefined()
  })
})

test('every response says what the server itself spent (Server-Timing)', async () => {
  const res = await create(host)
  expect(res.headers.get('server-timing')).toMatch(/^app;dur=\d+\.\d+, upstream;dur=\d+\.\d+;desc="\d+"$/)
})
