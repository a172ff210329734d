/**
 * The SDK mocked at its module boundary: the adapter (built by createRongCloudServices, with its
 * own '@rongcloud/imlib-next' imports) runs on a typed fake. One test per row of the error table:
 * the SDK answers a room send with that code, the app sees the mapped AppError.
 */
jest.mock('@rongcloud/imlib-next', () => require('./fake-sdk/module').mockImLibModule())

import { isAppError } from '../../../miniprogram/core/errors'
import { createRongCloudServices } from '../../../miniprogram/services/rongcloud'
import { SDK_ERROR_TABLE, sdkError } from '../../../miniprogram/services/rongcloud/error-map'
import type { Services } from '../../../miniprogram/services/types'
import { FakeImLib, FakeRongCloudServer, actualSdk } from './fake-sdk'
import { installPluginMock, useMockClient } from './fake-sdk/module'
import { CHINESE, profile } from './helpers'

const server = new FakeRongCloudServer()
const client = new FakeImLib(server)
useMockClient(client)
const token = server.addUser('u1')
let services: Services

// all sends share the 5-per-second queue: let its waits pass on a fake clock
beforeAll(() => jest.useFakeTimers())
afterAll(() => jest.useRealTimers())

async function settle<T>(promise: Promise<T>): Promise<T | unknown> {
  const outcome = promise.catch((e: unknown) => e)
  await jest.advanceTimersByTimeAsync(1000)
  return outcome
}

beforeAll(async () => {
  services = createRongCloudServices({
    appKey: 'test-app-key',
    tokenSource: { type: 'dev-tokens', tokens: [{ userId: 'u1', token }] },
  })
  await services.rts.connect(profile('u1'))
  await services.rts.joinRoom(await hostedRoom())
})

/** a room someone else hosts, so joinExistChatRoom finds it */
async function hostedRoom(): Promise<string> {
  const host = new FakeImLib(server)
  await host.connect(server.addUser('host'))
  await host.joinChatRoom('room-123456', { count: -1 })
  await host.setChatRoomEntry('room-123456', { key: 'host', value: 'h', isAutoDelete: true })
  return '123456'
}

test('the composition inits IMLib once with the AppKey, registers App:Signal as a status message, installs RTC', () => {
  expect(client.appkey).toBe('test-app-key')
  expect(client.registered.get('App:Signal')).toBe(true)
  expect(installPluginMock).toHaveBeenCalledTimes(1)
})

test('asking again gives the same services: no second RTC client, no second set of SDK listeners', () => {
  const again = createRongCloudServices({ appKey: 'test-app-key', tokenSource: { type: 'dev-tokens', tokens: [{ userId: 'u1', token }] } })
  expect(again).toBe(services)
  expect(installPluginMock).toHaveBeenCalledTimes(1)
  expect(() => createRongCloudServices({ appKey: 'other-key', tokenSource: { type: 'backend' } })).toThrow(
    expect.objectContaining({ code: 'SERVICE_NOT_ENABLED' }),
  )
})

test('a null RTC client still gives an RtcService whose actions reject with SERVICE_NOT_ENABLED', async () => {
  await expect(services.rtc.join('123456')).rejects.toMatchObject({ code: 'SERVICE_NOT_ENABLED' })
})

test.each(SDK_ERROR_TABLE.map((row) => [row.code, row.name, row.appCode, row] as const))(
  'SDK %i (%s) → %s with a Chinese message',
  async (code, _name, appCode, row) => {
    client.failNext.sendMessage = [code]
    const error = await settle(services.rts.sendRoomMessage('你好'))
    expect(isAppError(error)).toBe(true)
    expect(error).toMatchObject({ code: appCode, message: row.message })
    expect(row.message).toMatch(CHINESE)
  },
)

test('console switches are named in the messages developers see', () => {
  expect(sdkError(23426).message).toContain('聊天室属性自定义设置')
  expect(sdkError(31003).message).toContain('小程序服务')
  expect(sdkError(23414).message).toContain('聊天室消息云端存储')
  expect(sdkError(33007).message).toContain('单群聊消息云端存储')
  expect(sdkError(31022).message).toContain('安全域名')
})

test('a code not in the table is NETWORK, with the code for support', async () => {
  client.failNext.sendMessage = [99999]
  await expect(settle(services.rts.sendRoomMessage('你好'))).resolves.toMatchObject({ code: 'NETWORK', message: expect.stringContaining('99999') })
})

test('every row names the real SDK ErrorCode member with that number', () => {
  const { ErrorCode } = actualSdk
  for (const row of SDK_ERROR_TABLE) {
    expect([row.code, (ErrorCode as unknown as Record<string, number>)[row.name]]).toEqual([row.code, row.code])
  }
  expect(new Set(SDK_ERROR_TABLE.map((r) => r.code)).size).toBe(SDK_ERROR_TABLE.length)
})

test('events through the mocked module: a kick reaches onConnection as kicked / KICKED', () => {
  const changes: string[] = []
  const off = services.rts.onConnection((c) => changes.push(`${c.state}:${c.error?.code ?? ''}`))
  server.kick('u1')
  off()
  expect(changes).toEqual(['kicked:KICKED'])
})
