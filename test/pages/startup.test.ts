/**
 * The app's start with the services in async subpackages (composition-root.ts, services/packages.ts):
 * the composition root loads only the subpackage of its mode, the lobby's first frame does not wait
 * for it ('connecting' meanwhile), and a subpackage that fails to download shows a Chinese message
 * with 重试 in the lobby instead of a dead app; 重试 downloads again and connects.
 */
import { createAppStore } from '../../miniprogram/composition-root'
import type { AppConfig } from '../../miniprogram/config-types'
import { createBackendService } from '../../miniprogram/services/rongcloud/backend/index'
import { nobleModules } from '../../miniprogram/services/rongcloud/index'
import { PACKAGE_LOAD_FAILED, type RongCloudPackage } from '../../miniprogram/services/packages'
import type { BackendService } from '../../miniprogram/services/types'
import type { RootStore } from '../../miniprogram/stores/index'
import { exists, tap, text, waitFor } from '../harness/dom'
import { loadPages, mockWx, openPage } from '../harness/app'
import { testPackages, type TestPackages } from '../harness/packages'
import { FakeRtcHub } from '../services/rongcloud/fake-rtc-service'
import { FakeRongCloudServer } from '../services/rongcloud/fake-sdk'
import { makePeer } from '../services/rongcloud/helpers'

const demoConfig: AppConfig = { rongcloud: { appKey: '', tokenSource: { type: 'backend' } } }
const rongcloudConfig: AppConfig = {
  rongcloud: { appKey: 'test-app-key', tokenSource: { type: 'backend' } },
  backend: { url: 'https://api.example', publicKey: 'c2VydmVyLWtleS1mb3ItdGVzdHMtb25seS0zMmJ5dGU' },
}

/** what the composition root handed the RongCloud subpackage as our server's client */
let handedBackend: BackendService | undefined

/** A RongCloud subpackage whose services run over the fake RongCloud server of the adapter tests. */
function fakeRongCloudPackage(): () => typeof RongCloudPackage {
  const server = new FakeRongCloudServer()
  const media = new FakeRtcHub()
  let made: ReturnType<typeof RongCloudPackage.createRongCloudServices> | null = null
  const createRongCloudServices: typeof RongCloudPackage.createRongCloudServices = (_config, backend) => {
    handedBackend = backend
    // as the real one: made once, whoever asks again gets the same pair
    made ??= { rts: makePeer(server, 'rc-user').rts, rtc: media.client('rc-user') }
    return made
  }
  // our server's real HTTP client and the subpackage's own @noble come with it (the fake RongCloud never asks for tokens)
  return () => ({ createRongCloudServices, createBackendService, nobleModules }) as unknown as typeof RongCloudPackage
}

beforeAll(() => loadPages())

let stores: RootStore[]
let loaders: TestPackages[]
const pages: { detach(): void }[] = []
beforeEach(() => {
  mockWx()
  stores = []
  loaders = []
  handedBackend = undefined
  // a failed download is logged with require.async's { mod, errMsg }: keep the test output clean
  jest.spyOn(console, 'warn').mockImplementation(() => undefined)
})
afterEach(async () => {
  for (const p of pages.splice(0)) p.detach()
  for (const s of stores) {
    await s.session.signOut().catch(() => undefined)
    s.dispose()
  }
  for (const l of loaders) l.close()
  jest.restoreAllMocks()
})

function start(config: AppConfig, packages: TestPackages) {
  const store = createAppStore(config, packages)
  stores.push(store)
  loaders.push(packages)
  return store
}

function lobby(store: RootStore) {
  const page = openPage('lobby', store)
  pages.push(page)
  return page
}

test('demo mode loads only the demo subpackage, and only once the lobby signs in', async () => {
  const packages = testPackages()
  const store = start(demoConfig, packages)
  expect(packages.loads).toEqual([])
  // documents will be verified here, though @noble comes only with the subpackage
  expect(store.room.trust).toBe('signed')
  lobby(store)
  await waitFor(() => expect(store.session.connection).toBe('connected'))
  expect(packages.loads).toEqual(['demo'])
  // the simulated people of the demo network are there, their rooms listed as our (demo) server signed them
  await waitFor(() => expect(store.lobby.users.length).toBeGreaterThan(0))
  await waitFor(() => expect(store.lobby.rooms.length).toBeGreaterThan(0), 5000)
  expect(store.trust?.documents.verifications).toBeGreaterThan(0)
})

test('with an AppKey only the RongCloud subpackage loads, and the store connects over it', async () => {
  const packages = testPackages(fakeRongCloudPackage())
  const store = start(rongcloudConfig, packages)
  lobby(store)
  await waitFor(() => expect(store.session.connection).toBe('connected'))
  expect(packages.loads).toEqual(['rongcloud'])
  expect(store.session.me?.id).toBe('rc-user')
  // our server's client was made from config.backend in the subpackage and handed over, for the tokens
  expect(handedBackend).toBeDefined()
})

test('the lobby renders before the subpackage arrives: connecting, and actions refused rather than lost', async () => {
  const packages = testPackages()
  const release = packages.hold('demo')
  const store = start(demoConfig, packages)
  const page = lobby(store)
  await waitFor(() => expect(text(page, '.banner__text')).toBe('正在连接…'))
  expect(store.session.connection).toBe('connecting')
  expect(packages.loads).toEqual(['demo'])
  await expect(store.room.create()).rejects.toMatchObject({ code: 'NOT_CONNECTED' })
  release()
  await waitFor(() => expect(store.session.connection).toBe('connected'))
  await waitFor(() => expect(exists(page, '.banner')).toBe(false))
})

test.each([
  ['demo', demoConfig],
  ['rongcloud', rongcloudConfig],
] as const)('%s: a subpackage that fails to download shows a Chinese message and 重试, which loads it again and connects', async (mode, config) => {
  const packages = testPackages(fakeRongCloudPackage())
  packages.failNext(mode)
  const store = start(config, packages)
  const page = lobby(store)
  await waitFor(() => expect(store.session.connection).toBe('failed'))
  expect(store.session.connectionError).toMatchObject({ code: 'NETWORK', message: PACKAGE_LOAD_FAILED })
  expect(PACKAGE_LOAD_FAILED).toMatch(/[\u4e00-\u9fff]/)
  await waitFor(() => expect(text(page, '.banner__text')).toBe(PACKAGE_LOAD_FAILED))
  expect(exists(page, '.banner__retry')).toBe(true)
  expect(console.warn).toHaveBeenCalledWith(expect.stringContaining(`services/${mode}/index.js: loadSubpackage:fail`))

  tap(page, '.banner__retry')
  await waitFor(() => expect(store.session.connection).toBe('connected'))
  await waitFor(() => expect(exists(page, '.banner')).toBe(false))
  expect(packages.loads).toEqual([mode, mode])
})
