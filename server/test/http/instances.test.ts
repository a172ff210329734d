import { call, login, payload, startHarness } from '../support/harness'
import type { Harness } from '../support/harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness({ instances: 2 })
})
afterAll(() => h.close())

test('two instances with the same keys serve one user interchangeably', async () => {
  const [a, b] = h.urls
  const hostAtA = await login(h, 'oHost00000000000000000000001', '主播', a)
  const hostAtB = await login(h, 'oHost00000000000000000000001', '主播', b)
  expect(hostAtB.userId).toBe(hostAtA.userId)
  const fan = await login(h, 'oFan000000000000000000000001', '观众', b)
  // a session from A works on B and back
  const created = await call(a, 'POST', '/v1/rooms', { session: hostAtA.session, body: { roomId: '616161' } })
  expect(created.status).toBe(201)
  h.rc.clientJoin('room-616161', fan.userId)
  expect((await call(b, 'POST', '/v1/rooms', { session: fan.session, body: { roomId: '616161' } })).status).toBe(409)
  const hb = await call(b, 'POST', '/v1/rooms/616161/heartbeat', { session: hostAtA.session, body: { hostClaim: created.body.hostClaim } })
  expect(hb.status).toBe(200)
  const muted = await call(b, 'PUT', `/v1/rooms/616161/mutes/${fan.userId}`, { session: hostAtA.session })
  expect(muted.status).toBe(200)
  const viewA = await call(a, 'GET', '/v1/rooms/616161', { session: fan.session })
  const viewB = await call(b, 'GET', '/v1/rooms/616161', { session: fan.session })
  expect(viewA.body).toEqual(viewB.body)
  expect(viewA.body.hostClaim).toBe(hb.body.hostClaim)
  expect(payload(viewA.body.muteList).muted).toEqual([fan.userId])
  h.clock.advance(30_000)
  expect((await call(a, 'POST', '/v1/rooms/616161/heartbeat', { session: hostAtB.session, body: { hostClaim: hb.body.hostClaim } })).status).toBe(200)
  expect((await call(b, 'DELETE', '/v1/rooms/616161', { session: hostAtA.session })).status).toBe(204)
  expect((await call(a, 'GET', '/v1/rooms/616161', { session: fan.session })).status).toBe(404)
})
