/**
 * A modified client can force-write or force-delete any chatroom KV entry. None of that changes
 * who hosts a room, frees its number, or changes its mute list; the host's next heartbeat
 * rewrites what the server owns.
 */
import { generateKeyPairSync } from 'node:crypto'
import { signDocument } from '../../src/crypto/signed-doc'
import { call, login, payload, startHarness } from '../support/harness'
import type { Harness, LoggedIn } from '../support/harness'

let h: Harness
let host: LoggedIn
let evil: LoggedIn
let fan: LoggedIn
let url: string
let claim: string
const ROOM = '424242'
const CR = `room-${ROOM}`

beforeEach(async () => {
  h = await startHarness()
  url = h.urls[0]
  host = await login(h, 'oHost00000000000000000000001', '主播')
  evil = await login(h, 'oEvil00000000000000000000001', '捣乱')
  fan = await login(h, 'oFan000000000000000000000001', '观众')
  claim = (await call(url, 'POST', '/v1/rooms', { session: host.session, body: { roomId: ROOM } })).body.hostClaim
  for (const u of [host, evil, fan]) h.rc.clientJoin(CR, u.userId)
  h.rc.clientJoin('lobby', evil.userId)
})
afterEach(() => h.close())

const view = () => call(url, 'GET', `/v1/rooms/${ROOM}`, { session: fan.session })
const heartbeat = (hostClaim?: string, who = host) => call(url, 'POST', `/v1/rooms/${ROOM}/heartbeat`, { session: who.session, body: hostClaim ? { hostClaim } : {} })
const forgedClaim = (signedBy = generateKeyPairSync('ed25519').privateKey) =>
  signDocument(signedBy, { v: 1, kind: 'host', roomId: ROOM, host: evil.profile, since: h.rc.room(CR)!.createTime, exp: h.clock.now() + 1e9 })

test('a force-written host entry (forged signature, or plain JSON) changes nothing and is repaired', async () => {
  for (const forged of [forgedClaim(), JSON.stringify({ v: 1, host: evil.profile, since: 1 })]) {
    h.rc.clientSetEntry(CR, evil.userId, 'sig-host', forged, { force: true })
    const res = await view()
    expect(res.status).toBe(200)
    expect(payload(res.body.hostClaim).host.id).toBe(host.userId) // from the lobby listing
    // the forger cannot act as host
    expect((await call(url, 'PUT', `/v1/rooms/${ROOM}/mutes/${fan.userId}`, { session: evil.session })).status).toBe(403)
    expect((await heartbeat(forged, evil)).status).toBe(403)
    expect((await call(url, 'DELETE', `/v1/rooms/${ROOM}`, { session: evil.session })).status).toBe(403)
    // nor take the number
    expect((await call(url, 'POST', '/v1/rooms', { session: evil.session, body: { roomId: ROOM } })).status).toBe(409)
    // the host's heartbeat puts the entry back, owned by the host again
    const hb = await heartbeat(claim)
    expect(hb.status).toBe(200)
    claim = hb.body.hostClaim
    expect(h.rc.room(CR)!.kv.get('sig-host')).toMatchObject({ value: claim, owner: host.userId })
  }
})

test('a force-deleted host entry frees nothing; the host still acts (X-Host-Claim) and the heartbeat restores it', async () => {
  h.rc.clientRemoveEntry(CR, evil.userId, 'sig-host', { force: true })
  expect((await call(url, 'POST', '/v1/rooms', { session: evil.session, body: { roomId: ROOM } })).status).toBe(409)
  expect(payload((await view()).body.hostClaim).host.id).toBe(host.userId)
  const muted = await call(url, 'PUT', `/v1/rooms/${ROOM}/mutes/${fan.userId}`, { session: host.session, headers: { 'x-host-claim': claim } })
  expect(muted.status).toBe(200)
  await heartbeat(claim)
  expect(h.rc.room(CR)!.kv.get('sig-host')!.owner).toBe(host.userId)
})

test('both copies deleted (room entry and lobby listing): still taken, nobody is host, the heartbeat restores both', async () => {
  h.rc.clientRemoveEntry(CR, evil.userId, 'sig-host', { force: true })
  h.rc.clientRemoveEntry('lobby', evil.userId, `sig-room-${ROOM}`, { force: true })
  const res = await view()
  expect(res.status).toBe(200)
  expect(res.body.hostClaim).toBeNull() // unknown until the host's next heartbeat
  expect((await call(url, 'POST', '/v1/rooms', { session: evil.session, body: { roomId: ROOM } })).status).toBe(409)
  expect((await call(url, 'POST', '/v1/rooms', { session: fan.session, body: { roomId: ROOM } })).status).toBe(409)
  expect((await call(url, 'PUT', `/v1/rooms/${ROOM}/mutes/${fan.userId}`, { session: evil.session })).status).toBe(403)
  expect((await heartbeat(undefined, evil)).status).toBe(403)
  const hb = await heartbeat(claim)
  expect(hb.status).toBe(200)
  expect(h.rc.room(CR)!.kv.get('sig-host')!.value).toBe(hb.body.hostClaim)
  expect(payload(h.rc.room('lobby')!.kv.get(`sig-room-${ROOM}`)!.value).host.id).toBe(host.userId)
  expect(payload((await view()).body.hostClaim).host.id).toBe(host.userId)
})

test('an old genuine claim copied in (another room, or an earlier room with this number) does not apply', async () => {
  // evil hosts another room: a genuine claim naming evil, for another number
  const otherRoom = (await call(url, 'POST', '/v1/rooms', { session: evil.session, body: { roomId: '313131' } })).body.hostClaim
  h.rc.clientSetEntry(CR, evil.userId, 'sig-host', otherRoom, { force: true })
  expect(payload((await view()).body.hostClaim).host.id).toBe(host.userId)
  // evil hosted this very number before: end host's room, evil creates, keeps the claim, ends
  await call(url, 'DELETE', `/v1/rooms/${ROOM}`, { session: host.session })
  h.clock.advance(1000)
  const evilsOld = (await call(url, 'POST', '/v1/rooms', { session: evil.session, body: { roomId: ROOM } })).body.hostClaim
  await call(url, 'DELETE', `/v1/rooms/${ROOM}`, { session: evil.session })
  h.clock.advance(1000)
  const fresh = (await call(url, 'POST', '/v1/rooms', { session: host.session, body: { roomId: ROOM } })).body.hostClaim
  h.rc.clientJoin(CR, evil.userId)
  h.rc.clientSetEntry(CR, evil.userId, 'sig-host', evilsOld, { force: true }) // unexpired, validly signed
  expect(payload((await view()).body.hostClaim).host.id).toBe(host.userId)
  expect((await heartbeat(evilsOld, evil)).status).toBe(403)
  expect((await heartbeat(fresh)).status).toBe(200)
})

test("the mute list is RongCloud's gag list: a forged or deleted KV list changes nothing and is repaired", async () => {
  await call(url, 'PUT', `/v1/rooms/${ROOM}/mutes/${evil.userId}`, { session: host.session })
  expect(() => h.rc.clientSend(CR, evil.userId)).toThrow(expect.objectContaining({ code: 23408 }))
  // evil unmutes itself in KV (a plain list, then a list signed by another key)
  h.rc.clientSetEntry(CR, evil.userId, 'sig-mutes', JSON.stringify([]), { force: true })
  expect(payload((await view()).body.muteList).muted).toEqual([evil.userId])
  expect(() => h.rc.clientSend(CR, evil.userId)).toThrow(expect.objectContaining({ code: 23408 }))
  const fake = signDocument(generateKeyPairSync('ed25519').privateKey, { v: 1, kind: 'mutes', roomId: ROOM, since: h.rc.room(CR)!.createTime, muted: [fan.userId], at: h.clock.now() + 1 })
  h.rc.clientSetEntry(CR, evil.userId, 'sig-mutes', fake, { force: true })
  expect(payload((await view()).body.muteList).muted).toEqual([evil.userId])
  await heartbeat(claim)
  expect(payload(h.rc.room(CR)!.kv.get('sig-mutes')!.value).muted).toEqual([evil.userId])
  h.rc.clientRemoveEntry(CR, evil.userId, 'sig-mutes', { force: true })
  expect(payload((await view()).body.muteList).muted).toEqual([evil.userId])
  await heartbeat(claim)
  expect(h.rc.room(CR)!.kv.get('sig-mutes')).toMatchObject({ owner: host.userId })
})

test("a deleted guest list comes back from the host's heartbeat", async () => {
  const added = await call(url, 'PUT', `/v1/rooms/${ROOM}/guests/${fan.userId}`, { session: host.session })
  expect(added.status).toBe(200)
  h.rc.clientRemoveEntry(CR, evil.userId, 'sig-guests', { force: true })
  const hb = await call(url, 'POST', `/v1/rooms/${ROOM}/heartbeat`, { session: host.session, body: { hostClaim: claim, guestList: added.body.guestList } })
  expect(hb.status).toBe(200)
  expect(h.rc.room(CR)!.kv.get('sig-guests')!.value).toBe(added.body.guestList)
  // a forged one is replaced by the newest genuine one too
  h.rc.clientSetEntry(CR, evil.userId, 'sig-guests', 'forged', { force: true })
  expect((await view()).body.guestList).toBe(null)
  await call(url, 'POST', `/v1/rooms/${ROOM}/heartbeat`, { session: host.session, body: { hostClaim: claim, guestList: added.body.guestList } })
  expect(payload((await view()).body.guestList).guests.map((g: { id: string }) => g.id)).toEqual([fan.userId])
})

test('a forged lobby listing is never served', async () => {
  h.rc.clientSetEntry('lobby', evil.userId, 'sig-room-777777', forgedClaim(), { force: true })
  h.rc.clientSetEntry('lobby', evil.userId, `sig-room-${ROOM}`, 'x', { force: true })
  const rooms = (await call(url, 'GET', '/v1/rooms', { session: fan.session })).body.rooms
  expect(rooms).toEqual([])
  await heartbeat(claim)
  expect((await call(url, 'GET', '/v1/rooms', { session: fan.session })).body.rooms.map((t: string) => payload(t).roomId)).toEqual([ROOM])
})
