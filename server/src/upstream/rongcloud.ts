/**
 * RongCloud's server API (the classic form-encoded `*.json` endpoints of the China data centre):
 * every request signed with App-Key, Nonce, Timestamp and Signature = sha1(secret + nonce +
 * timestamp) (https://docs.rongcloud.cn/platform-chat-api/auth). A host that does not answer
 * (refused, timed out, 5xx) is skipped for a while and the next one of the list is tried, as
 * RongCloud recommends for its primary / backup pair (https://docs.rongcloud.io/platform-chat-api/base-url).
 * Business errors (`code` other than 200) are not retried: they would fail the same way.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { Clock } from '../clock'
import { UpstreamUnreachable } from './http'
import type { Trace, UpstreamHttp } from './http'

export type RcParams = Record<string, string | number | boolean | readonly string[] | undefined>
export type RcBody = Record<string, unknown>

/** RongCloud answered with an error code, or with a status that is not worth another host. */
export class RongCloudError extends Error {
  constructor(
    readonly path: string,
    readonly rcCode: number | null,
    readonly httpStatus: number | null,
    detail: string,
  ) {
    super(`RongCloud ${path}: ${rcCode ?? httpStatus ?? ''} ${detail}`.trim())
    this.name = 'RongCloudError'
  }
}

/** Codes this server acts on (server API code table: https://docs.nexconn.ai/platform-chat-api/code). */
export const RC = {
  OK: 200,
  SIGNATURE: 1004,
  RATE_LIMIT: 1008,
  NOT_ENABLED: 1009,
  KEEPALIVE_NOT_FOUND: 1015,
  KEEPALIVE_LIMIT: 1016,
  CHATROOM_NOT_EXIST: 23410,
  KV_EXCEED: 23423,
  KV_NOT_OWNER: 23424,
  KV_KEY_NOT_EXIST: 23427,
} as const

/** random bytes drawn from a pool: one system call per 512 nonces, not one per request */
let pool = Buffer.alloc(0)
let poolOffset = 0
function randomHex(bytes: number): string {
  if (poolOffset + bytes > pool.length) {
    pool = randomBytes(4096)
    poolOffset = 0
  }
  poolOffset += bytes
  return pool.toString('hex', poolOffset - bytes, poolOffset)
}

export function rongCloudSignature(secret: string, nonce: string, timestamp: string): string {
  return createHash('sha1').update(secret + nonce + timestamp).digest('hex')
}

export function encodeForm(params: RcParams): string {
  const form = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue
    if (Array.isArray(value)) for (const v of value) form.append(key, v)
    else form.append(key, String(value))
  }
  return form.toString()
}

export interface RongCloudOptions {
  appKey: string
  appSecret: string
  baseUrls: string[]
  http: UpstreamHttp
  clock: Clock
  /** how long a host that failed is tried last */
  hostPenaltyMs?: number
}

export class RongCloudClient {
  private readonly downUntil: number[]

  constructor(private readonly options: RongCloudOptions) {
    this.downUntil = options.baseUrls.map(() => 0)
  }

  /** Hosts in the order to try: those not recently failed first, list order otherwise. */
  private hostOrder(): number[] {
    const now = this.options.clock.now()
    const indexes = this.options.baseUrls.map((_, i) => i)
    return [...indexes.filter((i) => this.downUntil[i] <= now), ...indexes.filter((i) => this.downUntil[i] > now)]
  }

  private signedHeaders(): Record<string, string> {
    const nonce = randomHex(8) // 16 characters: the current docs allow at most 18
    const timestamp = String(Date.now()) // milliseconds, as the docs specify
    return {
      'App-Key': this.options.appKey,
      Nonce: nonce,
      Timestamp: timestamp,
      Signature: rongCloudSignature(this.options.appSecret, nonce, timestamp),
      'Content-Type': 'application/x-www-form-urlencoded',
    }
  }

  async call(path: string, params: RcParams, trace?: Trace): Promise<RcBody> {
    const body = encodeForm(params)
    let lastError: unknown = null
    for (const i of this.hostOrder()) {
      const url = this.options.baseUrls[i] + path
      let res
      try {
        res = await this.options.http.request('POST', url, this.signedHeaders(), body, trace)
      } catch (e) {
        if (!(e instanceof UpstreamUnreachable)) throw e
        lastError = e
        this.downUntil[i] = this.options.clock.now() + (this.options.hostPenaltyMs ?? 30_000)
        continue
      }
      if (res.status >= 500) {
        lastError = new RongCloudError(path, null, res.status, 'server error')
        this.downUntil[i] = this.options.clock.now() + (this.options.hostPenaltyMs ?? 30_000)
        continue
      }
      let json: RcBody | null = null
      try {
        const parsed: unknown = JSON.parse(res.text)
        if (parsed && typeof parsed === 'object') json = parsed as RcBody
      } catch {
        json = null
      }
      const code = json && typeof json.code === 'number' ? json.code : null
      if (res.status === 200 && code === RC.OK && json) return json
      const detail = json && typeof json.errorMessage === 'string' ? json.errorMessage : res.text.slice(0, 200)
      throw new RongCloudError(path, code, res.status, detail)
    }
    throw lastError instanceof Error ? lastError : new Error(`RongCloud ${path}: no host answered`)
  }

  // ---- users ---------------------------------------------------------------------------------

  async getToken(userId: string, name: string, portraitUri: string | undefined, trace?: Trace): Promise<string> {
    const res = await this.call('/user/getToken.json', { userId, name, portraitUri }, trace)
    if (typeof res.token !== 'string' || !res.token) throw new RongCloudError('/user/getToken.json', RC.OK, 200, 'no token')
    return res.token
  }

  async refreshUser(userId: string, name: string, portraitUri: string | undefined, trace?: Trace): Promise<void> {
    await this.call('/user/refresh.json', { userId, name, portraitUri: portraitUri ?? '' }, trace)
  }

  /** The name and portrait this server registered for a user (https://docs.rongcloud.io/platform-chat-api/user/get-user-info). */
  async userInfo(userId: string, trace?: Trace): Promise<{ name: string; portraitUri: string } | null> {
    try {
      const res = await this.call('/user/info.json', { userId }, trace)
      return { name: String(res.userName ?? ''), portraitUri: String(res.userPortrait ?? '') }
    } catch (e) {
      if (e instanceof RongCloudError && e.rcCode !== null && e.httpStatus !== null && e.httpStatus < 500 && e.rcCode !== RC.RATE_LIMIT) {
        return null
      }
      throw e
    }
  }

  // ---- chatrooms -----------------------------------------------------------------------------

  /** destroyTime: minutes of inactivity before RongCloud destroys it (60-10080) */
  async createChatroom(chatroomId: string, destroyTime: number, trace?: Trace): Promise<void> {
    await this.call('/chatroom/create_new.json', { chatroomId, destroyType: 0, destroyTime }, trace)
  }

  async destroyChatroom(chatroomId: string, trace?: Trace): Promise<void> {
    await this.call('/chatroom/destroy.json', { chatroomId }, trace)
  }

  /** null when the chatroom does not exist (23410, https://docs.rongcloud.io/platform-chat-api/chatroom/get) */
  async getChatroom(chatroomId: string, trace?: Trace): Promise<{ createTime: number; memberCount: number } | null> {
    try {
      const res = await this.call('/chatroom/get.json', { chatroomId }, trace)
      return { createTime: Number(res.createTime), memberCount: Number(res.memberCount ?? 0) }
    } catch (e) {
      if (e instanceof RongCloudError && e.rcCode === RC.CHATROOM_NOT_EXIST) return null
      throw e
    }
  }

  async members(chatroomId: string, count: number, trace?: Trace): Promise<{ total: number; ids: string[] }> {
    const res = await this.call('/chatroom/user/query.json', { chatroomId, count, order: 1 }, trace)
    const users = Array.isArray(res.users) ? (res.users as { id?: unknown }[]) : []
    return { total: Number(res.total ?? users.length), ids: users.map((u) => String(u.id)) }
  }

  async isMember(chatroomId: string, userId: string, trace?: Trace): Promise<boolean> {
    const res = await this.call('/chatroom/user/exist.json', { chatroomId, userId }, trace)
    return res.isInChrm === true || res.isInChrm === 1
  }

  // ---- chatroom KV ---------------------------------------------------------------------------

  /** Set one entry without force: 'taken' when another user owns the key (23424). */
  async setEntry(chatroomId: string, userId: string, key: string, value: string, trace?: Trace): Promise<'ok' | 'taken'> {
    try {
      await this.call('/chatroom/entry/set.json', { chatroomId, userId, key, value, autoDelete: 0 }, trace)
      return 'ok'
    } catch (e) {
      if (e instanceof RongCloudError && e.rcCode === RC.KV_NOT_OWNER) return 'taken'
      throw e
    }
  }

  /** Force-set up to 20 entries, whoever owned them (https://docs.rongcloud.io/platform-chat-api/chatroom/kv-attribute/set-kv-entry-batch). */
  async forceSetEntries(chatroomId: string, ownerId: string, entries: Record<string, string>, trace?: Trace): Promise<void> {
    const keys = Object.keys(entries)
    for (let i = 0; i < keys.length; i += 20) {
      const chunk = Object.fromEntries(keys.slice(i, i + 20).map((k) => [k, entries[k]]))
      await this.call('/chatroom/entry/batch/set.json', { chatroomId, autoDelete: 0, entryOwnerId: ownerId, entryInfo: JSON.stringify(chunk) }, trace)
    }
  }

  /** Force-remove up to 20 entries, whoever owned them (https://docs.rongcloud.io/platform-chat-api/chatroom/kv-attribute/remove-kv-entry-batch). */
  async forceRemoveEntries(chatroomId: string, operatorId: string, keys: readonly string[], trace?: Trace): Promise<void> {
    for (let i = 0; i < keys.length; i += 20) {
      await this.call('/chatroom/entry/batch/remove.json', { chatroomId, entryOwnerId: operatorId, entryKeys: JSON.stringify(keys.slice(i, i + 20)) }, trace)
    }
  }

  /** Entries by key (all of them when keys is absent); an absent chatroom has none. */
  async queryEntries(chatroomId: string, keys?: readonly string[], trace?: Trace): Promise<Map<string, { value: string; owner: string }>> {
    const out = new Map<string, { value: string; owner: string }>()
    let res: RcBody
    try {
      res = await this.call('/chatroom/entry/query.json', { chatroomId, keys }, trace)
    } catch (e) {
      if (e instanceof RongCloudError && (e.rcCode === RC.CHATROOM_NOT_EXIST || e.rcCode === RC.KV_KEY_NOT_EXIST)) return out
      throw e
    }
    const list = Array.isArray(res.keys) ? (res.keys as Record<string, unknown>[]) : []
    for (const entry of list) {
      if (typeof entry.key === 'string' && typeof entry.value === 'string') {
        out.set(entry.key, { value: entry.value, owner: String(entry.userId ?? '') })
      }
    }
    return out
  }

  // ---- chat bans -----------------------------------------------------------------------------

  async gagAdd(chatroomId: string, userIds: readonly string[], minute: number, extra: string, trace?: Trace): Promise<void> {
    await this.call('/chatroom/user/gag/add.json', { chatroomId, userId: userIds, minute, extra, needNotify: true }, trace)
  }

  async gagRollback(chatroomId: string, userIds: readonly string[], extra: string, trace?: Trace): Promise<void> {
    await this.call('/chatroom/user/gag/rollback.json', { chatroomId, userId: userIds, extra, needNotify: true }, trace)
  }

  /** The users banned from speaking in a chatroom; none when it does not exist. */
  async gagList(chatroomId: string, trace?: Trace): Promise<string[]> {
    try {
      const res = await this.call('/chatroom/user/gag/list.json', { chatroomId }, trace)
      const users = Array.isArray(res.users) ? (res.users as { userId?: unknown }[]) : []
      return users.map((u) => String(u.userId)).filter((id) => id !== 'undefined')
    } catch (e) {
      if (e instanceof RongCloudError && e.rcCode === RC.CHATROOM_NOT_EXIST) return []
      throw e
    }
  }

  // ---- keepalive -----------------------------------------------------------------------------

  async keepaliveAdd(chatroomId: string, trace?: Trace): Promise<void> {
    await this.call('/chatroom/keepalive/add.json', { chatroomId }, trace)
  }

  async keepaliveRemove(chatroomId: string, trace?: Trace): Promise<void> {
    try {
      await this.call('/chatroom/keepalive/remove.json', { chatroomId }, trace)
    } catch (e) {
      if (e instanceof RongCloudError && e.rcCode === RC.KEEPALIVE_NOT_FOUND) return
      throw e
    }
  }

  async keepaliveQuery(trace?: Trace): Promise<string[]> {
    const res = await this.call('/chatroom/keepalive/query.json', {}, trace)
    return Array.isArray(res.chatroomIds) ? (res.chatroomIds as unknown[]).map(String) : []
  }
}
