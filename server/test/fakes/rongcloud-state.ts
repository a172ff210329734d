/**
 * RongCloud's state as the server API sees it, in memory, with no HTTP: users and tokens,
 * chatrooms (members, KV entries, chat bans), the keepalive list. The HTTP front
 * (rongcloud-http.ts) checks signatures and turns form requests into calls of `api()`; the
 * client-side methods (`client*`) are what a mini-program — honest or modified — can do, so a
 * later test can join this class with the client-side fake SDK (test/rongcloud/fake-sdk) and run
 * the store against the real server.
 *
 * As unkind as the real thing where the docs say so; each behaviour names its evidence.
 */

export interface FakeKvEntry {
  value: string
  /** who set it last: the KV "owner" */
  owner: string
  autoDelete: boolean
  setAt: number
}

export interface FakeChatroom {
  id: string
  createTime: number
  lastActivity: number
  /** minutes of inactivity before RongCloud destroys it */
  destroyTime: number
  /** userId → join time; members whose connection died are still here (see clientDrop) */
  members: Map<string, number>
  /** userId → when its connection died and the messages since, for members not yet evicted */
  offline: Map<string, { since: number; messages: number }>
  kv: Map<string, FakeKvEntry>
  /** userId → ban end (ms) */
  gagged: Map<string, number>
}

export type FakeRcEvent =
  | { type: 'chatroom-created'; chatroomId: string; by: 'api' | 'client' }
  | { type: 'chatroom-destroyed'; chatroomId: string; reason: 'api' | 'idle' }
  | { type: 'kv'; chatroomId: string; key: string; value: string | null; by: string }
  | { type: 'gag'; chatroomId: string; userIds: string[]; muted: boolean; notify: boolean; extra: string }
  | { type: 'member'; chatroomId: string; userId: string; joined: boolean }

/** An error the API answers with: a business code and the HTTP status it comes with. */
export class RcApiError extends Error {
  constructor(
    readonly code: number,
    readonly httpStatus = 200,
    message = `error ${code}`,
  ) {
    super(message)
  }
}

// HTTP statuses of the common codes (https://docs.nexconn.ai/platform-chat-api/code, the RC table)
const PARAM = (msg: string) => new RcApiError(1002, 400, msg)
const NOT_ENABLED = () => new RcApiError(1009, 430, 'service not enabled')
const NO_CHATROOM = () => new RcApiError(23410, 200, 'chatroom not exist')

export const KEY_PATTERN = /^[A-Za-z0-9_=+-]{1,128}$/
const MAX_KEYS = 100
const MAX_VALUE = 4096
const MAX_GAG_MINUTES = 43200
/** a member whose connection died goes at a new message after this long offline (clientDrop) */
export const OFFLINE_EVICT_MS = 30_000
/** … or sooner, at this many messages since it dropped */
export const OFFLINE_MESSAGE_LIMIT = 31

type Params = Map<string, string[]>

export class FakeRongCloud {
  readonly users = new Map<string, { name: string; portraitUri: string; tokens: string[] }>()
  readonly chatrooms = new Map<string, FakeChatroom>()
  readonly keepalive = new Set<string>()
  /** every API call, in order */
  readonly calls: { path: string; params: Params; at: number }[] = []
  /** console switches: 聊天室属性自定义设置, 聊天室保活 */
  readonly features = { kv: true, keepalive: true }
  /** "开通后可设置 5 个聊天室为保活状态" (https://docs.rongcloud.io/platform-chat-api/chatroom/keep-alive/add-to-keep-alive) */
  keepaliveLimit = 5
  /** development environment: 100 registered users, then 2007 (https://docs.rongcloud.cn/platform-chat-api/user/register) */
  userLimit = 100
  /** calls per second per API (1008 past it); null switches the limit off (the bench does) */
  rateLimitPerSecond: number | null = 100
  private readonly perSecond = new Map<string, { second: number; count: number }>()
  private readonly listeners = new Set<(e: FakeRcEvent) => void>()
  private tokenSeq = 0

  constructor(
    readonly appKey: string,
    readonly appSecret: string,
    /** the clock; tests share one with the server to expire claims without waiting */
    public now: () => number = () => Date.now(),
  ) {}

  on(listener: (e: FakeRcEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private emit(e: FakeRcEvent): void {
    for (const l of this.listeners) l(e)
  }

  calledPaths(): string[] {
    return this.calls.map((c) => c.path)
  }

  // ---- lifetime --------------------------------------------------------------------------------

  /**
   * Inactive chatrooms are destroyed: no message, join or leave for destroyTime minutes (60 by
   * default), unless kept alive (https://docs.rongcloud.io/platform-chat-api/chatroom/create,
   * keep-alive/add-to-keep-alive). Checked lazily, on every access.
   */
  sweep(): void {
    for (const id of [...this.chatrooms.keys()]) this.expire(id)
  }

  /** One chatroom's lazy expiry: destroyed when idle too long; ended bans dropped. */
  private expire(chatroomId: string): FakeChatroom | undefined {
    const room = this.chatrooms.get(chatroomId)
    if (!room) return undefined
    const now = this.now()
    if (!this.keepalive.has(room.id) && now - room.lastActivity >= room.destroyTime * 60_000) {
      this.destroy(room.id, 'idle')
      return undefined
    }
    for (const [userId, until] of room.gagged) if (until <= now) room.gagged.delete(userId)
    return room
  }

  room(chatroomId: string): FakeChatroom | undefined {
    return this.expire(chatroomId)
  }

  private requireRoom(chatroomId: string): FakeChatroom {
    const room = this.room(chatroomId)
    if (!room) throw NO_CHATROOM()
    return room
  }

  private createRoom(chatroomId: string, destroyTime: number, by: 'api' | 'client'): FakeChatroom {
    const now = this.now()
    const room: FakeChatroom = { id: chatroomId, createTime: now, lastActivity: now, destroyTime, members: new Map(), offline: new Map(), kv: new Map(), gagged: new Map() }
    this.chatrooms.set(chatroomId, room)
    this.emit({ type: 'chatroom-created', chatroomId, by })
    return room
  }

  /** Destroying removes members, KV and bans with it (https://docs.rongcloud.io/platform-chat-api/chatroom/destroy). */
  private destroy(chatroomId: string, reason: 'api' | 'idle'): void {
    if (!this.chatrooms.delete(chatroomId)) return
    this.emit({ type: 'chatroom-destroyed', chatroomId, reason })
  }

  // ---- what clients can do -----------------------------------------------------------------------

  /** joinChatRoom creates a chatroom that does not exist yet (the client SDK's join). */
  clientJoin(chatroomId: string, userId: string): void {
    const room = this.room(chatroomId) ?? this.createRoom(chatroomId, 60, 'client')
    room.offline.delete(userId)
    room.members.set(userId, this.now())
    room.lastActivity = this.now()
    this.emit({ type: 'member', chatroomId, userId, joined: true })
  }

  /**
   * A member's connection dies without leaving (app killed, network gone). RongCloud does not
   * notice at once: the member stays in the chatroom, in its member count and member list, and is
   * evicted only by messages: the first one after 30 s offline, or the 31st within them (the server
   * API's member-check page, https://docs.rongcloud.cn/platform-chat-api/chatroom/member/check-member;
   * "从用户离线开始 30 秒内，聊天室中产生第 31 条消息时，触发自动踢出。或用户已离线 30 秒后，聊天室有新消息产生时，
   * 触发自动踢出", https://docs.rongcloud.cn/android-imlib/chatroom/quit). So /chatroom/get.json's
   * memberCount runs high after people drop, for as long as the room is quiet.
   */
  clientDrop(chatroomId: string, userId: string): void {
    const room = this.room(chatroomId)
    if (room?.members.has(userId) && !room.offline.has(userId)) room.offline.set(userId, { since: this.now(), messages: 0 })
  }

  /** Leaving deletes the member's auto-delete entries (web imlib d.ts, isAutoDelete). */
  clientLeave(chatroomId: string, userId: string): void {
    const room = this.room(chatroomId)
    room?.offline.delete(userId)
    if (!room || !room.members.delete(userId)) return
    room.lastActivity = this.now()
    for (const [key, e] of [...room.kv]) {
      if (e.autoDelete && e.owner === userId) {
        room.kv.delete(key)
        this.emit({ type: 'kv', chatroomId, key, value: null, by: userId })
      }
    }
    this.emit({ type: 'member', chatroomId, userId, joined: false })
  }

  /** A chatroom message: a banned member gets 23408, a non-member 23406 (imlib ErrorCode). */
  clientSend(chatroomId: string, userId: string): void {
    const room = this.requireRoom(chatroomId)
    if (!room.members.has(userId)) throw new RcApiError(23406, 200, 'not in chatroom')
    if (room.gagged.has(userId)) throw new RcApiError(23408, 200, 'forbidden in chatroom')
    room.lastActivity = this.now()
    // messages are what evict dropped members (clientDrop)
    for (const [id, dropped] of [...room.offline]) {
      dropped.messages++
      if (this.now() - dropped.since >= OFFLINE_EVICT_MS || dropped.messages >= OFFLINE_MESSAGE_LIMIT) this.clientLeave(chatroomId, id)
    }
  }

  /**
   * setChatRoomEntry / forceSetChatRoomEntry: members only; without force an entry someone else
   * owns is refused with 23424; force overwrites anyone's ("强制修改/创建任意聊天室属性",
   * https://docs.rongcloud.cn/v4-platform/views/im/noui/guide/chatroom/manage/key/summary/web.html).
   */
  clientSetEntry(chatroomId: string, userId: string, key: string, value: string, options: { force?: boolean; autoDelete?: boolean } = {}): void {
    const room = this.requireRoom(chatroomId)
    if (!room.members.has(userId)) throw new RcApiError(23406, 200, 'not in chatroom')
    this.writeEntry(room, userId, key, value, options.force ?? false, options.autoDelete ?? false)
  }

  clientRemoveEntry(chatroomId: string, userId: string, key: string, options: { force?: boolean } = {}): void {
    const room = this.requireRoom(chatroomId)
    if (!room.members.has(userId)) throw new RcApiError(23406, 200, 'not in chatroom')
    this.removeEntry(room, userId, key, options.force ?? false)
  }

  private writeEntry(room: FakeChatroom, userId: string, key: string, value: string, force: boolean, autoDelete: boolean): void {
    if (!this.features.kv) throw NOT_ENABLED()
    // key alphabet and length, value length: engine pp L2131-2139 (34260 / 34262 on the client); server API docs
    if (!KEY_PATTERN.test(key)) throw PARAM(`bad key ${key}`)
    if (value.length < 1 || value.length > MAX_VALUE) throw PARAM('value length')
    const existing = room.kv.get(key)
    if (existing && existing.owner !== userId && !force) throw new RcApiError(23424, 200, 'entry owned by another user')
    if (!existing && room.kv.size >= MAX_KEYS) throw new RcApiError(23423, 200, 'too many keys')
    room.kv.set(key, { value, owner: userId, autoDelete, setAt: this.now() })
    this.emit({ type: 'kv', chatroomId: room.id, key, value, by: userId })
  }

  private removeEntry(room: FakeChatroom, userId: string, key: string, force: boolean): void {
    if (!this.features.kv) throw NOT_ENABLED()
    const existing = room.kv.get(key)
    if (!existing) throw new RcApiError(23427, 200, 'key not exist')
    if (existing.owner !== userId && !force) throw new RcApiError(23424, 200, 'entry owned by another user')
    room.kv.delete(key)
    this.emit({ type: 'kv', chatroomId: room.id, key, value: null, by: userId })
  }

  // ---- the server API ---------------------------------------------------------------------------

  /** The API's rate limit: 100 calls per second per API, 200 for getToken; 1008 with HTTP 429. */
  private countCall(path: string): void {
    if (this.rateLimitPerSecond === null) return
    const second = Math.floor(this.now() / 1000)
    const c = this.perSecond.get(path)
    const count = c && c.second === second ? c.count + 1 : 1
    this.perSecond.set(path, { second, count })
    const max = path === '/user/getToken.json' ? this.rateLimitPerSecond * 2 : this.rateLimitPerSecond
    if (count > max) throw new RcApiError(1008, 429, 'rate limit')
  }

  /** One server API call; answers a JSON body or throws RcApiError. */
  api(path: string, params: Params): Record<string, unknown> {
    this.calls.push({ path, params, at: this.now() })
    this.countCall(path)
    const one = (name: string, required = true): string => {
      const v = params.get(name)?.[0]
      if (v === undefined || (required && v === '')) {
        if (required) throw PARAM(`${name} required`)
        return ''
      }
      return v
    }
    const many = (name: string): string[] => params.get(name) ?? []
    const json = <T>(name: string): T => {
      try {
        return JSON.parse(one(name)) as T
      } catch {
        throw PARAM(`${name} is not JSON`)
      }
    }
    const handler = this.handlers[path]
    if (!handler) throw new RcApiError(404, 404, 'not found')
    return handler({ one, many, json })
  }

  private readonly handlers: Record<string, (p: { one: (n: string, r?: boolean) => string; many: (n: string) => string[]; json: <T>(n: string) => T }) => Record<string, unknown>> = {
    // https://docs.rongcloud.cn/platform-chat-api/user/register: userId ≤ 64 bytes, name required ≤ 64, portraitUri ≤ 1024 bytes
    '/user/getToken.json': ({ one }) => {
      const userId = one('userId')
      const name = one('name')
      const portraitUri = one('portraitUri', false)
      if (Buffer.byteLength(userId) > 64 || !/^[A-Za-z0-9_=+-]+$/.test(userId)) throw PARAM('userId')
      if (name.length > 64) throw PARAM('name too long')
      if (Buffer.byteLength(portraitUri) > 1024) throw PARAM('portraitUri too long')
      let user = this.users.get(userId)
      if (!user) {
        if (this.users.size >= this.userLimit) throw new RcApiError(2007, 403, 'test user limit')
        user = { name, portraitUri, tokens: [] }
        this.users.set(userId, user)
      }
      // a new token each time; earlier ones stay valid; name and portrait are overwritten
      user.name = name
      user.portraitUri = portraitUri
      const token = `tok${++this.tokenSeq}@${userId}`
      user.tokens.push(token)
      return { code: 200, userId, token }
    },
    '/user/refresh.json': ({ one }) => {
      const user = this.users.get(one('userId'))
      if (!user) throw PARAM('user not registered') // (code for an unknown user: unverified)
      user.name = one('name', false) || user.name
      user.portraitUri = one('portraitUri', false)
      return { code: 200 }
    },
    '/user/info.json': ({ one }) => {
      const user = this.users.get(one('userId'))
      if (!user) throw PARAM('user not registered') // (code for an unknown user: unverified)
      return { code: 200, userName: user.name, userPortrait: user.portraitUri, createTime: '2024-01-01 00:00:00' }
    },
    // https://docs.rongcloud.io/platform-chat-api/chatroom/create: destroyTime 60-10080 minutes
    '/chatroom/create_new.json': ({ one }) => {
      const chatroomId = one('chatroomId')
      const destroyTime = Number(one('destroyTime', false) || 60)
      if (Buffer.byteLength(chatroomId) > 64) throw PARAM('chatroomId too long')
      if (!(destroyTime >= 60 && destroyTime <= 10080)) throw PARAM('destroyTime')
      // an existing chatroom is left as it is (createTime included)
      if (!this.room(chatroomId)) this.createRoom(chatroomId, destroyTime, 'api')
      return { code: 200 }
    },
    '/chatroom/destroy.json': ({ many }) => {
      const ids = many('chatroomId')
      if (!ids.length) throw PARAM('chatroomId required')
      for (const id of ids) this.destroy(id, 'api')
      return { code: 200 }
    },
    // https://docs.rongcloud.io/platform-chat-api/chatroom/get: 23410 when it does not exist;
    // memberCount is everyone RongCloud holds in it, dropped members not yet evicted included (clientDrop)
    '/chatroom/get.json': ({ one }) => {
      const room = this.requireRoom(one('chatroomId'))
      return { code: 200, chatroomId: room.id, createTime: room.createTime, memberCount: room.members.size, destroyType: 0, destroyTime: room.destroyTime, ban: false }
    },
    '/chatroom/user/query.json': ({ one }) => {
      const room = this.requireRoom(one('chatroomId'))
      const count = Number(one('count'))
      if (!(count >= 1 && count <= 500)) throw PARAM('count 1-500')
      const order = one('order', false) === '2' ? -1 : 1
      const users = [...room.members].sort((a, b) => (a[1] - b[1]) * order).slice(0, count)
      return { code: 200, total: room.members.size, users: users.map(([id, t]) => ({ id, time: beijing(t) })) }
    },
    '/chatroom/user/exist.json': ({ one }) => {
      const room = this.requireRoom(one('chatroomId'))
      return { code: 200, isInChrm: room.members.has(one('userId')) }
    },
    // KV: https://docs.rongcloud.io/platform-chat-api/chatroom/kv-attribute/set-kv-entry. Whether the
    // single set refuses another owner's entry on the server API is not stated; this fake refuses
    // it like the client's non-forced set (23424), and the server also copes with a plain overwrite.
    '/chatroom/entry/set.json': ({ one }) => {
      const room = this.requireRoom(one('chatroomId'))
      this.writeEntry(room, one('userId'), one('key'), one('value'), false, one('autoDelete', false) === '1')
      return { code: 200 }
    },
    // batch: ≤ 20 entries, force-overwrites owner and value (.../set-kv-entry-batch)
    '/chatroom/entry/batch/set.json': ({ one, json }) => {
      const room = this.requireRoom(one('chatroomId'))
      const owner = one('entryOwnerId')
      const info = json<Record<string, unknown>>('entryInfo')
      const entries = Object.entries(info ?? {})
      if (!entries.length || entries.length > 20) throw PARAM('entryInfo 1-20 entries')
      for (const [key, value] of entries) {
        if (typeof value !== 'string') throw PARAM('value must be a string')
        this.writeEntry(room, owner, key, value, true, one('autoDelete', false) === '1')
      }
      return { code: 200 }
    },
    '/chatroom/entry/remove.json': ({ one }) => {
      const room = this.requireRoom(one('chatroomId'))
      this.removeEntry(room, one('userId'), one('key'), false)
      return { code: 200 }
    },
    // batch remove: ≤ 20 keys, forced, the owner id is required but not checked (.../remove-kv-entry-batch)
    '/chatroom/entry/batch/remove.json': ({ one, json }) => {
      const room = this.requireRoom(one('chatroomId'))
      one('entryOwnerId')
      const keys = json<unknown[]>('entryKeys')
      if (!Array.isArray(keys) || !keys.length || keys.length > 20) throw PARAM('entryKeys 1-20 keys')
      for (const key of keys) if (room.kv.has(String(key))) this.removeEntry(room, 'server', String(key), true)
      return { code: 200 }
    },
    // query: ≤ 100 keys, all when absent (https://docs.rongcloud.cn/platform-chat-api/chatroom/kv-attribute/query-kv-entry)
    '/chatroom/entry/query.json': ({ one, many }) => {
      if (!this.features.kv) throw NOT_ENABLED()
      const room = this.requireRoom(one('chatroomId'))
      const keys = many('keys')
      if (keys.length > 100) throw PARAM('at most 100 keys')
      const picked = keys.length ? keys.filter((k) => room.kv.has(k)) : [...room.kv.keys()]
      return {
        code: 200,
        keys: picked.map((key) => {
          const e = room.kv.get(key)!
          return { key, value: e.value, userId: e.owner, autoDelete: e.autoDelete ? '1' : '0', lastSetTime: String(e.setAt) }
        }),
      }
    },
    // gag: ≤ 20 users per call, minute 1-43200, persists after leaving (.../mute/gag-user)
    '/chatroom/user/gag/add.json': ({ one, many }) => {
      const room = this.requireRoom(one('chatroomId'))
      const userIds = many('userId')
      const minute = Number(one('minute'))
      if (!userIds.length || userIds.length > 20) throw PARAM('userId 1-20')
      if (!(Number.isInteger(minute) && minute >= 1 && minute <= MAX_GAG_MINUTES)) throw PARAM('minute 1-43200')
      for (const id of userIds) room.gagged.set(id, this.now() + minute * 60_000)
      this.emit({ type: 'gag', chatroomId: room.id, userIds, muted: true, notify: one('needNotify', false) === 'true', extra: one('extra', false) })
      return { code: 200 }
    },
    '/chatroom/user/gag/rollback.json': ({ one, many }) => {
      const room = this.requireRoom(one('chatroomId'))
      const userIds = many('userId')
      if (!userIds.length || userIds.length > 20) throw PARAM('userId 1-20')
      for (const id of userIds) room.gagged.delete(id)
      this.emit({ type: 'gag', chatroomId: room.id, userIds, muted: false, notify: one('needNotify', false) === 'true', extra: one('extra', false) })
      return { code: 200 }
    },
    // list: the unmute time as Beijing time "YYYY-MM-DD HH:MM:SS" (.../mute/query-gagged-user)
    '/chatroom/user/gag/list.json': ({ one }) => {
      const room = this.requireRoom(one('chatroomId'))
      return { code: 200, users: [...room.gagged].map(([userId, until]) => ({ time: beijing(until), userId })) }
    },
    // keepalive: must be switched on (1009), 5 slots (1016), removing an absent id: 1015
    '/chatroom/keepalive/add.json': ({ one }) => {
      if (!this.features.keepalive) throw NOT_ENABLED()
      const chatroomId = one('chatroomId')
      if (!this.keepalive.has(chatroomId) && this.keepalive.size >= this.keepaliveLimit) throw new RcApiError(1016, 403, 'keepalive limit')
      this.keepalive.add(chatroomId)
      return { code: 200 }
    },
    '/chatroom/keepalive/remove.json': ({ one }) => {
      if (!this.features.keepalive) throw NOT_ENABLED()
      if (!this.keepalive.delete(one('chatroomId'))) throw new RcApiError(1015, 200, 'not kept alive')
      return { code: 200 }
    },
    '/chatroom/keepalive/query.json': () => {
      if (!this.features.keepalive) throw NOT_ENABLED()
      return { code: 200, chatroomIds: [...this.keepalive] }
    },
  }
}

function beijing(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')
}
