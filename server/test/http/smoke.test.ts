import { call, login, payload, startHarness } from '../support/harness'
import type { Harness } from '../support/harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

test('login, create, heartbeat, mute, view, list, end', async () => {
  const host = await login(h, 'openid-host-000000000000000', '主播')
  const fan = await login(h, 'openid-fan-0000000000000000', '观众')
  const url = h.urls[0]
  const created = await call(url, 'POST', '/v1/rooms', { session: host.session, body: { roomId: '123456', title: ' 第一场 ' } })
  expect(created.status).toBe(201)
  expect(payload(created.body.hostClaim)).toMatchObject({ kind: 'host', roomId: '123456', title: '第一场' })
  h.rc.clientJoin('room-123456', host.userId)
  h.rc.clientJoin('room-123456', fan.userId)
  const hb = await call(url, 'POST', '/v1/rooms/123456/heartbeat', { session: host.session, body: { hostClaim: created.body.hostClaim } })
  expect(hb.status).toBe(200)
  const muted = await call(url, 'PUT', `/v1/rooms/123456/mutes/${fan.userId}`, { session: host.session })
  expect(muted.status).toBe(200)
  expect(payload(muted.body.muteList).muted).toEqual([fan.userId])
  const view = await call(url, 'GET', '/v1/rooms/123456', { session: fan.session })
  expect(view.status).toBe(200)
  const list = await call(url, 'GET', '/v1/rooms', { session: fan.session })
  expect(list.body.rooms.length).toBe(1)
  const end = await call(url, 'DELETE', '/v1/rooms/123456', { session: host.session })
  expect(end.status).toBe(204)
  expect((await call(url, 'GET', '/v1/rooms/123456', { session: fan.session })).status).toBe(404)
})
