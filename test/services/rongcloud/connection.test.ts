/** Connection states over a fake IMLib: events, token refresh once, backoff of the first connect. */
import type { ConnectionChange } from '../../../miniprogram/services/types'
import { FakeRongCloudServer, actualSdk } from './fake-sdk'
import { flush, makePeer, profile } from './helpers'

const { Events } = actualSdk

function setup(backoff = { baseMs: 1000, maxMs: 4000, retries: 4 }) {
  const server = new FakeRongCloudServer()
  const peer = makePeer(server, 'u1', { backoff })
  const changes: ConnectionChange[] = []
  peer.rts.onConnection((c) => changes.push(c))
  const states = () => changes.map((c) => c.state)
  return { server, ...peer, changes, states }
}

afterEach(() => jest.useRealTimers())

test('connect: token from the source, profile with the id RongCloud assigned, connecting → connected', async () => {
  const { rts, tokens, states, server } = setup()
  const me = await rts.connect({ id: 'local-guess', name: '小明', avatar: 'https://a/b.png' })
  expect(me).toEqual({ id: 'u1', name: '小明', avatar: 'https://a/b.png' })
  expect(tokens.fetch).toHaveBeenCalledTimes(1)
  expect(server.calls.get('connect')).toBe(1)
  expect(states()).toEqual(['connecting', 'connected'])
})

test('SUSPEND → reconnecting, then the SDK reconnects by itself → connected', async () => {
  const { rts, client, states, server } = setup()
  await rts.connect(profile('u1'))
  client.suspend(30011)
  expect(states().at(-1)).toBe('reconnecting')
  client.resume()
  expect(states().slice(-2)).toEqual(['reconnecting', 'connected'])
  expect(server.calls.get('connect')).toBe(1) // the SDK's own retry, not ours
})

test('DISCONNECT 31010 (signed in elsewhere) → kicked with KICKED', async () => {
  const { rts, server, changes } = setup()
  await rts.connect(profile('u1'))
  server.kick('u1')
  const last = changes.at(-1)
  expect(last?.state).toBe('kicked')
  expect(last?.error?.code).toBe('KICKED')
  expect(last?.error?.message).toMatch(/其他设备/)
})

test('DISCONNECT 31020 (token expired) → a fresh token once and reconnect', async () => {
  const { rts, client, tokens, states, server } = setup()
  await rts.connect(profile('u1'))
  client.serverDisconnect(31020)
  await flush()
  expect(tokens.fetch).toHaveBeenLastCalledWith(expect.objectContaining({ id: 'u1' }), { refresh: true })
  expect(server.calls.get('connect')).toBe(2)
  expect(states().slice(-2)).toEqual(['reconnecting', 'connected'])
})

test('DISCONNECT 31004 and the fresh token is rejected too → failed TOKEN_INVALID, no third try', async () => {
  const { rts, client, tokens, changes, server } = setup()
  await rts.connect(profile('u1'))
  server.connectScript.push(31004)
  client.serverDisconnect(31004)
  await flush()
  expect(tokens.fetch).toHaveBeenCalledTimes(2)
  expect(server.calls.get('connect')).toBe(2)
  expect(changes.at(-1)).toMatchObject({ state: 'failed', error: { code: 'TOKEN_INVALID' } })
})

test('first connect with a bad token: fetch a fresh one once, then succeed', async () => {
  const { rts, tokens, server, states } = setup()
  server.connectScript.push(31004)
  await expect(rts.connect(profile('u1'))).resolves.toMatchObject({ id: 'u1' })
  expect(tokens.fetch.mock.calls.map((c) => c[1])).toEqual([{ refresh: false }, { refresh: true }])
  expect(states()).toEqual(['connecting', 'connected'])
})

test('first connect: token rejected twice → rejects TOKEN_INVALID with a Chinese message', async () => {
  const { rts, server, changes } = setup()
  server.connectScript.push(31004, 31004, 0)
  await expect(rts.connect(profile('u1'))).rejects.toMatchObject({ code: 'TOKEN_INVALID', message: expect.stringMatching(/登录凭证/) })
  expect(server.calls.get('connect')).toBe(2)
  expect(changes.at(-1)?.state).toBe('failed')
})

test('a failed first connect (35008) is retried with backoff 1s, 2s, 4s…', async () => {
  jest.useFakeTimers()
  const { rts, server, states } = setup()
  server.connectScript.push(35008, 35008, 35008)
  const connected = rts.connect(profile('u1'))
  await jest.advanceTimersByTimeAsync(0)
  expect(server.calls.get('connect')).toBe(1)
  await jest.advanceTimersByTimeAsync(999)
  expect(server.calls.get('connect')).toBe(1)
  await jest.advanceTimersByTimeAsync(1)
  expect(server.calls.get('connect')).toBe(2)
  await jest.advanceTimersByTimeAsync(1999)
  expect(server.calls.get('connect')).toBe(2)
  await jest.advanceTimersByTimeAsync(1)
  expect(server.calls.get('connect')).toBe(3)
  await jest.advanceTimersByTimeAsync(4000)
  await expect(connected).resolves.toMatchObject({ id: 'u1' })
  expect(server.calls.get('connect')).toBe(4)
  expect(states()).toEqual(['connecting', 'connected'])
})

test('backoff is bounded: after the last retry the connection fails with NETWORK', async () => {
  jest.useFakeTimers()
  const { rts, server, changes } = setup({ baseMs: 1000, maxMs: 2000, retries: 2 })
  server.connectScript.push(35008, 35008, 35008, 0)
  const connected = rts.connect(profile('u1'))
  const outcome = connected.catch((e: unknown) => e)
  await jest.advanceTimersByTimeAsync(10_000)
  await expect(outcome).resolves.toMatchObject({ code: 'NETWORK' })
  expect(server.calls.get('connect')).toBe(3)
  expect(changes.at(-1)?.state).toBe('failed')
})

test('a configuration error (31003) is not retried and names the console switch', async () => {
  jest.useFakeTimers()
  const { rts, server } = setup()
  server.connectScript.push(31003)
  const outcome = rts.connect(profile('u1')).catch((e: unknown) => e)
  await jest.advanceTimersByTimeAsync(60_000)
  await expect(outcome).resolves.toMatchObject({ code: 'SERVICE_NOT_ENABLED', message: expect.stringContaining('小程序服务') })
  expect(server.calls.get('connect')).toBe(1)
})

test('disconnect during the backoff stops the retries', async () => {
  jest.useFakeTimers()
  const { rts, server, states } = setup()
  server.connectScript.push(35008, 35008)
  const outcome = rts.connect(profile('u1')).catch((e: unknown) => e)
  await jest.advanceTimersByTimeAsync(0)
  await rts.disconnect()
  await jest.advanceTimersByTimeAsync(60_000)
  await expect(outcome).resolves.toMatchObject({ code: 'NOT_CONNECTED' })
  expect(server.calls.get('connect')).toBe(1)
  expect(states().at(-1)).toBe('idle')
})

test('disconnect → idle and the SDK disconnects; the DISCONNECT(2) it emits changes nothing', async () => {
  const { rts, server, states, client } = setup()
  await rts.connect(profile('u1'))
  await rts.disconnect()
  expect(server.calls.get('disconnect')).toBe(1)
  expect(states()).toEqual(['connecting', 'connected', 'idle'])
  client.emit(Events.DISCONNECT, 2)
  expect(states()).toEqual(['connecting', 'connected', 'idle'])
})

test('a second connect while the first runs shares it', async () => {
  const { rts, server } = setup()
  const [a, b] = await Promise.all([rts.connect(profile('u1')), rts.connect(profile('u1'))])
  expect(a).toEqual(b)
  expect(server.calls.get('connect')).toBe(1)
})

test('connect while the SDK is reconnecting does not start a second connection', async () => {
  const { rts, client, server } = setup()
  await rts.connect(profile('u1'))
  client.suspend()
  await expect(rts.connect(profile('u1'))).resolves.toMatchObject({ id: 'u1' })
  expect(server.calls.get('connect')).toBe(1)
})
