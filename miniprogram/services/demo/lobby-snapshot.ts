/** What a client in the lobby is told: how many are there, and the most recent others. */
import type { Profile } from '../../core/types'
import type { LobbySnapshot } from '../types'
import type { Chatroom } from './chatrooms'
import type { Server } from './server'

/** Lobby snapshots list at most 20 others: getChatRoomInfo "传值范围：0-20" (imlib-next index.d.ts L4915). */
export const LOBBY_LIST_CAP = 20

export function lobbySnapshotOf(lobby: Chatroom | undefined, server: Server, userId: string): LobbySnapshot {
  if (!lobby) return { onlineCount: 0, users: [] }
  const users = Array.from(lobby.members)
    .filter(([id]) => id !== userId)
    .sort((a, b) => b[1] - a[1])
    .slice(0, LOBBY_LIST_CAP)
    .map(([id]) => server.account(id)?.profile)
    .filter((p): p is Profile => p !== undefined)
  return { onlineCount: lobby.members.size, users }
}
