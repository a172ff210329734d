/**
 * One RongCloud for both sides: the client fake (FakeImLib on a FakeRongCloudServer) and the
 * server API fake our server talks to over HTTP (server/test/fakes/rongcloud-state.ts
 * FakeRongCloud). RongCloud has one state per app; so here, and the shared fake holds it:
 *
 * - chatrooms: their existence, createTime and activity, members, KV entries and chat bans
 *   (gag) are the shared fake's, the very Maps: a client's join, KV write or forced write is what
 *   the server's `/chatroom/get.json`, `/chatroom/entry/query.json` and `/chatroom/user/query.json`
 *   see, and a gag the server adds is what refuses a client's send (23408);
 * - clients join through FakeRongCloud.clientJoin / leave through clientLeave (its own rules:
 *   joining creates the chatroom, leaving drops the member's auto-delete entries); an empty
 *   chatroom is not destroyed at once (that rule of the client fake is unverified), only by the
 *   shared fake's lifetime (destroyTime, keepalive) or the server API's destroy;
 * - the server API's changes reach clients as RongCloud delivers them: a KV change as a KV
 *   notification (the SDK then pulls), a destroy as `chatroomDestroyed`;
 * - tokens are those `/user/getToken.json` issued to our server's logins; one clock, the shared
 *   fake's.
 * What only a client's SDK sees stays client-side: chatroom history, offline marks, the RTC
 * binding, each SDK's KV cache. Not bridged: private chat, kicks, the SDK's own idle timers.
 * Entries a client writes carry no `setAt` (RongCloud's lastSetTime); our server never reads it.
 */
import type { FakeChatroom, KvEntry } from './fake-server'
import { FakeRongCloudServer } from './fake-server'

/** The parts of server/test/fakes FakeRongCloud the bridge uses (it type-checks under the server's own tsconfig). */
export interface SharedChatroom {
  id: string
  createTime: number
  lastActivity: number
  members: Map<string, number>
  kv: Map<string, KvEntry>
  gagged: Map<string, number>
}

export interface SharedRongCloud {
  now(): number
  readonly users: Map<string, { tokens: string[] }>
  /** the chatroom, after the fake's lazy expiry (idle ones are destroyed on access) */
  room(chatroomId: string): SharedChatroom | undefined
  clientJoin(chatroomId: string, userId: string): void
  clientLeave(chatroomId: string, userId: string): void
  on(listener: (event: { type: string; chatroomId?: string }) => void): () => void
}

/** A ban's `has` that reads the shared gag list (what FakeImLib.sendMessage checks: 23408). */
class GagList extends Set<string> {
  constructor(private readonly gagged: () => Map<string, number> | undefined) {
    super()
  }

  override has(userId: string): boolean {
    return this.gagged()?.has(userId) ?? false
  }
}

export class BridgedRongCloudServer extends FakeRongCloudServer {
  private readonly off: () => void

  constructor(private readonly shared: SharedRongCloud) {
    super()
    this.off = shared.on((event) => {
      if (!event.chatroomId) return
      // the server API wrote or removed an entry: members are notified and pull (fake-kv.ts)
      if (event.type === 'kv' && this.shared.room(event.chatroomId)) this.notifyKv(this.view(event.chatroomId))
      // destroyed by the server API (a room ended) or by RongCloud itself (idle): members are told
      if (event.type === 'chatroom-destroyed') this.destroyRoom(event.chatroomId)
    })
  }

  override now(): number {
    return this.shared.now()
  }

  override userOf(token: string): string | undefined {
    for (const [userId, user] of this.shared.users) if (user.tokens.includes(token)) return userId
    return undefined
  }

  override room(id: string): FakeChatroom | undefined {
    return this.shared.room(id) ? this.view(id) : undefined
  }

  /** A client's join creates the chatroom through the shared fake (addMember); until then the view is empty. */
  override createRoom(id: string): FakeChatroom {
    return this.view(id)
  }

  override touch(room: FakeChatroom): void {
    room.lastActivity = this.now()
  }

  override addMember(room: FakeChatroom, userId: string): boolean {
    const isNew = !room.members.has(userId)
    this.shared.clientJoin(room.id, userId)
    room.offline.delete(userId)
    return isNew
  }

  override removeMember(chatroomId: string, userId: string): void {
    const view = this.chatrooms.get(chatroomId)
    view?.offline.delete(userId)
    if (!this.shared.room(chatroomId)?.members.has(userId)) return
    // its auto-delete entries go with it; the shared fake reports them ('kv'), and members pull
    this.shared.clientLeave(chatroomId, userId)
    if (view) this.notifyMembers(view, userId, 0)
  }

  override entriesOf(chatroomId: string): Record<string, string> | undefined {
    const room = this.shared.room(chatroomId)
    if (!room) return undefined
    const out: Record<string, string> = {}
    room.kv.forEach((entry, key) => (out[key] = entry.value))
    return out
  }

  override dispose(): void {
    this.off()
    super.dispose()
  }

  /** The client fake's chatroom: the shared state where RongCloud keeps it, client-only state here. */
  private view(id: string): FakeChatroom {
    const existing = this.chatrooms.get(id)
    if (existing) return existing
    const shared = () => this.shared.room(id)
    const view: FakeChatroom = {
      id,
      get createTime() {
        return shared()?.createTime ?? 0
      },
      get members() {
        return shared()?.members ?? new Map<string, number>()
      },
      get kv() {
        return shared()?.kv ?? new Map<string, KvEntry>()
      },
      get lastActivity() {
        return shared()?.lastActivity ?? 0
      },
      set lastActivity(at: number) {
        const room = shared()
        if (room) room.lastActivity = at
      },
      banned: new GagList(() => shared()?.gagged),
      history: [],
      offline: new Map(),
      rtcRoomId: null,
    }
    this.chatrooms.set(id, view)
    return view
  }
}
