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
}
