/**
 * The demo network's server, assembled: the shared core (server.ts), chatrooms, private chat and
 * RTC rooms, tied together by the connection lifecycle: sign-in (a second sign-in kicks the
 * first), sign-out, drop / restore (the SDK re-enters its chatroom by itself), kick, and what
 * the servers do about a device that went away without a word: the chatroom drops it only on a
 * message after offlineTimeoutMs (chatroom-lifetime.ts), the RTC room when its pings have been
 * missing for offlineTimeoutMs (rtc-rooms.ts).
 */
import { AppError, toAppError, type ErrorCode } from '../../core/errors'
import type { Profile } from '../../core/types'
import { DemoAvatars } from './backend-avatars'
import { DemoBackendServer } from './backend-server'
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
  /** our server's part (backend-server.ts): signed room documents */
  readonly backend: DemoBackendServer
  /** our server's avatar uploads and their check (backend-avatars.ts) */
  readonly avatars: DemoAvatars
  /** device → cancels the pending RTC keepalive timeout of a device that went away */
  private readonly evictions = new Map<DemoClient, () => void>()
  /** userId → why the server refuses its sign-in (bad token, service not enabled, ...) */
  readonly connectErrors = new Map<string, ErrorCode>()
  /** devices whose RTC presence the server removed while they were dropped */
  private readonly rtcEvicted = new Set<DemoClient>()

  constructor(latencyMs: number, now: () => number = () => Date.now()) {
    this.server = new Server(latencyMs, now)
    this.rtc = new RtcRooms(this.server)
    // an idle room chatroom destroyed by the server's housekeeping leaves the list without a request
    this.chatrooms = new Chatrooms(this.server, (roomId) => this.rtc.alive(roomId), () => this.directory.refresh())
    this.privateChat = new PrivateChat(this.server)
    this.directory = new RoomDirectory(this.server, this.chatrooms)
    this.backend = new DemoBackendServer(this.server, this.chatrooms)
    this.avatars = new DemoAvatars(this.server.clock)
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
    this.cancelEviction(client)
    this.chatrooms.leave(account)
    this.rtc.leave(account)
    account.client = null
    account.offline = null
    account.missedPrivate = []
    forgetRooms(client)
    this.directory.refresh()
  }

  /**
   * The connection is lost; the SDK keeps its chatroom and re-joins it on restore. A leave asked
   * for meanwhile fails NOT_CONNECTED and changes nothing: quitChatRoom checks the connection
   * before it forgets the chatroom (@rongcloud/engine dist index.cjs.js, `npx prettier@3.10.1`,
   * validateConnected pp L36607-36616 ahead of the local delete pp L31137-31141).
   */
  drop(userId: string): void {
    const account = this.server.account(userId)
    const client = account?.client
    if (!account || !client || client.state !== 'connected') return
    client.rememberedChatroom = account.chatroom
    account.offline = { since: this.server.clock(), messages: 0 }
    this.rtcTimeout(client)
    client.setState('reconnecting')
  }

  /** The RTC server removes a device whose pings stopped, offlineTimeoutMs later (rtc-rooms.ts). */
  private rtcTimeout(client: DemoClient): void {
    const timeout = this.server.offlineTimeoutMs
    if (!Number.isFinite(timeout) || this.evictions.has(client)) return
    const cancel = this.server.housekeeping.after(timeout, () => this.evictRtc(client))
    this.evictions.set(client, cancel)
  }

  /**
   * A leave the plugin could not send (no connection): it forgets the room and stops pinging, so
   * the RTC server lets the presence go offlineTimeoutMs later, whatever the connection does.
   */
  abandonRtc(client: DemoClient): void {
    const timeout = this.server.offlineTimeoutMs
    if (!Number.isFinite(timeout)) return
    this.server.housekeeping.after(timeout, () => {
      const account = this.server.account(client.userId)
      if (account?.rtc?.client === client && client.rtcJoin === 'none') this.rtc.leave(account)
    })
  }

  restore(userId: string): void {
    const account = this.server.account(userId)
    const client = account?.client
    if (!account || !client || client.state !== 'reconnecting') return
    const lostRtc = this.rtcEvicted.has(client)
    this.cancelEviction(client)
    account.offline = null
    client.setState('connected')
    // the plugin tries to re-enter its RTC room; its publications are gone, so the app must redo them
    if (lostRtc) {
      client.rtcJoin = 'none'
      this.server.push(userId, (c) => c.rtc.emit({ type: 'kicked', error: new AppError('NETWORK', '音视频连接已断开') }))
    }
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
      // the service learns from 'rejoined' that it is in this room again, also one it was asked to
      // leave while offline: its room calls name it from now on, a leave included
      client.roomChatroom = chatroomId
      // the snapshot holds what the SDK's cache held before the drop; the pull brings the rest
      client.room.emit({ type: 'rejoined', snapshot: this.chatrooms.snapshot(room, this.chatrooms.entrySync.cached(client)) })
      this.chatrooms.entrySync.pullLater(account, client, room)
    } catch (error) {
      forgetRooms(client)
      client.room.emit({ type: 'lost', error: toAppError(error) })
    }
  }

  /**
   * Signed in elsewhere: out of the chatroom at once. Its RTC presence stays until the RTC server
   * misses its pings (rtc-rooms.ts): the new device is refused from that room meanwhile.
   */
  kick(userId: string): void {
    const account = this.server.account(userId)
    const client = account?.client
    if (!account || !client) return
    this.chatrooms.leave(account)
    const hadRtc = account.rtc !== null && account.rtc.client === client
    if (hadRtc) this.rtcTimeout(client)
    else this.cancelEviction(client)
    account.client = null
    account.offline = null
    account.missedPrivate = []
    forgetRooms(client)
    this.directory.refresh()
    client.setState('kicked', new AppError('KICKED'))
    if (hadRtc) {
      client.rtcJoin = 'none'
      client.rtc.emit({ type: 'kicked', error: new AppError('KICKED') })
    }
  }

  private cancelEviction(client: DemoClient): void {
    this.evictions.get(client)?.()
    this.evictions.delete(client)
    this.rtcEvicted.delete(client)
  }

  /** The RTC server gives up on a silent device: its stream and seat go; it does not know yet. */
  private evictRtc(client: DemoClient): void {
    this.evictions.delete(client)
    const account = this.server.account(client.userId)
    if (!account || account.rtc?.client !== client) return
    this.rtc.leave(account)
    if (account.client === client) this.rtcEvicted.add(client)
  }

  close(): void {
    this.scheduler.clear()
    this.server.housekeeping.clear()
  }
}

/** The client's SDK is in no chatroom any more (signed out, kicked, or its room is gone). */
function forgetRooms(client: DemoClient): void {
  client.rememberedChatroom = null
  client.roomChatroom = null
  client.entryCache.clear()
}
