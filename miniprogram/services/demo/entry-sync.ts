/**
 * Room entries as a client sees them: not the server's table, but the SDK's local cache of it,
 * which only a pull after a KV notification fills. Evidence, in @rongcloud/engine 5.38.0
 * (dist index.cjs.js pretty-printed with `npx prettier@3.10.1`):
 * - while in a chatroom, getAllChatRoomEntries reads the local cache only (pp L31286-31298, the
 *   cache's getAllEntries pp L30708-30718);
 * - the cache is filled by a pull (pullKV) the SDK runs after joining and after every KV
 *   notification (handleKVNotify pp L30959-30965, startInterval(18e4) pp L30919-30931), and only
 *   when the navigation data has kvStorage on (pp L31036-31042); a failed pull is retried by the
 *   180 s interval; the pull reports changes as updatedEntries (pp L30446-30505);
 * - after the SDK re-joins on its own (rejoinedRoom) the cache is kept and a pull restarted
 *   (restartInterval pp L31573-31580): the rejoined room starts from what was known before the
 *   drop, and what changed meanwhile arrives one pull later.
 * So another member's write reaches a client as an 'entry' event after the notification
 * (latencyMs/2) and one pull (entryPullMs); the writer's own write fills its cache at once
 * (setEntry pp L30514-30538).
 */
import type { RoomEvent } from '../types'
import type { Chatroom } from './chatrooms'
import type { DemoClient } from './client'
import type { Account, Server } from './server'

/** How long the RongCloud service's join waits for the first pull before reading the cache anyway. */
export const ENTRIES_SYNC_WAIT_MS = 2000

export function entriesOf(room: Chatroom): Record<string, string> {
  const entries: Record<string, string> = {}
  for (const [key, entry] of room.entries) entries[key] = entry.value
  return entries
}

export class EntrySync {
  constructor(private readonly server: Server) {}

  /** A change of `key` in `room`: to the writer at once, to the others after their pull. */
  announce(room: Chatroom, key: string, value: string | null, writerId: string | null): void {
    for (const userId of room.members.keys()) {
      const delay = userId === writerId ? undefined : this.server.latencyMs / 2 + this.server.entryPullMs
      this.server.push(userId, (client) => this.deliver(client, { type: 'entry', key, value }), (a) => a.chatroom === room.id, delay)
    }
  }

  /**
   * The lobby's entries changed (our server's listings, `sig-room-<id>`): everyone in the lobby
   * gets them all after the KV notification and their pull, as a room's members get theirs.
   */
  announceLobby(lobby: Chatroom): void {
    for (const userId of lobby.members.keys()) {
      const stillThere = (a: Account) => a.chatroom === lobby.id
      this.server.push(userId, (client) => client.lobbyEntries.emit(entriesOf(lobby)), stillThere, this.server.latencyMs / 2 + this.server.entryPullMs)
    }
  }

  /**
   * The entries a join hands back: the server's, if the first pull answers within the service's
   * wait; otherwise null (none yet: the snapshot says entriesPending), and the pull delivers them
   * as 'entry' events when it lands.
   */
  joinEntries(account: Account, room: Chatroom): Record<string, string> | null {
    if (this.server.entryPullMs <= ENTRIES_SYNC_WAIT_MS) return entriesOf(room)
    const client = account.client
    if (client) {
      client.entryCache.clear()
      this.pullLater(account, client, room)
    }
    return null
  }

  /** The SDK pulls after (re-)entering: every difference between its cache and the server's table. */
  pullLater(account: Account, client: DemoClient, room: Chatroom): void {
    this.server.scheduler.after(this.server.entryPullMs, () => {
      if (account.client !== client || client.state !== 'connected' || account.chatroom !== room.id) return
      const now = entriesOf(room)
      for (const [key, value] of Array.from(client.entryCache)) {
        if (!(key in now)) this.deliver(client, { type: 'entry', key, value: null })
        else if (now[key] !== value) this.deliver(client, { type: 'entry', key, value: now[key] })
      }
      for (const [key, value] of Object.entries(now)) {
        if (!client.entryCache.has(key)) this.deliver(client, { type: 'entry', key, value })
      }
    })
  }

  /** What the client's cache holds (for the 'rejoined' snapshot). */
  cached(client: DemoClient): Record<string, string> {
    return Object.fromEntries(client.entryCache)
  }

  private deliver(client: DemoClient, event: Extract<RoomEvent, { type: 'entry' }>): void {
    if (event.value === null) client.entryCache.delete(event.key)
    else client.entryCache.set(event.key, event.value)
    client.room.emit(event)
  }
}
