/**
 * services/backend's file transfers against the real server over loopback (avatar uploads on, fake
 * WeChat behind it): uploadAvatar with wx.uploadFile (multipart, session, progress), the avatar's
 * check as others will see it (avatarReady), and the room's mini-program code with wx.downloadFile.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AppError } from '../../../../miniprogram/core/errors'
import { createBackendService, SESSION_STORAGE_KEY } from '../../../../miniprogram/services/rongcloud/backend/index'
import { fakePhone, startServer, type ServerHarness } from './real-server'

const { makePng, makeJpeg } = require('../../../../server/test/support/images') as {
  makePng(width: number, height: number, options?: { shade?: number; text?: Record<string, string> }): Buffer
  makeJpeg(width: number, height: number): Buffer
}

let server: ServerHarness
const files = mkdtempSync(join(tmpdir(), 'avatar-files-'))
beforeAll(async () => {
  server = await startServer({ avatars: true })
})
afterAll(() => server.close())

const noWait = (fn: () => void) => {
  setTimeout(fn, 0)
  return () => undefined
}

let n = 0
function file(bytes: Buffer, ext: string): string {
  const path = join(files, `pick-${++n}.${ext}`)
  writeFileSync(path, bytes)
  return path
}

async function signedIn(openid: string, storage?: Map<string, unknown>) {
  const phone = fakePhone(server, openid, storage)
  const backend = createBackendService({ url: server.urls[0], platform: phone, schedule: noWait })
  const me = await backend.login({ name: '上传者' })
  return { phone, backend, me }
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e)
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

async function until(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const started = Date.now()
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('still false')
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

test('an avatar goes up with the session and progress, is pending (404 for everyone) until WeChat passes it, then served', async () => {
  server.wechat.mediaVerdict = () => 'pass'
  server.wechat.mediaCheckDelayMs = 400
  const { phone, backend } = await signedIn('openid-avatar-00000000000000001')
  const progress: number[] = []
  const uploaded = await backend.uploadAvatar(file(makePng(64, 64, { shade: 11 }), 'png'), (p) => progress.push(p))
  expect(uploaded.status).toBe('pending')
  expect(uploaded.avatar).toMatch(new RegExp(`^${server.urls[0]}/v1/avatars/[0-9a-f]{64}\\.png$`))
  expect(progress).toEqual([0, 100])
  expect(phone.requests).toHaveLength(1) // the login; the upload went through uploadFile
  expect(await backend.avatarReady(uploaded.avatar)).toBe(false)

  await until(() => backend.avatarReady(uploaded.avatar))
  const served = await fetch(uploaded.avatar)
  expect(served.status).toBe(200)
  expect(served.headers.get('content-type')).toBe('image/png')
  // the same picture again is approved at once
  await expect(backend.uploadAvatar(file(makePng(64, 64, { shade: 11 }), 'png'))).resolves.toEqual({ avatar: uploaded.avatar, status: 'approved' })
  // and the profile carries it (the server takes only its own URLs). Last here: with the harness's
  // http PUBLIC_URL the server issues a session it cannot read back (server/src/profile.ts wants https)
  const profile = await backend.updateProfile({ name: '上传者', avatar: uploaded.avatar })
  expect(profile.avatar).toBe(uploaded.avatar)
})

test('an avatar WeChat refuses never becomes ready; sending it again is CONTENT_REJECTED', async () => {
  server.wechat.mediaVerdict = () => 'risky'
  server.wechat.mediaCheckDelayMs = 10
  const { backend } = await signedIn('openid-avatar-00000000000000002')
  const picture = makeJpeg(48, 48)
  const first = await backend.uploadAvatar(file(picture, 'jpg'))
  expect(first.status).toBe('pending')
  await until(async () => server.wechat.mediaChecks.some((c) => c.verdict === 'risky'))
  await new Promise((resolve) => setTimeout(resolve, 100))
  expect(await backend.avatarReady(first.avatar)).toBe(false)
  const again = await rejection(backend.uploadAvatar(file(picture, 'jpg')))
  expect(again.code).toBe('CONTENT_REJECTED')
  expect(again.message).toBe('头像未通过安全检查，请换一张')
  server.wechat.mediaVerdict = () => 'pass'
})

test('a file the server refuses (too large, not an image) is NOT_ALLOWED in its words, sent once', async () => {
  const { backend } = await signedIn('openid-avatar-00000000000000003')
  const big = Buffer.concat([makePng(32, 32), Buffer.alloc(1024 * 1024 + 10, 1)])
  const tooLarge = await rejection(backend.uploadAvatar(file(big, 'png')))
  expect(tooLarge.code).toBe('NOT_ALLOWED')
  expect(tooLarge.message).toMatch(/1 MB|过大/)
  const notImage = await rejection(backend.uploadAvatar(file(Buffer.from('GIF89a not really'), 'png')))
  expect(notImage.code).toBe('NOT_ALLOWED')
  expect(notImage.message).toMatch(/JPEG|PNG|图片/)
})

test('an expired session on upload: one fresh login (new code), then the upload', async () => {
  const storage = new Map<string, unknown>()
  const first = await signedIn('openid-avatar-00000000000000004', storage)
  const stored = storage.get(SESSION_STORAGE_KEY) as { session: string }
  storage.set(SESSION_STORAGE_KEY, { ...stored, session: `${stored.session.split('.')[0]}.${'A'.repeat(43)}` })
  const phone = fakePhone(server, 'openid-avatar-00000000000000004', storage)
  const backend = createBackendService({ url: server.urls[0], platform: phone, schedule: noWait })
  const uploaded = await backend.uploadAvatar(file(makePng(40, 40, { shade: 77 }), 'png'))
  expect(uploaded.avatar).toContain('/v1/avatars/')
  expect(phone.logins).toBe(1)
  expect(first.phone.logins).toBe(1)
})

test('the room’s mini-program code: a local image file for scene r=<room>, page pages/room/room; only for a live room', async () => {
  const { backend, me } = await signedIn('openid-qrcode-00000000000000001')
  await backend.createRoom({ roomId: '345678' })
  server.rc.clientJoin('room-345678', me.userId)
  const path = await backend.roomQrCode('345678')
  const bytes = readFileSync(path)
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG')
  expect(bytes.toString('latin1')).toContain('r=345678')
  expect(server.wechat.qrRequests.at(-1)).toMatchObject({ scene: 'r=345678', page: 'pages/room/room', check_path: false })

  const missing = await rejection(backend.roomQrCode('456789'))
  expect(missing.code).toBe('ROOM_NOT_FOUND')
  const bad = await rejection(backend.roomQrCode('012345'))
  expect(bad.code).toBe('INVALID_ROOM_NUMBER')
})

test('without file support on the platform the calls say so instead of failing obscurely', async () => {
  const phone = fakePhone(server, 'openid-nofiles-0000000000000001')
  const bare = { ...phone, uploadFile: undefined, downloadFile: undefined }
  const backend = createBackendService({ url: server.urls[0], platform: bare, schedule: noWait })
  await backend.login({ name: '无文件' })
  expect((await rejection(backend.uploadAvatar('/tmp/x.png'))).code).toBe('SERVICE_NOT_ENABLED')
  expect((await rejection(backend.roomQrCode('345678'))).code).toBe('SERVICE_NOT_ENABLED')
})
