/** The app's composition in demo mode: no AppKey → demo network with simulated people. */
import { decodeBase64url, encodeBase64url } from '../../miniprogram/core/base64url'
import { createDocumentVerifier } from '../../miniprogram/core/signed-docs'
import { createServices, documentKey, serviceMode } from '../../miniprogram/services/index'
import { createStore } from '../../miniprogram/stores/index'
import type { AppConfig } from '../../miniprogram/config-types'
import type { RongCloudPackage } from '../../miniprogram/services/packages'
import type { BackendService, RtcService, RtsService } from '../../miniprogram/services/types'
import { testPackages, type TestPackages } from '../harness/packages'
import { ed25519 } from '../../miniprogram/services/demo/ed25519'

const demoConfig: AppConfig = { rongcloud: { appKey: '  ', tokenSource: { type: 'backend' } } }

let packages: TestPackages
beforeEach(() => {
  jest.useFakeTimers()
  packages = testPackages()
})
afterEach(() => {
  packages.close()
  jest.clearAllTimers()
  jest.useRealTimers()
})

test('an empty AppKey means demo mode, a set one RongCloud', () => {
  expect(serviceMode(demoConfig)).toBe('demo')
  expect(serviceMode({ rongcloud: { ...demoConfig.rongcloud, appKey: 'abc' } })).toBe('rongcloud')
})

test.each([
  ['verified here with the demo key, as the composition root builds it', true, 'signed'],
  ['only the server’s answers, for a phone that cannot verify', false, 'server'],
] as const)('demo mode: simulated people are online, host rooms that reach the lobby store, and one can be joined as audience (%s)', async (_, verify, mode) => {
  const services = createServices(demoConfig, packages)
  const documents = verify ? createDocumentVerifier({ publicKey: documentKey(demoConfig) ?? '', now: () => services.backend!.now(), ed25519: services.ed25519 }) : undefined
  const store = createStore({ ...services, documents })
  expect(store.room.trust).toBe(mode)
  // actions before connecting are refused, not lost
  await expect(store.rts.enterLobby()).rejects.toMatchObject({ code: 'NOT_CONNECTED' })

  const signIn = store.session.signIn({ id: 'me', name: '我' })
  await jest.advanceTimersByTimeAsync(3000)
  await signIn
  expect(store.session.connection).toBe('connected')
  expect(store.lobby.users.length).toBeGreaterThanOrEqual(2)

  // the simulated hosts' rooms arrive as anyone's: listings our (demo) server signed
  const rooms = store.lobby.rooms.map((r) => r.roomId)
  expect(rooms.length).toBeGreaterThanOrEqual(1)
  expect(store.lobby.rooms.every((r) => r.host.id !== 'me' && r.since > 0)).toBe(true)
  for (const id of rooms) expect(id).toMatch(/^[1-9]\d{5}$/)

  const joining = store.room.join(rooms[0])
  await jest.advanceTimersByTimeAsync(1000)
  await joining
  expect(store.room.role).toBe('audience')
  expect(store.room.host?.id).not.toBe('me')
  expect(store.room.media.players).toHaveLength(1)
  store.dispose()
})

test('demo mode brings its own backend, whose documents verify with the demo key', async () => {
  const { DEMO_PUBLIC_KEY, DEMO_SECRET_KEY } = require('../../miniprogram/services/demo-key') as typeof import('../../miniprogram/services/demo-key')
  expect(documentKey(demoConfig)).toBe(DEMO_PUBLIC_KEY)
  expect(documentKey({ rongcloud: { appKey: 'k', tokenSource: { type: 'dev-tokens', tokens: [] } } })).toBeNull()
  expect(documentKey({ rongcloud: { appKey: 'k', tokenSource: { type: 'backend' } }, backend: { url: 'https://x', publicKey: ' abc ' } })).toBe('abc')
  const services = createServices(demoConfig, packages)
  expect(services.backend).toBeDefined()
  // before anyone connects the demo backend knows nobody, and @noble (in the subpackage) is not here yet
  await expect(services.backend!.listRooms()).rejects.toMatchObject({ code: 'TOKEN_INVALID' })
  const secret = decodeBase64url(DEMO_SECRET_KEY)!
  expect(() => services.ed25519!.publicKeyOf(secret)).toThrow('before a services subpackage was downloaded')
  const connecting = services.rts.connect({ id: 'me', name: '我' })
  await jest.advanceTimersByTimeAsync(1000)
  await connecting
  // the demo subpackage's own @noble, for the app's verifier
  expect(encodeBase64url(services.ed25519!.publicKeyOf(secret))).toBe(DEMO_PUBLIC_KEY)
  const creating = services.backend!.createRoom({ roomId: '246810' })
  await jest.advanceTimersByTimeAsync(1000)
  const { hostClaim } = await creating
  const verifier = createDocumentVerifier({ publicKey: DEMO_PUBLIC_KEY, now: () => services.backend!.now(), ed25519 })
  expect(verifier.hostClaim(hostClaim, { roomId: '246810' })).toMatchObject({ ok: true, doc: { host: { id: 'me', name: '我' } } })
  const leaving = services.rts.disconnect()
  await jest.advanceTimersByTimeAsync(1000)
  await leaving
})

test('RongCloud mode: our server\'s client comes with the RongCloud subpackage, is handed to its services for the tokens and reached through the binding; none without backend.url', async () => {
  const made: BackendService[] = []
  const handed: (BackendService | undefined)[] = []
  const backendOf = (): BackendService => {
    const backend = { now: () => 1234, listRooms: () => Promise.resolve(['listing']) } as unknown as BackendService
    made.push(backend)
    return backend
  }
  const rts = { connect: (profile: unknown) => Promise.resolve(profile), onConnection: () => () => undefined } as unknown as RtsService
  const listen = () => () => undefined
  // the subpackage's @noble, as seen through the app's Ed25519 (a stand-in that records what it is asked)
  const asked: string[] = []
  const nobleModules = () => ({
    ed: { hashes: {}, verify: () => (asked.push('verify'), true), getPublicKey: () => new Uint8Array(32).fill(7) },
    sha2: { sha512: () => new Uint8Array(64) },
  })
  const rongcloudPackage = (): typeof RongCloudPackage =>
    ({
      nobleModules,
      createBackendService: backendOf,
      createRongCloudServices: (_config: unknown, backend?: BackendService) => {
        handed.push(backend)
        const services = { rts: { ...rts, onLobby: listen, onRooms: listen, onLobbyEntries: listen, onRoom: listen, onPrivate: listen, onBlocked: listen }, rtc: { onEvent: listen } as unknown as RtcService }
        return backend ? { ...services, backend } : services
      },
    }) as unknown as typeof RongCloudPackage
  const rongcloudConfig: AppConfig = { rongcloud: { appKey: 'k', tokenSource: { type: 'backend' } }, backend: { url: 'https://api.example', publicKey: 'abc' } }

  const withServer = testPackages(rongcloudPackage)
  const services = createServices(rongcloudConfig, withServer)
  expect(services.backend).toBeDefined()
  // nothing downloaded for it before connect(): it refuses as our server does before a login
  await expect(services.backend!.listRooms()).rejects.toMatchObject({ code: 'TOKEN_INVALID' })
  expect(withServer.loads).toEqual([])
  expect(() => services.ed25519!.verify(new Uint8Array(64), new Uint8Array(0), new Uint8Array(32))).toThrow('before a services subpackage was downloaded')
  await services.rts.connect({ id: 'me', name: '我' })
  expect(withServer.loads).toEqual(['rongcloud'])
  // the verifier's Ed25519 is the loaded subpackage's
  expect(services.ed25519!.verify(new Uint8Array(64), new Uint8Array(0), new Uint8Array(32))).toBe(true)
  expect(asked).toEqual(['verify'])
  expect(services.ed25519!.publicKeyOf(new Uint8Array(32))).toEqual(new Uint8Array(32).fill(7))
  expect(made).toHaveLength(1)
  expect(handed).toEqual([made[0]])
  await expect(services.backend!.listRooms()).resolves.toEqual(['listing'])
  expect(services.backend!.now()).toBe(1234)

  const devTokens = createServices({ rongcloud: { appKey: 'k', tokenSource: { type: 'dev-tokens', tokens: [] } } }, testPackages(rongcloudPackage))
  expect(devTokens.backend).toBeUndefined()
  await devTokens.rts.connect({ id: 'me', name: '我' })
  expect(handed).toEqual([made[0], undefined])
})
