import { call, login, payload, startHarness } from '../support/harness'
import type { Harness, LoggedIn } from '../support/harness'

let h: Harness
let url: string
let host: LoggedIn
let people: LoggedIn[]
const ROOM = '515151'
const CR = `room-${ROOM}`

beforeEach(async () => {
  h = await startHarness()
  url = h.urls[0]
  host = await login(h, 'oHost00000000000000000000001', '主播')
  people = []
  for (let i = 0; i < 5; i++) people.push(await login(h, `oPerson${i}`.padEnd(28, '0'), `观众${i}`))
  await call(url, 'POST', '/v1/rooms', { session: host.session, body: { roomId: ROOM } })
  for (const u of [host, ...people]) h.rc.clientJoin(CR, u.userId)
})
afterEach(() => h.close())

describe('mutes', () => {
  test("PUT bans through RongCloud's gag (with notification) and writes the signed list; DELETE lifts it", async () => {
    const [a, b] = people
    const gags: unknown[] = []
    h.rc.on((e) => e.type === 'gag' && gags.push(e))
    const r1 = await call(url, 'PUT', `/v1/rooms/${ROOM}/mutes/${a.userId}`, { session: host.session })
    expect(r1.status).toBe(200)
    const doc = payload(r1.body.muteList)
    expect(doc).toEqual({ v: 1, kind: 'mutes', roomId: ROOM, since: h.rc.room(CR)!.createTime, muted: [a.userId], at: h.clock.now() })
    expect(h.rc.room(CR)!.kv.get('sig-mutes')!.value).toBe(r1.body.muteList)
    expect(gags).toEqual([expect.objectContaining({ muted: true, notify: true, userIds: [a.userId] })])
    // RongCloud refuses the muted member's messages, whatever their client does
    expect(() => h.rc.clientSend(CR, a.userId)).toThrow(expect.objectContaining({ code: 23408 }))
    expect(() => h.rc.clientSend(CR, b.userId)).not.toThrow()
    const gagCall = h.rc.calls.find((c) => c.path === '/chatroom/user/gag/add.json')!
    expect(gagCall.params.get('minute')).toEqual(['43200'])
    // muting twice is harmless
    expect(payload((await call(url, 'PUT', `/v1/rooms/${ROOM}/mutes/${a.userId}`, { session: host.session })).body.muteList).muted).toEqual([a.userId])
    await call(url, 'PUT', `/v1/rooms/${ROOM}/mutes/${b.userId}`, { session: host.session })
    const r2 = await call(url, 'DELETE', `/v1/rooms/${ROOM}/mutes/${a.userId}`, { session: host.session })
    expect(r2.status).toBe(200)
    expect(payload(r2.body.muteList).muted).toEqual([b.userId])
    expect(() => h.rc.clientSend(CR, a.userId)).not.toThrow()
    expect(gags).toContainEqual(expect.objectContaining({ muted: false, notify: true, userIds: [a.userId] }))
  })

  test('the host cannot mute itself; ids are checked', async () => {
    expect((await call(url, 'PUT', `/v1/rooms/${ROOM}/mutes/${host.userId}`, { session: host.session })).body.code).toBe('BAD_REQUEST')
    expect((await call(url, 'PUT', `/v1/rooms/${ROOM}/mutes/bad%20id`, { session: host.session })).body.code).toBe('BAD_REQUEST')
    expect((await call(url, 'PUT', `/v1/rooms/${ROOM}/mutes/${'x'.repeat(65)}`, { session: host.session })).status).toBe(400)
  })

  test('muting many: the list stays within one KV value, past that 400', async () => {
    h.rc.rateLimitPerSecond = null
    let n = 0
    for (;;) {
      const res = await call(url, 'PUT', `/v1/rooms/${ROOM}/mutes/u${String(n).padStart(54, '0')}`, { session: host.session })
      if (res.status !== 200) {
        expect(res.status).toBe(400)
        expect(res.body.message).toMatch(/禁言/)
        break
      }
      expect(res.body.muteList.length).toBeLessThanOrEqual(4096)
      n++
      if (n % 50 === 0) h.clock.advance(60_000)
    }
    expect(n).toBeGreaterThanOrEqual(30)
    expect(h.rc.room(CR)!.gagged.size).toBe(n) // the refused one was not banned either
  })
})

describe('guests', () => {
  test('host adds up to 3 (profiles as registered with RongCloud); a 4th is 409 ROOM_FULL', async () => {
    for (const p of people.slice(0, 3)) {
      const res = await call(url, 'PUT', `/v1/rooms/${ROOM}/guests/${p.userId}`, { session: host.session })
      expect(res.status).toBe(200)
    }
    const list = payload(h.rc.room(CR)!.kv.get('sig-guests')!.value)
    expect(list).toMatchObject({ v: 1, kind: 'guests', roomId: ROOM, since: h.rc.room(CR)!.createTime })
    expect(list.guests).toEqual(people.slice(0, 3).map((p) => p.profile))
    const full = await call(url, 'PUT', `/v1/rooms/${ROOM}/guests/${people[3].userId}`, { session: host.session })
    expect(full.status).toBe(409)
    expect(full.body).toEqual({ code: 'ROOM_FULL', message: '连麦人数已满（最多 3 人）' })
    // adding one already on is fine
    expect((await call(url, 'PUT', `/v1/rooms/${ROOM}/guests/${people[0].userId}`, { session: host.session })).status).toBe(200)
  })

  test('only people in the room; the host is not a guest', async () => {
    h.rc.clientLeave(CR, people[4].userId)
    expect((await call(url, 'PUT', `/v1/rooms/${ROOM}/guests/${people[4].userId}`, { session: host.session })).status).toBe(403)
    expect((await call(url, 'PUT', `/v1/rooms/${ROOM}/guests/${host.userId}`, { session: host.session })).status).toBe(400)
  })

  test('a guest steps down itself; the host removes anyone; nobody else removes', async () => {
    const [a, b, c] = people
    await call(url, 'PUT', `/v1/rooms/${ROOM}/guests/${a.userId}`, { session: host.session })
    await call(url, 'PUT', `/v1/rooms/${ROOM}/guests/${b.userId}`, { session: host.session })
    expect((await call(url, 'DELETE', `/v1/rooms/${ROOM}/guests/${b.userId}`, { session: a.session })).status).toBe(403)
    expect((await call(url, 'DELETE', `/v1/rooms/${ROOM}/guests/${a.userId}`, { session: c.session })).status).toBe(403)
    const self = await call(url, 'DELETE', `/v1/rooms/${ROOM}/guests/${a.userId}`, { session: a.session })
    expect(self.status).toBe(200)
    expect(payload(self.body.guestList).guests.map((g: { id: string }) => g.id)).toEqual([b.userId])
    const byHost = await call(url, 'DELETE', `/v1/rooms/${ROOM}/guests/${b.userId}`, { session: host.session })
    expect(payload(byHost.body.guestList).guests).toEqual([])
    const view = await call(url, 'GET', `/v1/rooms/${ROOM}`, { session: c.session })
    expect(view.body.guestList).toBe(byHost.body.guestList)
  })
})
