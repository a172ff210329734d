/**
 * The demo backend's stand-ins for avatars, QR codes and the nickname check
 * (services/demo/backend-avatars.ts, content-check.ts): the same path as our server, one round trip
 * a call, pending avatars passing after the "media check".
 */
import { createDemoNetwork, DEMO_BLOCKED_WORDS } from '../../../miniprogram/services/demo'
import type { BackendService } from '../../../miniprogram/services/types'
import { fails, L, ok, profileOf } from './helpers'

beforeEach(() => jest.useFakeTimers({ now: Date.UTC(2025, 0, 1, 12) }))
afterEach(() => jest.useRealTimers())

async function signedIn(checkMs = 3000): Promise<BackendService> {
  const net = createDemoNetwork({ latencyMs: L, avatarCheckMs: checkMs })
  const profile = profileOf('a')
  const { rts, backend } = net.connect(profile)
  await ok(rts.connect(profile), L)
  return backend
}

test('an avatar is pending (progress 0 → 100), passes after the check, and the same file keeps its URL', async () => {
  const backend = await signedIn(3000)
  const progress: number[] = []
  const up = await ok(backend.uploadAvatar('wxfile://tmp_pick.jpg', (p) => progress.push(p)))
  expect(up).toEqual({ avatar: expect.stringMatching(/^https:\/\/demo\.invalid\/v1\/avatars\//), status: 'pending' })
  expect(progress).toEqual([0, 100])
  expect(await ok(backend.avatarReady(up.avatar))).toBe(false)
  await jest.advanceTimersByTimeAsync(3000)
  expect(await ok(backend.avatarReady(up.avatar))).toBe(true)
  expect(await ok(backend.uploadAvatar('wxfile://tmp_pick.jpg'))).toEqual({ avatar: up.avatar, status: 'approved' })
  expect(await ok(backend.avatarReady('https://demo.invalid/v1/avatars/unknown.jpg'))).toBe(false)
  // the profile carries the URL, never the file
  expect(await ok(backend.updateProfile({ name: '有头像', avatar: up.avatar }))).toMatchObject({ avatar: up.avatar })
  await fails(backend.updateProfile({ name: '有头像', avatar: 'wxfile://tmp_pick.jpg' }), 'NETWORK')
})

test('a nickname with a listed word is CONTENT_REJECTED in the server’s words', async () => {
  const backend = await signedIn()
  const error = await fails(backend.updateProfile({ name: `我是${DEMO_BLOCKED_WORDS[0]}` }), 'CONTENT_REJECTED')
  expect(error.message).toBe('昵称含有不当内容，请修改')
  expect(await ok(backend.updateProfile({ name: '正常昵称' }))).toMatchObject({ name: '正常昵称' })
})

test('there is no mini-program code in demo mode, and the answer says why', async () => {
  const backend = await signedIn()
  const error = await fails(backend.roomQrCode('234567'), 'SERVICE_NOT_ENABLED')
  expect(error.message).toContain('演示模式没有小程序码')
})
