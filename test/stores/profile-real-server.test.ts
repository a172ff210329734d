/**
 * The store's nickname and avatar flow (stores/profile-editor.ts) with the real server as its
 * backend (over loopback, avatar uploads on, WeChat's checks faked behind it) and the demo network
 * for signalling: WeChat's text check refuses a nickname; an avatar stays pending — the others see
 * no avatar — until WeChat passes it, then everyone gets the server's URL; a refused one is said so.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Schedule } from '../../miniprogram/core/timers'
import type { Profile } from '../../miniprogram/core/types'
import { createBackendService } from '../../miniprogram/services/rongcloud/backend/index'
import { createDemoNetwork, type DemoNetwork } from '../../miniprogram/services/demo/index'
import { createStore, type RootStore } from '../../miniprogram/stores/index'
import { fakePhone, startServer, type ServerHarness } from '../services/rongcloud/backend/real-server'

const { makePng } = require('../../server/test/support/images') as {
  makePng(width: number, height: number, options?: { shade?: number }): Buffer
}

let server: ServerHarness
let network: DemoNetwork
const stores: RootStore[] = []
const dir = mkdtempSync(join(tmpdir(), 'profile-real-'))

beforeAll(async () => {
  server = await startServer({ avatars: true })
})
afterAll(() => server.close())
beforeEach(() => {
  network = createDemoNetwork({ latencyMs: 0 })
})
afterEach(() => {
  for (const s of stores.splice(0)) s.dispose()
  network.close()
})

/**
 * Time for the store's checks only: each wait is skipped (run REAL_WAIT_MS later in real time) and
 * the store's clock moves on by it, so minutes of checking pass in a moment while the server and
 * WeChat's fake run on real time. The store gives up after 30 minutes of its time, about 60 waits:
 * at 25 ms each that is at least 1.5 s of real time (timers never fire early), well after WeChat's
 * fake answers (500 ms). At 5 ms a wait the store could give up first on an idle machine.
 */
const REAL_WAIT_MS = 25

function fastClock(): { schedule: Schedule; now: () => number } {
  let skipped = 0
  return {
    now: () => Date.now() + skipped,
    schedule(fn, ms) {
      const handle = setTimeout(() => {
        skipped += ms
        fn()
      }, REAL_WAIT_MS)
      return () => clearTimeout(handle)
    },
  }
}

async function person(profile: Profile, openid: string): Promise<RootStore> {
  const backend = createBackendService({ url: server.urls[0], platform: fakePhone(server, openid), schedule: (fn) => (setTimeout(fn, 0), () => undefined) })
  // with RongCloud the token source logs in when connecting; the demo network's connect does not
  await backend.login({ name: profile.name })
  const { rts, rtc } = network.connect(profile)
  const store = createStore({ rts, rtc, backend, ...fastClock() })
  stores.push(store)
  await store.session.signIn(profile)
  return store
}

async function until(check: () => boolean, timeoutMs = 8000): Promise<void> {
  const started = Date.now()
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('still false')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

const seenBy = (viewer: RootStore, id: string) => viewer.lobby.users.find((u) => u.id === id)

let n = 0
function picture(shade: number): string {
  const path = join(dir, `pick-${++n}.png`)
  writeFileSync(path, makePng(48, 48, { shade }))
  return path
}

test('a nickname WeChat’s text check refuses: CONTENT_REJECTED 「昵称含有不当内容，请修改」, nothing changes', async () => {
  const me = await person({ id: 'p-a', name: '小爱' }, 'openid-profile-store-000000000001')
  await expect(me.profile.changeName('违禁词')).rejects.toMatchObject({ code: 'CONTENT_REJECTED', message: '昵称含有不当内容，请修改' })
  expect(me.session.me?.name).toBe('小爱')
  await me.profile.changeName('新的名字')
  expect(me.session.me?.name).toBe('新的名字')
})

test('an avatar: pending → the others see no avatar; WeChat passes it → everyone gets the server’s URL', async () => {
  server.wechat.mediaVerdict = () => 'pass'
  server.wechat.mediaCheckDelayMs = 500
  const me = await person({ id: 'p-b', name: '小波' }, 'openid-profile-store-000000000002')
  const other = await person({ id: 'p-c', name: '小卡' }, 'openid-profile-store-000000000003')
  const local = picture(201)
  await me.profile.changeAvatar(local)
  expect(me.profile.avatar.stage).toBe('checking')
  expect(me.profile.myAvatar).toBe(local)
  await new Promise((resolve) => setTimeout(resolve, 50))
  expect(seenBy(other, 'p-b')).toBeDefined()
  expect(seenBy(other, 'p-b')?.avatar).toBeUndefined()

  await until(() => !!me.session.me?.avatar)
  const url = me.session.me?.avatar ?? ''
  expect(url).toMatch(new RegExp(`^${server.urls[0]}/v1/avatars/[0-9a-f]{64}\\.png$`))
  expect((await fetch(url)).status).toBe(200)
  await until(() => seenBy(other, 'p-b')?.avatar === url)
  expect(me.profile.avatar.stage).toBe('idle')
})

test('an avatar WeChat refuses: the check finds out (sending it again), says so, and the profile keeps no avatar', async () => {
  server.wechat.mediaVerdict = () => 'risky'
  server.wechat.mediaCheckDelayMs = 10
  const me = await person({ id: 'p-d', name: '小迪' }, 'openid-profile-store-000000000004')
  await me.profile.changeAvatar(picture(33))
  await until(() => me.profile.avatar.stage === 'failed')
  expect(me.profile.avatar).toMatchObject({ error: '头像未通过安全检查，请换一张', canRetry: false })
  expect(me.session.me?.avatar).toBeUndefined()
  server.wechat.mediaVerdict = () => 'pass'
})
