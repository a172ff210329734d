/**
 * services/bind-on-connect.ts: the services the store gets at once, bound to the real ones when
 * connect() has them (the subpackage downloaded, the demo client for this person made).
 */
import { bindOnConnect } from '../../miniprogram/services/bind-on-connect'
import { createDemoNetwork, type DemoNetwork } from '../../miniprogram/services/demo/index'
import { AppError } from '../../miniprogram/core/errors'
import type { Profile } from '../../miniprogram/core/types'
import type { ConnectionChange, Services } from '../../miniprogram/services/types'

const alice: Profile = { id: 'alice', name: '小爱' }
const bob: Profile = { id: 'bob', name: '小波' }

let network: DemoNetwork
beforeEach(() => {
  network = createDemoNetwork({ latencyMs: 0 })
})
afterEach(() => network.close())

/** A bind whose result the test hands over when it likes. */
function deferredBind() {
  const calls: { profile: Profile; resolve(s: Services): void; reject(e: unknown): void }[] = []
  const bind = (profile: Profile) => new Promise<Services>((resolve, reject) => calls.push({ profile, resolve, reject }))
  return { bind, calls }
}

test('subscriptions made before binding receive the bound services\' events; actions before it reject NOT_CONNECTED', async () => {
  const { bind, calls } = deferredBind()
  const services = bindOnConnect(bind)
  const changes: ConnectionChange['state'][] = []
  services.rts.onConnection((c) => changes.push(c.state))
  await expect(services.rts.enterLobby()).rejects.toMatchObject({ code: 'NOT_CONNECTED' })
  await expect(services.rtc.publish()).rejects.toMatchObject({ code: 'NOT_CONNECTED' })

  const connecting = services.rts.connect(alice)
  await Promise.resolve()
  expect(calls).toHaveLength(1)
  calls[0].resolve(network.connect(alice))
  await expect(connecting).resolves.toMatchObject({ id: 'alice' })
  expect(changes).toContain('connected')
  await expect(services.rts.enterLobby()).resolves.toMatchObject({ onlineCount: 1 })
})

test('a failed binding rejects that connect with its error, and the next connect binds again', async () => {
  const { bind, calls } = deferredBind()
  const services = bindOnConnect(bind)
  const first = services.rts.connect(alice)
  await Promise.resolve()
  calls[0].reject(new AppError('NETWORK', '连接组件下载失败，请检查网络后重试'))
  await expect(first).rejects.toMatchObject({ code: 'NETWORK', message: '连接组件下载失败，请检查网络后重试' })

  const second = services.rts.connect(alice)
  await Promise.resolve()
  expect(calls).toHaveLength(2)
  calls[1].resolve(network.connect(alice))
  await expect(second).resolves.toMatchObject({ id: 'alice' })
})

test('two connects while binding share the one binding', async () => {
  const { bind, calls } = deferredBind()
  const services = bindOnConnect(bind)
  const a = services.rts.connect(alice)
  const b = services.rts.connect(alice)
  await Promise.resolve()
  expect(calls).toHaveLength(1)
  calls[0].resolve(network.connect(alice))
  await expect(a).resolves.toMatchObject({ id: 'alice' })
  // the second reached the same client, which answers an overlapping connect itself
  await b.catch(() => undefined)
  expect(calls).toHaveLength(1)
})

test('a disconnect while binding makes that connect reject NOT_CONNECTED and binds nothing', async () => {
  const { bind, calls } = deferredBind()
  const services = bindOnConnect(bind)
  const connecting = services.rts.connect(alice)
  await Promise.resolve()
  await services.rts.disconnect()
  const client = network.connect(alice)
  calls[0].resolve(client)
  await expect(connecting).rejects.toMatchObject({ code: 'NOT_CONNECTED' })
  await expect(services.rts.enterLobby()).rejects.toMatchObject({ code: 'NOT_CONNECTED' })
  expect(network.stats().listeners).toBe(0)
})

test('another person connecting gets a client of their own; events of the first no longer arrive', async () => {
  const bind = jest.fn((profile: Profile) => network.connect(profile))
  const services = bindOnConnect(bind)
  const seen: string[] = []
  services.rts.onConnection((c) => seen.push(c.state))
  await services.rts.connect(alice)
  await services.rts.connect(alice)
  expect(bind).toHaveBeenCalledTimes(1)
  await services.rts.connect(bob)
  expect(bind).toHaveBeenCalledTimes(2)
  seen.length = 0
  network.drop('alice')
  await new Promise((resolve) => setTimeout(resolve, 5))
  expect(seen).toEqual([])
  network.drop('bob')
  await new Promise((resolve) => setTimeout(resolve, 5))
  expect(seen).toEqual(['reconnecting'])
})

/** Services that record every call by name ('rts.joinRoom'): whatever the interfaces hold now. */
function recordingServices(calls: string[]): Services {
  const part = (name: string) =>
    new Proxy(
      {},
      {
        get: (_target, key) => {
          // not a thenable: promises resolve with these objects
          if (key === 'then') return undefined
          const method = `${name}.${String(key)}`
          return (...args: unknown[]) => {
            calls.push(method)
            if (String(key).startsWith('on')) return () => calls.push(`${method}:unsubscribed`)
            if (method === 'backend.now') return 42
            if (method === 'rtc.handleNativeEvent') return undefined
            return Promise.resolve(method === 'rts.connect' ? args[0] : method)
          }
        },
      },
    )
  return { rts: part('rts'), rtc: part('rtc'), backend: part('backend') } as Services
}

test('every method of RtsService, RtcService and BackendService reaches the bound services, and every subscription is carried over', async () => {
  const calls: string[] = []
  const services = bindOnConnect(() => recordingServices(calls))
  await services.rts.connect(alice)
  const onBinding = [...calls]
  for (const part of ['rts', 'rtc', 'backend'] as const) {
    const wrapper = services[part] as unknown as Record<string, (...args: unknown[]) => unknown>
    const keys = Object.keys(wrapper)
    expect(keys.length).toBeGreaterThan(part === 'rts' ? 20 : 10)
    for (const key of keys) {
      const method = `${part}.${key}`
      if (key.startsWith('on')) {
        // subscribed on the bound services when bound, fanned out to ours
        expect(onBinding).toContain(method)
        continue
      }
      calls.length = 0
      const result = wrapper[key]({ id: 'alice', name: '小爱' }, 'x')
      if (result instanceof Promise) await result
      expect(calls).toEqual([method])
    }
  }
  // updateProfile (a later addition) included
  calls.length = 0
  await expect(services.rts.updateProfile({ id: 'alice', name: '新名字' })).resolves.toBe('rts.updateProfile')
  expect(services.backend!.now()).toBe(42)
})

test('the demo backend is reached through the binding: refused before connect, the client\'s own after', async () => {
  const services = bindOnConnect((profile) => network.connect(profile))
  await expect(services.backend!.listRooms()).rejects.toMatchObject({ code: 'TOKEN_INVALID' })
  await services.rts.connect(alice)
  await expect(services.backend!.listRooms()).resolves.toEqual([])
  const updated = await services.rts.updateProfile({ id: 'alice', name: '新名字' })
  expect(updated).toMatchObject({ id: 'alice', name: '新名字' })
})
