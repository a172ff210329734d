/** The app's composition in demo mode: no AppKey → demo network with simulated people. */
import { createServices, serviceMode } from '../../miniprogram/services/index'
import { createStore } from '../../miniprogram/stores/index'
import type { AppConfig } from '../../miniprogram/config-types'
import { testPackages, type TestPackages } from '../harness/packages'

const demoConfig: AppConfig = { rongcloud: { appKey: '  ', tokenSource: { type: 'endpoint', url: '' } } }

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

test('demo mode: simulated people are online, host rooms that reach the lobby store, and one can be joined as audience', async () => {
  const store = createStore(createServices(demoConfig, packages))
  // actions before connecting are refused, not lost
  await expect(store.rts.enterLobby()).rejects.toMatchObject({ code: 'NOT_CONNECTED' })

  const signIn = store.session.signIn({ id: 'me', name: '我' })
  await jest.advanceTimersByTimeAsync(3000)
  await signIn
  expect(store.session.connection).toBe('connected')
  expect(store.lobby.users.length).toBeGreaterThanOrEqual(2)

  // the simulated hosts' rooms arrive through the service layer (RtsService.listRooms / onRooms)
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
