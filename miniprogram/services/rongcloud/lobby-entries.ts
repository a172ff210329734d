/**
 * The lobby chatroom's KV entries: our server's signed listings (`sig-room-<id>`, one per live
 * room), fanned out by RongCloud to everyone in the lobby. Nothing here is verified (any member
 * can force-write the lobby's KV): the store opens them with core/signed-docs.ts.
 *
 * Read like a room's entries (room.ts): the SDK answers its getters from a cache that one pull
 * after joining fills (late, or never without kvStorage), so the entries are read from the server
 * just before joining (outside the chatroom the getter asks the server), and from then on the
 * SDK's `updatedEntries` keep them current; changes that arrive while the read is on its way are
 * held and applied on top of it (room-entries.ts), and the SDK's first complete pull reconciles.
 */
import { ChatroomEntryType } from '@rongcloud/imlib-next'
import type { IChatroomListenerData } from '@rongcloud/imlib-next'
import { Listeners } from '../../core/listeners'
import type { Unsubscribe } from '../types'
import type { ImLib } from './imlib'
import { RoomEntries } from './room-entries'
import { readStoredEntries } from './room-reads'

export interface LobbyEntries {
  /** Before joining the lobby chatroom: starts reading; the result settles the view (failure: empty, the pulls fill it). */
  read(): () => Promise<void>
  snapshot(): Record<string, string>
  handleChatroom(event: IChatroomListenerData): void
  on(listener: (entries: Record<string, string>) => void): Unsubscribe
  /** out of the lobby: forget them */
  clear(): void
}

export function createLobbyEntries(lib: ImLib, chatroomId: string): LobbyEntries {
  const view = new RoomEntries()
  const listeners = new Listeners<Record<string, string>>()
  /** in the lobby (a read settled), so SDK changes count */
  let following = false
  let syncedWhileReading = false
  const emit = () => listeners.emit(view.snapshot())

  async function reconcile(): Promise<void> {
    const cached = await readStoredEntries(lib, chatroomId)
    if (!cached.ok || !following || view.holding) return
    if (view.reconcile(cached.entries).length) emit()
  }

  return {
    read() {
      view.hold()
      syncedWhileReading = false
      const before = readStoredEntries(lib, chatroomId)
      return async () => {
        const read = await before
        view.settle(read.ok ? read.entries : {})
        following = true
        // the SDK's first pull completed while we were reading: a key deleted since is not in its diff
        if (syncedWhileReading) void reconcile()
      }
    },
    snapshot: () => view.snapshot(),
    handleChatroom(event) {
      let changed = false
      for (const entry of event.updatedEntries ?? []) {
        if (entry.chatroomId !== chatroomId || (!following && !view.holding)) continue
        if (view.apply(entry.key, entry.type === ChatroomEntryType.DELETE ? null : entry.value)) changed = true
      }
      if (changed) emit()
      if (event.entriesSynced === chatroomId) {
        if (view.holding) syncedWhileReading = true
        else if (following) void reconcile()
      }
    },
    on: (listener) => listeners.on(listener),
    clear() {
      following = false
      view.clear()
    },
  }
}
