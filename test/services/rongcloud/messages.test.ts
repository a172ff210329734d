/** Reading received messages: only our two kinds, malformed content ignored, sender id from the SDK. */
import type { IAReceivedMessage } from '@rongcloud/imlib-next'
import { readIncoming, senderProfile, SIGNAL_MESSAGE_TYPE } from '../../../miniprogram/services/rongcloud/messages'

function received(messageType: string, content: unknown, extra: Partial<IAReceivedMessage> = {}): IAReceivedMessage {
  return {
    conversationType: 4,
    targetId: 'room-123456',
    channelId: '',
    senderUserId: 'u1',
    content,
    messageType,
    messageUId: 'UID-1',
    messageDirection: 2,
    isOffLineMessage: false,
    sentTime: 1000,
    receivedTime: 1001,
    isPersited: true,
    isCounted: true,
    canIncludeExpansion: false,
    receivedStatus: 0,
    ...extra,
  }
}

test('a text message becomes a ChatMessage with the server id, time and the sender profile', () => {
  const incoming = readIncoming(received('RC:TxtMsg', { content: '你好', user: { id: 'u1', name: '小明', portraitUri: 'https://a/p.png' } }))
  expect(incoming).toEqual({
    kind: 'text',
    outgoing: false,
    message: { id: 'UID-1', from: { id: 'u1', name: '小明', avatar: 'https://a/p.png' }, text: '你好', sentAt: 1000, kind: 'text' },
  })
})

test('our signal keeps its payload undecoded for the store', () => {
  const incoming = readIncoming(received(SIGNAL_MESSAGE_TYPE, { data: '{"v":1,"type":"room-ended"}' }, { messageDirection: 1 }))
  expect(incoming).toEqual({ kind: 'signal', senderId: 'u1', payload: '{"v":1,"type":"room-ended"}', outgoing: true })
})

test.each([
  ['text without a string body', 'RC:TxtMsg', { content: 42 }],
  ['text with no content object', 'RC:TxtMsg', 'hello'],
  ['signal without data', SIGNAL_MESSAGE_TYPE, { payload: 'x' }],
  ['an image message', 'RC:ImgMsg', { content: 'base64' }],
  ['a KV notification', 'RC:chrmKVNotiMsg', { key: 'host' }],
])('%s is not ours → null', (_label, type, content) => {
  expect(readIncoming(received(type, content))).toBeNull()
})

test('sender profile: the SDK sender id wins; bad names fall back to the id; portrait beats portraitUri', () => {
  expect(senderProfile('u1', { user: { id: 'boss', name: '老板' } })).toEqual({ id: 'u1', name: '老板' })
  expect(senderProfile('u1', { user: { name: '   ' } })).toEqual({ id: 'u1', name: 'u1' })
  expect(senderProfile('u1', {})).toEqual({ id: 'u1', name: 'u1' })
  expect(senderProfile('u1', { user: { name: '小明', portrait: 'https://new', portraitUri: 'https://old' } })).toEqual({
    id: 'u1',
    name: '小明',
    avatar: 'https://new',
  })
  expect(senderProfile('u1', { user: { name: '小明', portraitUri: 'x'.repeat(600) } })).toEqual({ id: 'u1', name: '小明' })
})
