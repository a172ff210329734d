/**
 * The chatroom ids and chatroom KV keys this server writes. The mini-program reads the same keys;
 * keep both sides in step (server/README.md, "For the mini-program").
 *
 * RongCloud limits (https://docs.rongcloud.io/platform-chat-api/chatroom/kv-attribute/set-kv-entry):
 * keys of [A-Za-z0-9_=+-], at most 128 characters, case-sensitive; values at most 4096 characters;
 * at most 100 keys per chatroom.
 */

/** the lobby: one well-known chatroom everybody online sits in (miniprogram/services/rongcloud/lobby.ts) */
export const LOBBY_CHATROOM_ID = 'lobby'

/** a live room's chatroom (miniprogram/services/rongcloud/room.ts, chatroomIdOf) */
export function roomChatroomId(roomId: string): string {
  return `room-${roomId}`
}

/** Keys in a room's chatroom. Every value is a signed document (src/documents.ts). */
export const ROOM_KEYS = {
  /** host claim: { v, kind: 'host', roomId, host, since, exp, title? } */
  hostClaim: 'sig-host',
  /** mute list: { v, kind: 'mutes', roomId, since, muted, at } */
  muteList: 'sig-mutes',
  /** guest list: { v, kind: 'guests', roomId, since, guests, at } */
  guestList: 'sig-guests',
} as const

/** Keys in the lobby chatroom: one listing per live room, `sig-room-<roomId>`. */
export const LISTING_KEY_PREFIX = 'sig-room-'

export function listingKey(roomId: string): string {
  return `${LISTING_KEY_PREFIX}${roomId}`
}

/** the room number of a listing key, or null for any other key */
export function roomIdOfListingKey(key: string): string | null {
  if (!key.startsWith(LISTING_KEY_PREFIX)) return null
  const roomId = key.slice(LISTING_KEY_PREFIX.length)
  return ROOM_NUMBER.test(roomId) ? roomId : null
}

export const ROOM_NUMBER = /^[1-9]\d{5}$/
export const KV_KEY = /^[A-Za-z0-9_=+-]{1,128}$/
export const MAX_KV_VALUE_CHARS = 4096
export const MAX_KV_KEYS = 100

/**
 * The operator id for the server's own KV removals in the lobby. No client can hold it: every
 * user id this server issues starts with "u" (src/crypto/user-id.ts).
 */
export const SERVER_OPERATOR_ID = 'sys-live-rooms'
