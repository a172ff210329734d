/**
 * How many watch a room, in its listing: the host's heartbeat republishes the listing with
 * `viewers`, the room chatroom's member count (the one RongCloud call the heartbeat makes anyway)
 * minus the host, never below 0; create lists 0. The count lags as RongCloud's does, and a listing
 * whose `viewers` is not a sane count is no listing.
 */
import { createPublicKey, verify } from 'node:crypto'
import { parseSigningKey } from '../../src/crypto/keys'
import { signDocument } from '../../src/crypto/signed-doc'
import { MAX_VIEWERS } from '../../src/documents'
import { OFFLINE_EVICT_MS, OFFLINE_MESSAGE_LIMIT } from '../fakes/rongcloud-state'
import { call, login, payload, startHarness } from '../support/harness'
import type { Harness, LoggedIn } from '../support/harness'

const ROOM = '515151'
const CR = `room-${ROOM}`

let h: Harness
let url: string
let host: LoggedIn
let fans: LoggedIn[]
let claim: string
beforeEach(async () => {
  h = await startHarness()
  url = h.urls[0]
  host = await login(h, 'oHost00000000000000000000001', '主播')
  fans = []
  for (let i = 0; i < 3; i++) fans.push(await login(h, `oFan${i}`.padEnd(28, '0'), `观众${i}`))
  claim = (await call(url, 'POST', '/v1/rooms', { session: host.session, body: { roomId: ROOM } })).body.hostClaim
})
afterEach(() => h.close())

const listed = () => payload(h.rc.room('lobby')!.kv.get(`sig-room-${ROOM}`)!.value)
async function heartbeat(afterMs = 30_000): Promise<void> {
  h.clock.advance(afterMs)
  const res = await call(url, 'POST', `/v1/rooms/${ROOM}/heartbeat`, { session: host.session, body: { hostClaim: claim } })
  expect(res.status).toBe(200)
  claim = res.body.hostClaim
}
const listRooms = async () => (await call(url, 'GET', '/v1/rooms', { session: fans[0].session })).body.rooms as string[]

test('create lists 0; the next heartbeat lists everyone in the room but the host, signed, and GET /v1/rooms says the same', async () => {
  expect(listed().viewers).toBe(0)
  h.rc.clientJoin(CR, host.userId)
  for (const fan of fans) h.rc.clientJoin(CR, fan.userId)
  // joining costs the server nothing: the figure changes with the host's next heartbeat
  expect(listed().viewers).toBe(0)
  const callsBefore = h.rc.calls.length
  await heartbeat()
  expect(listed()).toMatchObject({ kind: 'listing', roomId: ROOM, host: host.profile, viewers: 3, exp: payload(claim).exp })
  const token = h.rc.room('lobby')!.kv.get(`sig-room-${ROOM}`)!.value
  const [body, sig] = token.split('.')
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: h.publicKey }, format: 'jwk' })
  expect(verify(null, Buffer.from(body), key, Buffer.from(sig, 'base64url'))).toBe(true)
  expect(await listRooms()).toEqual([token])
  // no RongCloud call for it: one chatroom read, as every heartbeat, and no member list
  const paths = h.rc.calls.slice(callsBefore).map((c) => c.path)
  expect(paths.filter((p) => p === '/chatroom/get.json')).toHaveLength(1)
  expect(paths).not.toContain('/chatroom/user/query.json')

  h.rc.clientLeave(CR, fans[2].userId)
  await heartbeat()
  expect(listed().viewers).toBe(2)
})

test('the count lags as RongCloud’s: a fan whose connection died counts until evicted; a reconnecting host never makes it negative', async () => {
  h.rc.clientJoin(CR, host.userId)
  for (const fan of fans) h.rc.clientJoin(CR, fan.userId)
  h.rc.clientDrop(CR, fans[0].userId)
  await heartbeat()
  // still a member to RongCloud: the room has been quiet
  expect(listed().viewers).toBe(3)
  h.clock.advance(OFFLINE_EVICT_MS)
  h.rc.clientSend(CR, fans[1].userId)
  await heartbeat()
  expect(listed().viewers).toBe(2)
  // a busy room evicts sooner: at the 31st message within the 30 s
  h.rc.clientDrop(CR, fans[2].userId)
  for (let i = 1; i < OFFLINE_MESSAGE_LIMIT; i++) h.rc.clientSend(CR, fans[1].userId)
  await heartbeat(0)
  expect(listed().viewers).toBe(2)
  h.rc.clientSend(CR, fans[1].userId)
  await heartbeat(0)
  expect(listed().viewers).toBe(1)
  // everyone gone, the host's own connection being re-established: 0, not -1
  h.rc.clientLeave(CR, fans[1].userId)
  h.rc.clientLeave(CR, host.userId)
  expect(h.rc.room(CR)!.members.size).toBe(0)
  await heartbeat()
  expect(listed().viewers).toBe(0)
})

test('a listing with a negative, fractional, huge or non-numeric viewers is no listing, however well signed', async () => {
  const { privateKey } = parseSigningKey(h.env.SERVER_SIGNING_KEY)
  h.rc.clientJoin('lobby', fans[0].userId)
  const since = payload(claim).since
  const exp = h.clock.now() + 60_000
  const forged = (roomId: string, viewers: unknown) =>
    signDocument(privateKey, { v: 1, kind: 'listing', roomId, host: fans[0].profile, since, exp, viewers })
  const bad: [string, unknown][] = [['600001', -1], ['600002', 1.5], ['600003', MAX_VIEWERS + 1], ['600004', '3'], ['600005', null], ['600006', 1e300]]
  for (const [roomId, viewers] of bad) h.rc.clientSetEntry('lobby', fans[0].userId, `sig-room-${roomId}`, forged(roomId, viewers), { force: true })
  const good = forged('600007', MAX_VIEWERS)
  h.rc.clientSetEntry('lobby', fans[0].userId, 'sig-room-600007', good, { force: true })
  const rooms = (await listRooms()).map((t) => payload(t).roomId)
  expect(rooms).toContain('600007')
  expect(rooms).toContain(ROOM)
  for (const [roomId] of bad) expect(rooms).not.toContain(roomId)
})
