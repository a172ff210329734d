/**
 * The one IMLib instance of the app: init once with the AppKey, register our message types once.
 * The RTC side installs its plugin on the same instance (index.ts), so both share one connection.
 *
 * `ImLib` is the slice of the SDK module the adapter uses. The real module satisfies it as is;
 * tests hand in fakes of exactly this shape (several fake clients can share one fake server).
 */
import * as RongIMLib from '@rongcloud/imlib-next'
import type {
  BaseMessage,
  GetHistoryMessageOption,
  GetHistoryMessageResult,
  IAReceivedConversation,
  IAReceivedMessage,
  IConversationIdentifier,
  ISendMessageOptions,
  RCResult,
} from '@rongcloud/imlib-next'
import { AppError } from '../../core/errors'
import { registerSignalMessage } from './messages'
import type { SignalMessageClass } from './messages'

export interface ImLib {
  init: typeof RongIMLib.init
  registerMessageType: typeof RongIMLib.registerMessageType
  connect: typeof RongIMLib.connect
  disconnect(): Promise<void>
  addEventListener: typeof RongIMLib.addEventListener
  removeEventListener: typeof RongIMLib.removeEventListener
  joinChatRoom: typeof RongIMLib.joinChatRoom
  joinExistChatRoom: typeof RongIMLib.joinExistChatRoom
  quitChatRoom: typeof RongIMLib.quitChatRoom
  getChatRoomInfo: typeof RongIMLib.getChatRoomInfo
  setChatRoomEntry: typeof RongIMLib.setChatRoomEntry
  removeChatRoomEntry: typeof RongIMLib.removeChatRoomEntry
  getChatRoomEntry: typeof RongIMLib.getChatRoomEntry
  getAllChatRoomEntries: typeof RongIMLib.getAllChatRoomEntries
  getChatroomHistoryMessages: typeof RongIMLib.getChatroomHistoryMessages
  bindRTCRoomForChatroom: typeof RongIMLib.bindRTCRoomForChatroom
  sendMessage(
    conversation: IConversationIdentifier,
    message: BaseMessage,
    options?: ISendMessageOptions,
  ): Promise<RCResult<IAReceivedMessage>>
  getHistoryMessages(conversation: IConversationIdentifier, options?: GetHistoryMessageOption): Promise<RCResult<GetHistoryMessageResult>>
  getConversationListByTimestamp: typeof RongIMLib.getConversationListByTimestamp
  getUnreadCount: typeof RongIMLib.getUnreadCount
  clearMessagesUnreadStatus(conversation: IConversationIdentifier): Promise<RCResult>
}

export type { IAReceivedConversation }

export interface BootedImLib {
  lib: ImLib
  SignalMessage: SignalMessageClass
}

let booted: { appKey: string; value: BootedImLib } | null = null

/**
 * Inits IMLib and registers our message types, once per app run. The SDK ignores a second init
 * (it keeps the first AppKey), so asking for another AppKey is a configuration error, not a no-op.
 */
export function bootImLib(appKey: string, lib: ImLib = RongIMLib): BootedImLib {
  const key = appKey.trim()
  if (!key) throw new AppError('SERVICE_NOT_ENABLED', '未配置融云 AppKey：请在 miniprogram/config.ts 中填写 appKey')
  if (booted) {
    if (booted.appKey !== key) throw new AppError('SERVICE_NOT_ENABLED', '融云 AppKey 在运行中被更换，请重新打开小程序')
    return booted.value
  }
  lib.init({ appkey: key })
  const value: BootedImLib = { lib, SignalMessage: registerSignalMessage(lib) }
  booted = { appKey: key, value }
  return value
}
