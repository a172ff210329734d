/**
 * The live rooms the lobby lists. RongCloud gives clients no list of chatrooms; with our server
 * the app would read its signed listings. The demo network plays that server's part: every room
 * chatroom whose host entry holds a valid claim (core/room-protocol.ts listingOf), newest first, with
 * how many people watch (the chatroom's members but the host, as a server could read them from
 * RongCloud's chatroom API). When the list changes, everyone in the lobby gets it pushed
 * (latencyMs/2, like other pushes).
 */
import { listingOf } from '../../core/room-protocol'
import type { RoomListing } from '../../core/types'
import { ROOM_KEYS } from '../../core/wire'
import { LOBBY_CHATROOM, roomChatroomId, type Chatrooms } from './chatrooms'
import type { Server } from './server'

export class RoomDirectory {
  /** what the lobby was last told, as a cheap fingerprint: room numbers, claims and audiences */
  private told = ''

  constructor(
    private readonly server: Server,
    private readonly chatrooms: Chatrooms,
  ) {}

  list(): RoomListing[] {
    const listings: RoomListing[] = []
    for (const [roomId, claim, memberIds] of this.claims()) {
      const listing = listingOf(roomId, { [ROOM_KEYS.host]: claim })
      if (listing) listings.push({ ...listing, viewers: memberIds.filter((id) => id !== listing.host.id).length })
    }
    return listings.sort((a, b) => b.since - a.since)
  }

  /** After anything that may have opened or closed a room: tells the lobby when the list changed. */
  refresh(): void {
    const fingerprint = this.claims()
      .map(([roomId, claim, memberIds]) => `${roomId}\n${claim}\n${memberIds.length}`)
      .join('\n\n')
    if (fingerprint === this.told) return
    this.told = fingerprint
    const lobby = this.chatrooms.get(LOBBY_CHATROOM)
    if (!lobby) return
    const rooms = this.list()
    for (const userId of lobby.members.keys()) {
      this.server.push(userId, (client) => client.rooms.emit(rooms), (account) => account.chatroom === LOBBY_CHATROOM)
    }
  }

  /** [room number, host entry, members] of every room chatroom that has a host entry, in creation order */
  private claims(): [string, string, string[]][] {
    const claims: [string, string, string[]][] = []
    for (const { roomId, memberIds } of this.chatrooms.directory()) {
      const claim = this.chatrooms.get(roomChatroomId(roomId))?.entries.get(ROOM_KEYS.host)?.value
      if (claim !== undefined) claims.push([roomId, claim, memberIds])
    }
    return claims
  }
}
