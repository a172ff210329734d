/**
 * services/rongcloud/backend against the real server over loopback HTTP (fake RongCloud and WeChat behind
 * it), its documents checked by core/signed-docs with the server's public key.
 */
import { AppError } from '../../../../miniprogram/core/errors'
import { createDocumentVerifier, type HostClaimDoc } from '../../../../miniprogram/core/signed-docs'
import { createBackendService, SESSION_STORAGE_KEY } from '../../../../miniprogram/services/rongcloud/backend/index'
import { fakePhone, startServer, type ServerHarness } from './real-server'
import { ed25519 } from '../../../../miniprogram/services/demo/ed25519'

let server: ServerHarness
beforeAll(async () => {
  server = await startServer()
})
afterAll(() => server.close())

const noWait = (fn: () => void) => {
  setTimeout(fn, 0)
  return () => undefined
}

function backendFor(openid: string, storage?: Map<string, unknown>) {
  const phone = fakePhone(server, openid, storage)
  const backend = createBackendService({ url: server.urls[0], platform: phone, schedule: noWait })
  return { phone, backend, verifier: createDocumentVerifier({ publicKey: server.publicKey, now: () => backend.now(), ed25519 }) }
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e)
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

test('login, a room from create to end, every document verified with the server’s key', async () => {
  const host = backendFor('openid-host-000000000000000001')
  const fan = backendFor('openid-fan-0000000000000000001')
  const me = await host.backend.login({ name: ' 主播 ' })
  expect(me.profile).toEqual({ id: me.userId, name: '主播' })
  expect(me.token).toBeTruthy()
  const them = await fan.backend.login({ name: '观众' })

  const created = await host.backend.createRoom({ roomId: '234567', title: '第一场' })
  const claim = host.verifier.hostClaim(created.hostClaim, { roomId: '234567' }, 'server')
  expect(claim).toMatchObject({ ok: true, doc: { host: me.profile, title: '第一场' } })
  const claimDoc = (claim as { doc: HostClaimDoc }).doc
  expect(claimDoc.exp - host.backend.now()).toBeGreaterThan(80_000)

  expect((await rejection(fan.backend.createRoom({ roomId: '234567' }))).code).toBe('ROOM_TAKEN')

  server.rc.clientJoin('room-234567', me.userId)
  server.rc.clientJoin('room-234567', them.userId)
  const beat = await host.backend.heartbeat('234567', { hostClaim: created.hostClaim })
  expect(host.verifier.hostClaim(beat.hostClaim, { roomId: '234567' }).ok).toBe(true)

  expect((await rejection(fan.backend.mute('234567', me.userId))).code).toBe('NOT_ALLOWED')
  const { muteList } = await host.backend.mute('234567', them.userId)
  expect(fan.verifier.muteList(muteList, { claim: claimDoc })).toMatchObject({ ok: true, doc: { muted: [them.userId] } })
  const { guestList } = await host.backend.addGuest('234567', them.userId)
  expect(fan.verifier.guestList(guestList, { claim: claimDoc })).toMatchObject({ ok: true, doc: { guests: [{ id: them.userId, name: '观众' }] } })
  const stepDown = await fan.backend.removeGuest('234567', them.userId)
  expect(fan.verifier.guestList(stepDown.guestList, { claim: claimDoc })).toMatchObject({ ok: true, doc: { guests: [] } })

  const room = await fan.backend.getRoom('234567')
  expect(fan.verifier.hostClaim(room.hostClaim, { roomId: '234567' }).ok).toBe(true)
  const listed = await fan.backend.listRooms()
  expect(fan.verifier.firstValid(listed.map((t) => ['234567', t] as [string, string]), 10)).toMatchObject([{ roomId: '234567', host: me.profile }])

  await host.backend.endRoom('234567')
  await host.backend.endRoom('234567') // over already: resolves
  expect((await rejection(fan.backend.getRoom('234567'))).code).toBe('ROOM_NOT_FOUND')
  expect((await rejection(fan.backend.getRoom('023456'))).code).toBe('INVALID_ROOM_NUMBER')
})

test('the session survives a restart until it expires; a 401 logs in again once with a new code', async () => {
  const storage = new Map<string, unknown>()
  const first = backendFor('openid-restart-00000000000000001', storage)
  const me = await first.backend.login({ name: '小红' })
  expect(first.phone.logins).toBe(1)
  expect(storage.get(SESSION_STORAGE_KEY)).toMatchObject({ session: me.session, userId: me.userId })

  // the app restarts: same storage, no wx.login
  const second = backendFor('openid-restart-00000000000000001', storage)
  expect(await second.backend.login({ name: '小红' })).toEqual(me)
  await second.backend.listRooms()
  expect(second.phone.logins).toBe(0)

  // the stored session went bad (say, the server's key changed): one new login, then the call
  const stored = storage.get(SESSION_STORAGE_KEY) as { session: string }
  storage.set(SESSION_STORAGE_KEY, { ...stored, session: `${stored.session.split('.')[0]}.${'A'.repeat(43)}` })
  const third = backendFor('openid-restart-00000000000000001', storage)
  await third.backend.listRooms()
  expect(third.phone.logins).toBe(1)
  expect(third.phone.requests.map((r) => `${r.method} ${r.url.replace(server.urls[0], '')}`)).toEqual(['GET /v1/rooms', 'POST /v1/login', 'GET /v1/rooms'])

  // another name than the stored login's: a fresh login
  await third.backend.login({ name: '小红2' })
  expect(third.phone.logins).toBe(2)
})

test('a login code is never sent twice: a used one is TOKEN_INVALID, not retried', async () => {
  const { phone, backend } = backendFor('openid-sticky-000000000000000001')
  await backend.login({ name: '甲' })
  phone.stickyCode = phone.requests.length ? String((phone.requests[0].data as { code: string }).code) : null
  const error = await rejection(backend.login({ name: '甲' }, { fresh: true }))
  expect(error.code).toBe('TOKEN_INVALID')
  expect(phone.requests.filter((r) => r.url.endsWith('/v1/login'))).toHaveLength(2)
})

test('a bad name is the server’s 400, shown in its words, not retried', async () => {
  const { phone, backend } = backendFor('openid-badname-00000000000000001')
  const error = await rejection(backend.login({ name: '   ' }))
  expect(error.code).toBe('NETWORK') // BAD_REQUEST is no code of the app's
  expect(error.message).toMatch(/[\u4e00-\u9fff]/)
  expect(phone.requests).toHaveLength(1)
})

test('RongCloud tokens come from the login: the token source over the real server', async () => {
  const { createTokenSource } = require('../../../../miniprogram/services/rongcloud/token-source') as typeof import('../../../../miniprogram/services/rongcloud/token-source')
  const { phone, backend } = backendFor('openid-token-0000000000000000001')
  const tokens = createTokenSource({ type: 'backend' }, { getStorage: () => undefined }, backend)
  const grant = await tokens.fetch({ id: 'local-id', name: '丙' })
  expect(grant.userId).toMatch(/^u[A-Za-z0-9_-]+$/)
  expect(grant.token).toBeTruthy()
  await tokens.fetch({ id: 'local-id', name: '丙' }) // the stored login
  expect(phone.logins).toBe(1)
  const refreshed = await tokens.fetch({ id: 'local-id', name: '丙' }, { refresh: true }) // RongCloud refused the token
  expect(phone.logins).toBe(2)
  expect(refreshed.userId).toBe(grant.userId)
})
