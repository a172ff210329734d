/** Page routes and the moves between them. */

export const LOBBY_PATH = '/pages/lobby/lobby'

export function roomPath(roomId: string): string {
  return `/pages/room/room?roomId=${encodeURIComponent(roomId)}`
}

export function chatPath(peerId: string): string {
  return `/pages/chat/chat?peerId=${encodeURIComponent(peerId)}`
}

/**
 * Back to the lobby. A person who arrived by a share card has a page stack of one (the room):
 * there is nothing to go back to, so the lobby is opened in place of the room.
 */
export function backToLobby(): void {
  if (getCurrentPages().length <= 1) wx.reLaunch({ url: LOBBY_PATH })
  else wx.navigateBack({ delta: 1 })
}


/** The host's camera before going live: title, flip, beauty (nothing is created until 开始直播). */
export const PREVIEW_PATH = '/pages/preview/preview'
