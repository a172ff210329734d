/**
 * The mocked '@rongcloud/imlib-next' module for tests that go through the adapter's own imports
 * (jest.mock at the SDK boundary): the real enums and message classes, and every ImLib function
 * delegating to the FakeImLib a test picked with useMockClient().
 *
 *   jest.mock('@rongcloud/imlib-next', () => require('./fake-sdk/module').mockImLibModule())
 */
import type * as RongIMLib from '@rongcloud/imlib-next'
import type { ImLib } from '../../../../miniprogram/services/rongcloud/imlib'
import type { FakeImLib } from './fake-client'

let current: FakeImLib | null = null

export function useMockClient(client: FakeImLib): void {
  current = client
}

function client(): FakeImLib {
  if (!current) throw new Error('useMockClient() first')
  return current
}

export const installPluginMock = jest.fn((): null => null)

export function mockImLibModule(): Record<string, unknown> {
  const actual = jest.requireActual<typeof RongIMLib>('@rongcloud/imlib-next')
  const delegates: ImLib = {
    init: (o) => client().init(o),
    registerMessageType: (...a) => client().registerMessageType(...a),
    connect: (...a) => client().connect(...a),
    disconnect: () => client().disconnect(),
    addEventListener: (...a) => client().addEventListener(...a),
    removeEventListener: (...a) => client().removeEventListener(...a),
    joinChatRoom: (...a) => client().joinChatRoom(...a),
    joinExistChatRoom: (...a) => client().joinExistChatRoom(...a),
    quitChatRoom: (...a) => client().quitChatRoom(...a),
    getChatRoomInfo: (...a) => client().getChatRoomInfo(...a),
    setChatRoomEntry: (...a) => client().setChatRoomEntry(...a),
    removeChatRoomEntry: (...a) => client().removeChatRoomEntry(...a),
    getChatRoomEntry: (...a) => client().getChatRoomEntry(...a),
    getAllChatRoomEntries: (...a) => client().getAllChatRoomEntries(...a),
    getChatroomHistoryMessages: (...a) => client().getChatroomHistoryMessages(...a),
    bindRTCRoomForChatroom: (...a) => client().bindRTCRoomForChatroom(...a),
    sendMessage: (conversation, message) => client().sendMessage(conversation, message),
    getHistoryMessages: (...a) => client().getHistoryMessages(...a),
    getConversationListByTimestamp: (...a) => client().getConversationListByTimestamp(...a),
    getUnreadCount: (...a) => client().getUnreadCount(...a),
    clearMessagesUnreadStatus: (...a) => client().clearMessagesUnreadStatus(...a),
  }
  return { ...actual, ...delegates, installPlugin: installPluginMock }
}
