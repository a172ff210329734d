import { call, login, startHarness } from '../support/harness'
import type { Harness } from '../support/harness'

let h: Harness
beforeEach(async () => {
  h = await startHarness()
})
afterEach(() => h.close())

test('after a host vanishes: its chatroom, keepalive slot and listing are cleaned up; live rooms are not touched', async () => {
  const gone = await login(h, 'oGone0000000000000000000000001', '走了')
  const here = await login(h, 'oHere0000000000000000000000001', '还在')
  const url = h.urls[0]
  await call(url, 'POST', '/v1/rooms', { session: gone.session, body: { roomId: '919191' } })
  const live = await call(url, 'POST', '/v1/rooms', { session: here.session, body: { roomId: '929292' } })
  h.rc.clientJoin('room-919191', here.userId) // an audience member lingers in the dead room
  const janitor = h.servers[0].janitor
  expect(await janitor.runOnce()).toEqual({ removedListings: [], disposedRooms: [] })
  h.clock.advance(60_000)
  await call(url, 'POST', '/v1/rooms/929292/heartbeat', { session: here.session, body: { hostClaim: live.body.hostClaim } })
  h.clock.advance(60_000) // 919191: 120 s without a heartbeat, 30 s past its listing's grace
  const result = await janitor.runOnce()
  expect(result.disposedRooms).toEqual(['919191'])
  expect(h.rc.room('room-919191')).toBeUndefined()
  expect(h.rc.keepalive.has('room-919191')).toBe(false)
  expect(h.rc.room('lobby')!.kv.has('sig-room-919191')).toBe(false)
  expect(h.rc.room('room-929292')).toBeDefined()
  expect(h.rc.keepalive.has('room-929292')).toBe(true)
  expect(h.rc.room('lobby')!.kv.has('sig-room-929292')).toBe(true)
  // junk in the lobby goes too
  h.rc.clientJoin('lobby', here.userId)
  h.rc.clientSetEntry('lobby', here.userId, 'junk', 'x')
  expect((await janitor.runOnce()).removedListings).toEqual(['junk'])
})

test('a chatroom on keepalive without any listing (both deleted) and nobody in it is disposed too', async () => {
  const a = await login(h, 'oLost0000000000000000000000001', '甲')
  await call(h.urls[0], 'POST', '/v1/rooms', { session: a.session, body: { roomId: '939393' } })
  h.rc.room('lobby')!.kv.delete('sig-room-939393')
  h.rc.room('room-939393')!.kv.delete('sig-host')
  h.clock.advance(20_000)
  expect((await h.servers[0].janitor.runOnce()).disposedRooms).toEqual(['939393'])
  expect(h.rc.keepalive.has('room-939393')).toBe(false)
})
