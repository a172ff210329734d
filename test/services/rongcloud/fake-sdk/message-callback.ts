/**
 * RongCloud's message callback (消息回调服务, formerly 模版路由) as the fake SDK's server runs it:
 * a message the console's routing rule matches is held, POSTed to the app server's URL, and
 * delivered or not as the answer says (https://docs.rongcloud.cn/v4-platform/views/im/server/security/msgcb.html,
 * https://docs.rongcloud.cn/platform-chat-api/moderation/msgcb):
 * - the request: POST, a form with appKey, fromUserId, targetId, msgType, content (the message
 *   content as a JSON string), channelType (PERSON private, TEMPGROUP chatroom), msgTimeStamp (ms),
 *   messageId. `os` is left out: its values are not documented in the pages we hold, and our server
 *   does not read it;
 * - the signature: `nonce`, `signTimestamp` (ms) and `signature` = sha1(AppSecret + nonce +
 *   signTimestamp) in hex, added to the URL's query ("API 接收签名规则",
 *   https://docs.rongcloud.cn/im/server/signature/);
 * - "融云服务器只会请求 1 次,超时时间为 3 秒,如果请求失败或者超时,服务器默认将下发此条消息": one try,
 *   3 s, and a failed or late answer delivers the message. Only HTTP 200 with `pass` 0 holds it
 *   back (`{ pass: 1 }` delivers).
 * Not documented, and chosen as the harder case for the app: the sender's acknowledgement does not
 * wait for the callback (sendMessage resolves at once; the MESSAGE_BLOCKED notice comes later).
 */
import { createHash, randomBytes } from 'node:crypto'
import type { IAReceivedMessage } from '@rongcloud/imlib-next'

/** "超时时间为 3 秒" */
export const RONGCLOUD_CALLBACK_TIMEOUT_MS = 3000

export interface MessageCallbackConfig {
  /** the callback URL set in RongCloud's console */
  url: string
  appKey: string
  appSecret: string
  /** message types the console's routing rule sends (absent: every type) */
  msgTypes?: readonly string[]
}

export type CallbackVerdict = 'pass' | 'blocked' | 'timeout' | 'failed'

export interface CallbackRecord {
  messageUId: string
  msgType: string
  channelType: 'PERSON' | 'TEMPGROUP'
  /** whether RongCloud delivers the message */
  delivered: boolean
  because: CallbackVerdict
  /** HTTP status (0: no answer) */
  status: number
  elapsedMs: number
}

export function routed(config: MessageCallbackConfig, message: IAReceivedMessage): boolean {
  return !config.msgTypes || config.msgTypes.includes(message.messageType)
}

/** Asks the app server about `message` as RongCloud does; never throws. */
export async function askCallback(
  config: MessageCallbackConfig,
  message: IAReceivedMessage,
  channelType: CallbackRecord['channelType'],
  now: number,
): Promise<CallbackRecord> {
  const nonce = randomBytes(6).toString('hex')
  const signTimestamp = String(now)
  const signature = createHash('sha1').update(config.appSecret + nonce + signTimestamp).digest('hex')
  const form = new URLSearchParams({
    appKey: config.appKey,
    fromUserId: message.senderUserId,
    targetId: message.targetId,
    msgType: message.messageType,
    content: JSON.stringify(message.content),
    channelType,
    msgTimeStamp: String(message.sentTime),
    messageId: message.messageUId,
  })
  const about = { messageUId: message.messageUId, msgType: message.messageType, channelType }
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  try {
    const res = await fetch(`${config.url}?${new URLSearchParams({ nonce, signTimestamp, signature })}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      signal: AbortSignal.timeout(RONGCLOUD_CALLBACK_TIMEOUT_MS),
    })
    const body = await res.text()
    let pass: unknown
    try {
      pass = (JSON.parse(body) as { pass?: unknown } | null)?.pass
    } catch {
      pass = undefined
    }
    const blocked = res.status === 200 && (pass === 0 || pass === '0')
    const passed = res.status === 200 && (pass === 1 || pass === '1')
    return { ...about, delivered: !blocked, because: blocked ? 'blocked' : passed ? 'pass' : 'failed', status: res.status, elapsedMs: elapsed() }
  } catch (e) {
    // the body may be what ran late: the abort then surfaces while reading it
    const timedOut = (e as Error).name === 'TimeoutError' || (e as Error).name === 'AbortError'
    return { ...about, delivered: true, because: timedOut ? 'timeout' : 'failed', status: 0, elapsedMs: elapsed() }
  }
}
