/** A person as the app shows them. `id` is the signalling user id. */
export interface Profile {
  id: string
  name: string
  avatar?: string
}

/** One chat line, public or private. Ids are unique; a message delivered twice shows once. */
export interface ChatMessage {
  id: string
  from: Profile
  text: string
  /** ms since epoch, as stamped by the sender's service */
  sentAt: number
  kind: 'text' | 'system'
  /**
   * extra: 'blocked' — my own message that content safety refused after it was sent (RongCloud's
   * message callback, or the demo's word list): it reached nobody, and only my phone shows it,
   * marked 「内容违规，未发送」. Absent for every delivered message.
   */
  status?: 'blocked'
}

/** A private conversation as the lobby lists it. */
export interface Conversation {
  peer: Profile
  last?: ChatMessage
  unread: number
}

/** A room live now, as the lobby lists it. */
export interface RoomListing {
  /** the 6-digit room number */
  roomId: string
  host: Profile
  title?: string
  /** when the host opened it, ms since epoch */
  since: number
  /** extra: people watching (in the room, the host not counted), when the service knows it */
  viewers?: number
}
