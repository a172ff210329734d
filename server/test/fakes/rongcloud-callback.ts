/**
 * RongCloud's side of the message callback (消息回调服务): when a message matches the console's
 * routing rule, RongCloud POSTs a copy to the app server and delivers it only as the answer says
 * (https://docs.rongcloud.cn/v4-platform/views/im/server/security/msgcb.html):
 * - form fields appKey, fromUserId, targetId, msgType, content (the message content as JSON),
 *   channelType (PERSON, TEMPGROUP for a chatroom, GROUP), msgTimeStamp, messageId, os;
 * - `nonce`, `signTimestamp` and `signature` = sha1(AppSecret + nonce + signTimestamp) added to the
 *   URL ("API 接收签名规则", https://docs.rongcloud.cn/im/server/signature/);
 * - "融云服务器只会请求 1 次,超时时间为 3 秒,如果请求失败或者超时,服务器默认将下发此条消息":
 *   one try, a 3 s timeout, and a failure or a late answer delivers the message.
 * So this fake reports, for each message, whether RongCloud would deliver it and why.
 */
import { createHash, randomBytes } from 'node:crypto'

export const RONGCLOUD_CALLBACK_TIMEOUT_MS = 3000

export interface CallbackMessage {
  fromUserId: string
  targetId: string
  msgType: string
  /** the message content; objects are sent as their JSON */
  content: unknown
  channelType: 'PERSON' | 'TEMPGROUP' | 'GROUP'
}

export interface CallbackResult {
  delivered: boolean
  /** why: the app server's answer, or RongCloud's default */
  because: 'pass' | 'blocked' | 'timeout' | 'failed'
  status: number
  body: string
  elapsedMs: number
}

export interface SendOptions {
  /** sign with this secret instead (a forger who does not know ours) */
  secret?: string
  /** leave the signature out of the URL */
  unsigned?: boolean
  /** the signature's time, ms (default: now) */
  timestamp?: number
  nonce?: string
  /** post the fields as JSON instead of a form */
  json?: boolean
  appKey?: string
}

export class FakeRongCloudCallback {
  readonly sent: { message: CallbackMessage; result: CallbackResult }[] = []
  private seq = 0

  constructor(
    readonly appKey: string,
    readonly appSecret: string,
    /** the callback URL configured in RongCloud's console */
    public url: string,
    public now: () => number = () => Date.now(),
  ) {}

  async send(message: CallbackMessage, options: SendOptions = {}): Promise<CallbackResult> {
    const nonce = options.nonce ?? randomBytes(6).toString('hex')
    const timestamp = String(options.timestamp ?? this.now())
    const signature = createHash('sha1')
      .update((options.secret ?? this.appSecret) + nonce + timestamp)
      .digest('hex')
    const query = options.unsigned ? '' : `?${new URLSearchParams({ nonce, signTimestamp: timestamp, signature })}`
    const fields: Record<string, string> = {
      appKey: options.appKey ?? this.appKey,
      fromUserId: message.fromUserId,
      targetId: message.targetId,
      msgType: message.msgType,
      content: typeof message.content === 'string' ? message.content : JSON.stringify(message.content),
      channelType: message.channelType,
      msgTimeStamp: String(this.now()),
      messageId: `BS${(++this.seq).toString(36).toUpperCase()}-${randomBytes(4).toString('hex')}`,
      os: 'MiniProgram',
    }
    const started = performance.now()
    let result: CallbackResult
    try {
      const res = await fetch(this.url + query, {
        method: 'POST',
        headers: { 'Content-Type': options.json ? 'application/json' : 'application/x-www-form-urlencoded' },
        body: options.json ? JSON.stringify(fields) : new URLSearchParams(fields).toString(),
        signal: AbortSignal.timeout(RONGCLOUD_CALLBACK_TIMEOUT_MS),
      })
      const body = await res.text()
      const elapsedMs = performance.now() - started
      let pass: unknown
      try {
        pass = (JSON.parse(body) as { pass?: unknown }).pass
      } catch {
        pass = undefined
      }
      if (res.status === 200 && (pass === 0 || pass === '0')) result = { delivered: false, because: 'blocked', status: res.status, body, elapsedMs }
      else if (res.status === 200 && (pass === 1 || pass === '1')) result = { delivered: true, because: 'pass', status: res.status, body, elapsedMs }
      else result = { delivered: true, because: 'failed', status: res.status, body, elapsedMs }
    } catch (e) {
      const timedOut = (e as Error).name === 'TimeoutError'
      result = { delivered: true, because: timedOut ? 'timeout' : 'failed', status: 0, body: String(e), elapsedMs: performance.now() - started }
    }
    this.sent.push({ message, result })
    return result
  }
}
