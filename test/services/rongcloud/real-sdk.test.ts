/**
 * The REAL @rongcloud/imlib-next under jest, offline: init, registerMessageType, building our
 * messages, and the not-connected paths with their codes. A logging wx stub stands in for WeChat
 * (the SDK picks its wechat runtime when wx.request and wx.getSystemInfo exist); every network
 * call fails at once, as on a phone without network. init is a singleton per module registry,
 * so each test loads the SDK afresh with jest.isolateModules.
 */
import type * as RongIMLib from '@rongcloud/imlib-next'
import type * as Imlib from '../../../miniprogram/services/rongcloud/imlib'
import type * as Messages from '../../../miniprogram/services/rongcloud/messages'
import type * as Rts from '../../../miniprogram/services/rongcloud/rts'
import type * as ErrorMap from '../../../miniprogram/services/rongcloud/error-map'

interface Loaded {
  sdk: typeof RongIMLib
  imlib: typeof Imlib
  messages: typeof Messages
  rts: typeof Rts
  errors: typeof ErrorMap
}

const wxCalls: string[] = []

function wxStub() {
  const fail = (o: { fail?: (e: { errMsg: string }) => void }) => setTimeout(() => o.fail?.({ errMsg: 'request:fail offline' }), 0)
  return {
    request: (o: { url: string; fail?: (e: { errMsg: string }) => void }) => {
      wxCalls.push(`request ${o.url}`)
      fail(o)
    },
    getSystemInfo: (o?: { success?: (r: object) => void }) => o?.success?.({}),
    getStorageSync: (key: string) => {
      wxCalls.push(`getStorageSync ${key}`)
      return ''
    },
    setStorage: () => undefined,
    setStorageSync: () => undefined,
    removeStorage: () => undefined,
    onNetworkStatusChange: () => undefined,
    getNetworkType: (o: { success?: (r: { networkType: string }) => void }) => o.success?.({ networkType: 'none' }),
    connectSocket: () => {
      wxCalls.push('connectSocket')
      const task = {
        onOpen: () => undefined,
        onError: (f: (e: { errMsg: string }) => void) => setTimeout(() => f({ errMsg: 'offline' }), 0),
        onClose: () => undefined,
        onMessage: () => undefined,
        send: () => undefined,
        close: () => undefined,
      }
      return task
    },
  }
}

function load(): Loaded {
  let loaded: Loaded | undefined
  jest.isolateModules(() => {
    loaded = {
      sdk: require('@rongcloud/imlib-next'),
      imlib: require('../../../miniprogram/services/rongcloud/imlib'),
      messages: require('../../../miniprogram/services/rongcloud/messages'),
      rts: require('../../../miniprogram/services/rongcloud/rts'),
      errors: require('../../../miniprogram/services/rongcloud/error-map'),
    }
  })
  if (!loaded) throw new Error('not loaded')
  return loaded
}

const g = globalThis as Record<string, unknown>

beforeEach(() => {
  wxCalls.length = 0
  g.wx = wxStub()
  // the SDK logs every failed call at WARN; keep the test output readable
  jest.spyOn(console, 'warn').mockImplementation(() => undefined)
  jest.spyOn(console, 'log').mockImplementation(() => undefined)
  jest.spyOn(console, 'info').mockImplementation(() => undefined)
})

afterEach(() => {
  jest.restoreAllMocks()
  delete g.wx
})

test('bootImLib inits the real SDK once (it reads its device id from wx storage) and keeps the first AppKey', () => {
  const { sdk, imlib } = load()
  const first = imlib.bootImLib('app-key-1', sdk)
  expect(wxCalls).toContain('getStorageSync RCDeviceId')
  expect(imlib.bootImLib('app-key-1', sdk)).toBe(first)
  expect(() => imlib.bootImLib('app-key-2', sdk)).toThrow(expect.objectContaining({ code: 'SERVICE_NOT_ENABLED' }))
})

test('an empty AppKey is a configuration error, not an SDK crash', () => {
  const { sdk, imlib } = load()
  expect(() => imlib.bootImLib('  ', sdk)).toThrow(expect.objectContaining({ code: 'SERVICE_NOT_ENABLED', message: expect.stringContaining('appKey') }))
})

test('our signal message type: registered with the real SDK, not stored, not counted', () => {
  const { sdk, imlib } = load()
  const { SignalMessage } = imlib.bootImLib('app-key', sdk)
  const message = new SignalMessage({ data: '{"v":1,"type":"room-ended"}' })
  expect(message).toBeInstanceOf(sdk.BaseMessage)
  expect(message).toMatchObject({ messageType: 'App:Signal', isPersited: false, isCounted: false, content: { data: '{"v":1,"type":"room-ended"}' } })
})

test('text messages are the real TextMessage with the sender profile in content.user', () => {
  const { sdk, messages } = load()
  const message = messages.buildTextMessage('大家好', { id: 'u1', name: '小明', avatar: 'https://x/a.png' })
  expect(message).toBeInstanceOf(sdk.TextMessage)
  expect(message.messageType).toBe(sdk.MessageType.TEXT)
  expect(message.content).toEqual({ content: '大家好', user: { id: 'u1', name: '小明', portraitUri: 'https://x/a.png', portrait: 'https://x/a.png' } })
})

test('the real SDK before connect: sendMessage → 30002 → NOT_CONNECTED', async () => {
  const { sdk, imlib, messages, errors } = load()
  const { lib } = imlib.bootImLib('app-key', sdk)
  const result = await lib.sendMessage(
    { conversationType: sdk.ConversationType.CHATROOM, targetId: 'room-123456' },
    messages.buildTextMessage('hi', { id: 'u1', name: '小明' }),
  )
  expect(result).toMatchObject({ isOk: false, code: 30002 })
  expect(errors.sdkError(result.code).code).toBe('NOT_CONNECTED')
})

test('the real SDK before connect: joinExistChatRoom and setChatRoomEntry → 30002 → NOT_CONNECTED', async () => {
  const { sdk, imlib, errors } = load()
  const { lib } = imlib.bootImLib('app-key', sdk)
  const joined = await lib.joinExistChatRoom('room-123456', { count: 50 })
  const set = await lib.setChatRoomEntry('room-123456', { key: 'host', value: 'x', isAutoDelete: true })
  expect([joined.code, set.code]).toEqual([30002, 30002])
  expect(errors.sdkError(joined.code).code).toBe('NOT_CONNECTED')
})

test('the real SDK refuses getChatRoomInfo counts over 20 (34232): the lobby asks for 20', async () => {
  const { sdk, imlib } = load()
  const { lib } = imlib.bootImLib('app-key', sdk)
  expect((await lib.getChatRoomInfo('lobby', { count: 21 })).code).toBe(34232)
  expect((await lib.getChatRoomInfo('lobby', { count: 20 })).code).toBe(30002)
})

test('the adapter on the real SDK: sending before connect rejects NOT_CONNECTED without touching the network', async () => {
  const { sdk, imlib, rts } = load()
  const { lib, SignalMessage } = imlib.bootImLib('app-key', sdk)
  const service = rts.createRongCloudRts({ lib, SignalMessage, tokens: { fetch: async () => ({ userId: 'u1', token: 't' }) } })
  await expect(service.sendPrivate({ id: 'u2', name: '小红' }, 'hi')).rejects.toMatchObject({ code: 'NOT_CONNECTED' })
  await expect(service.enterLobby()).rejects.toMatchObject({ code: 'NOT_CONNECTED' })
  expect(wxCalls.filter((c) => c.startsWith('request') || c === 'connectSocket')).toEqual([])
})

test('the adapter on the real SDK offline: connect fails (35008), is retried by us, then fails with NETWORK', async () => {
  const { sdk, imlib, rts } = load()
  const { lib, SignalMessage } = imlib.bootImLib('app-key', sdk)
  const service = rts.createRongCloudRts({
    lib,
    SignalMessage,
    tokens: { fetch: async () => ({ userId: 'u1', token: 'token-u1' }) },
    backoff: { baseMs: 1, maxMs: 1, retries: 1 },
  })
  const states: string[] = []
  service.onConnection((c) => states.push(c.state))
  await expect(service.connect({ id: 'u1', name: '小明' })).rejects.toMatchObject({ code: 'NETWORK' })
  expect(wxCalls.filter((c) => c === 'connectSocket').length).toBeGreaterThanOrEqual(2)
  expect(states).toEqual(['connecting', 'failed'])
  await service.disconnect()
})
