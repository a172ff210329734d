/**
 * RongCloud's message callback (消息回调服务, formerly 模版路由): RongCloud holds a message that
 * matches the console's routing rule and POSTs a copy here; our answer decides whether it is
 * delivered (https://docs.rongcloud.cn/platform-chat-api/moderation/msgcb,
 * https://docs.rongcloud.cn/v4-platform/views/im/server/security/msgcb.html).
 *
 * What the docs say and this module relies on:
 * - the request: POST, form fields appKey, fromUserId, targetId, msgType (RC:TxtMsg, or our own
 *   App:Signal), content (the message content as a JSON string), channelType (PERSON = private,
 *   TEMPGROUP = chatroom, GROUP, PERSONS), msgTimeStamp (ms), messageId, os. A JSON body with the
 *   same fields is accepted as well;
 * - the signature: RongCloud adds `nonce`, `signTimestamp` (ms) and `signature` to the URL's
 *   query, signature = sha1(AppSecret + nonce + signTimestamp) in hex ("API 接收签名规则",
 *   https://docs.rongcloud.cn/im/server/signature/). Older pages name them rc-nonce /
 *   rc-timestamp (seconds) / rc-signature, and some pages say `timestamp`: all three spellings are
 *   read, the formula is the same;
 * - RongCloud asks once, waits 3 s, and delivers the message when the answer is late or fails.
 *
 * The signature covers nonce and time only, not the body: anyone who captured one signed URL could
 * post other bodies with it. So the URL must be HTTPS, a signature is accepted within ±5 minutes
 * of its time, each nonce once per instance, and `appKey` in the body must be ours. The worst a
 * forged request can do is spend msgSecCheck quota: it cannot deliver or block a real message.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import { SCENE } from '../upstream/wechat'
import type { Scene } from '../upstream/wechat'

export const SIGNATURE_WINDOW_MS = 5 * 60_000

export type SignatureProblem = 'missing' | 'stale' | 'mismatch' | 'replayed'

export interface SignedQuery {
  nonce: string
  timestamp: string
  signature: string
}

function pick(query: Record<string, unknown>, names: string[]): string | undefined {
  for (const name of names) {
    const v = query[name]
    if (typeof v === 'string' && v.length > 0 && v.length <= 128) return v
  }
  return undefined
}

export function readSignedQuery(query: unknown): SignedQuery | null {
  const q = query && typeof query === 'object' ? (query as Record<string, unknown>) : {}
  const nonce = pick(q, ['nonce', 'rc-nonce', 'Nonce'])
  const timestamp = pick(q, ['signTimestamp', 'timestamp', 'rc-timestamp', 'Timestamp'])
  const signature = pick(q, ['signature', 'rc-signature', 'Signature'])
  return nonce && timestamp && signature ? { nonce, timestamp, signature } : null
}

/** The signature's time in ms: RongCloud documents ms; the older `rc-timestamp` was in seconds. */
export function signatureTimeMs(timestamp: string): number | null {
  if (!/^\d{1,16}$/.test(timestamp)) return null
  const n = Number(timestamp)
  return n < 1e12 ? n * 1000 : n
}

export function callbackSignature(appSecret: string, nonce: string, timestamp: string): string {
  return createHash('sha1').update(appSecret + nonce + timestamp).digest('hex')
}

export function verifySignature(appSecret: string, signed: SignedQuery | null, now: number): SignatureProblem | null {
  if (!signed) return 'missing'
  const at = signatureTimeMs(signed.timestamp)
  if (at === null || Math.abs(now - at) > SIGNATURE_WINDOW_MS) return 'stale'
  const expected = Buffer.from(callbackSignature(appSecret, signed.nonce, signed.timestamp), 'utf8')
  const given = Buffer.from(signed.signature.toLowerCase(), 'utf8')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'mismatch'
  return null
}

export interface CallbackMessage {
  appKey: string
  fromUserId: string
  targetId: string
  msgType: string
  content: string
  channelType: string
  messageId: string
}

/** The fields we use, or null when the body is not a callback. */
export function readCallbackBody(body: unknown): CallbackMessage | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null
  const b = body as Record<string, unknown>
  const str = (k: string, max: number): string | null => {
    const v = b[k]
    if (typeof v === 'number') return String(v)
    return typeof v === 'string' && v.length <= max ? v : null
  }
  const appKey = str('appKey', 128)
  const fromUserId = str('fromUserId', 128)
  const msgType = str('msgType', 64)
  // RongCloud caps a message at 128 KB; the content is its JSON string
  const content = str('content', 200_000)
  if (!appKey || !fromUserId || !msgType || content === null) return null
  return {
    appKey,
    fromUserId,
    targetId: str('targetId', 128) ?? '',
    msgType,
    content,
    channelType: str('channelType', 32) ?? '',
    messageId: str('messageId', 128) ?? '',
  }
}

export interface TextToCheck {
  scene: Scene
  text: string
  /** what it is, for logs */
  field: 'text' | 'name'
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function parse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/** our custom signal type (miniprogram/services/rongcloud/messages.ts) */
export const SIGNAL_MESSAGE_TYPE = 'App:Signal'
export const TEXT_MESSAGE_TYPE = 'RC:TxtMsg'

/**
 * The user-written text a message carries:
 * - RC:TxtMsg: `content` (scene 2, comment) and the sender's name in `user.name`, which receivers
 *   show (scene 1, profile: a name could otherwise dodge the nickname check by riding on messages);
 * - App:Signal: only `presence` carries user text (the profile's name); mute, unmute, room-ended,
 *   media-state and host-paused carry ids and flags only, and pass unchecked;
 * - anything else (images, RongCloud's own types): nothing to check here.
 * A content that does not parse is passed: RongCloud would deliver it, and our apps drop it.
 */
export function textsToCheck(msgType: string, content: string): TextToCheck[] {
  const out: TextToCheck[] = []
  const name = (user: unknown) => {
    if (isRecord(user) && typeof user.name === 'string' && user.name.trim()) out.push({ scene: SCENE.PROFILE, text: user.name.trim(), field: 'name' })
  }
  const c = parse(content)
  if (!isRecord(c)) return out
  if (msgType === TEXT_MESSAGE_TYPE) {
    if (typeof c.content === 'string' && c.content.trim()) out.push({ scene: SCENE.COMMENT, text: c.content.trim(), field: 'text' })
    name(c.user)
  } else if (msgType === SIGNAL_MESSAGE_TYPE && typeof c.data === 'string') {
    const signal = parse(c.data)
    if (isRecord(signal) && signal.type === 'presence') name(signal.profile)
  }
  return out
}
