/**
 * The demo network's server, assembled: the shared core (server.ts), chatrooms, private chat and
 * RTC rooms, tied together by the connection lifecycle: sign-in (a second sign-in kicks the
 * first), sign-out, drop / restore (the SDK re-enters its chatroom by itself), kick, and the
 * optional eviction of a client dropped for too long.
 */
import { AppError, toAppError, type ErrorCode } from '../../core/errors'
import type { Profile } from '../../core/types'
import { Chatrooms, LOBBY_CHATROOM } from './chatrooms'
import type { DemoClient } from './client'
import { PrivateChat } from './private-chat'
import { RoomDirectory } from './room-directory'
import { RtcRooms } from './rtc-rooms'
import { Server, type Account } from './server'

export class Hub {
  readonly server: Server
  readonly chatrooms: Chatrooms
  readonly privateChat: PrivateChat
  readonly rtc: RtcRooms
  readonly directory: RoomDirectory
  /** userId → cancels the pending server-side eviction of a dropped client */
  private readonly evictions = new Map<string, () => void>()
  /** userId → why the server refuses its sign-in (bad token, service not enabled, ...) */
  readonly connectErrors = new Map<string, ErrorCode>()
  /** userIds whose RTC presence the server removed while they were dropped */
  private readonly rtcEvicted = new Set<string>()

  /**
   * `offlineTimeoutMs`: after this long without a connection the server notices a dropped client
   * and removes it from its chatroom and RTC room (RongCloud: about 30 s). null: never, so
   * drop/restore keeps everything, which is what most tests want.
   */
  constructor(
    latencyMs: number,
    now: () => number = () => Date.now(),
    readonly offlineTimeoutMs: number | null = null,
  ) {
    this.server = new Server(latencyMs, now)
    this.chatrooms = new Chatrooms(this.server)
    this.privateChat = new PrivateChat(this.server)
    this.rtc = new RtcRooms(this.server)
    this.directory = new RoomDirectory(this.server, this.chatrooms)
  }

  get scheduler() {
    return this.server.scheduler
  }

  get listeners() {
    return this.server.listeners
  }

  get latencyMs(): number {
    return this.server.latencyMs
  }

  set latencyMs(ms: number) {
    this.server.latencyMs = ms
  }

  get now(): () => number {
    return this.server.now
  }

  request<T>(client: DemoClient, handle: (account: Account) => T): Promise<T> {
    return this.server.request(client, (account) => {
      try {
        return handle(account)
      } finally {
        // any request may have opened or closed a room (claim written, host left)
        this.directory.refresh()
      }
    })
  }

  /** Server side of a successful connect: a second sign-in of the same account kicks the first. */
  signIn(client: DemoClient, profile: Profile): void {
    const account = this.server.ensureAccount(profile)
    const previous = account.client
    if (previous && previous !== client) this.kick(profile.id)
    account.profile = profile
    account.client = client
    account.missedPrivate = []
  }

  /** The client signs out: the server removes it from everything. */
  signOut(client: DemoClient): void {
    const account = this.server.account(client.userId)
    if (!account || account.client !== client) return
    this.cancelEviction(client.userId)
    this.chatrooms.leave(account)
    this.rtc.leave(account)
    account.client = null
    account.missedPrivate = []
    this.directory.refresh()
  }

  drop(userId: string): void {
    const account = this.server.account(userId)
    const client = account?.client
    if (!account || !client || client.state !== 'connected') return
    client.rememberedChatroom = account.chatroom
    if (this.offlineTimeoutMs !== null) {
      const cancel = this.scheduler.after(this.offlineTimeoutMs, () => this.evict(userId, client))
      this.evictions.set(userId, cancel)
    }
    client.setState('reconnecting')
  }

  restore(userId: string): void {
    const account = this.server.account(userId)
    const client = account?.client
    if (!account || !client || client.state !== 'reconnecting') return
    const lostRtc = this.rtcEvicted.has(userId)
    this.cancelEviction(userId)
    client.setState('connected')
    // the plugin tries to re-enter its RTC room; its publications are gone, so the app must redo them
    if (lostRtc) this.server.push(userId, (c) => c.rtc.emit({ type: 'kicked', error: new AppError('NETWORK', '音视频连接已断开') }))
    const missed = account.missedPrivate
    account.missedPrivate = []
    for (const event of missed) this.server.push(userId, (c) => c.privateMessages.emit(event))
    const chatroom = client.rememberedChatroom
    client.rememberedChatroom = null
    // the SDK re-joins the chatroom it was in on its own: one more round trip
    if (chatroom) this.scheduler.after(this.latencyMs, () => this.rejoin(client, chatroom))
  }

  private rejoin(client: DemoClient, chatroomId: string): void {
    const account = this.server.liveAccount(client)
    if (!account) return
    if (chatroomId === LOBBY_CHATROOM) {
      this.chatrooms.enter(account, LOBBY_CHATROOM, 'lobby')
      client.lobby.emit(this.chatrooms.lobbySnapshot(account.profile.id))
      return
    }
    try {
      const room = this.chatrooms.get(chatroomId)
      if (!room || room.roomId === null) throw new AppError('ROOM_NOT_FOUND')
      this.chatrooms.enter(account, chatroomId, 'existing')
      client.room.emit({ type: 'rejoined', snapshot: this.chatrooms.snapshot(room) })
    } catch (error) {
      client.room.emit({ type: 'lost', error: toAppError(error) })
    }
  }

  kick(userId: string): void {
    const account = this.server.account(userId)
    const client = account?.client
    if (!account || !client) return
    this.cancelEviction(userId)
    this.chatrooms.leave(account)
    const hadRtc = account.rtc !== null
    this.rtc.leave(account)
    account.client = null
    account.missedPrivate = []
    client.rememberedChatroom = null
    this.directory.refresh()
    client.setState('kicked', new AppError('KICKED'))
    if (hadRtc) client.rtc.emit({ type: 'kicked', error: new AppError('KICKED') })
  }

  private cancelEviction(userId: string): void {
    this.evictions.get(userId)?.()
    this.evictions.delete(userId)
    this.rtcEvicted.delete(userId)
  }

  /** The server gives up on a dropped client: as if it left, but the client does not know yet. */
  private evict(userId: string, client: DemoClient): void {
    this.evictions.delete(userId)
    const account = this.server.account(userId)
    if (!account || account.client !== client || client.state !== 'reconnecting') return
    this.chatrooms.leave(account)
    if (account.rtc) {
      this.rtc.leave(account)
      this.rtcEvicted.add(userId)
    }
    this.directory.refresh()
  }

  close(): void {
    this.scheduler.clear()
  }
}
