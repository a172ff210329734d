/**
 * The demo server's shared core: accounts, the clock every request and push runs on, ids and the
 * rate limit. The chatroom, private-chat and RTC parts (chatrooms.ts, private-chat.ts,
 * rtc-rooms.ts) build on it; hub.ts ties them to the connection lifecycle.
 *
 * Timing model (one round trip = latencyMs): a request reaches the server after latencyMs/2, the
 * server handles it, and the answer reaches the caller latencyMs/2 later. Pushes caused by the
 * request reach other clients latencyMs/2 after the server handled it, i.e. together with the
 * caller's answer. Events for the caller itself (its own entry writes, push-url, ...) are delivered
 * just before its promise settles.
 */
import { AppError, toAppError } from '../../core/errors'
import { backgroundSchedule, Timers } from '../../core/timers'
import type { ChatMessage, Profile } from '../../core/types'
import type { BlockedMessage, PrivateMessageEvent } from '../types'
import type { DemoClient } from './client'
import { hasBlockedWord } from './content-check'
import { copy } from './copy'
import { rejectUnhandled, type ListenerCounter } from './emitter'
import type { ServerConversation } from './private-chat'
import { RateLimiter } from './rate-limit'
import type { RtcPresence } from './rtc-rooms'

export interface Account {
  profile: Profile
  /** the client currently signed in with this account (connected or dropped), if any */
  client: DemoClient | null
  /** the chatroom the server has this account in */
  chatroom: string | null
  conversations: Map<string, ServerConversation>
  /** private messages that arrived while the client was dropped, pushed on restore */
  missedPrivate: PrivateMessageEvent[]
  rtc: RtcPresence | null
  /** set while the client is dropped: since when (wall clock), and chatroom messages seen since */
  offline: { since: number; messages: number } | null
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: AppError }

export class Server {
  /** every timer the network's traffic starts, so stats() can count them and close() cancel them all */
  readonly scheduler = new Timers()
  /**
   * idle-chatroom and keepalive timers: they live as long as a room does, so they are counted apart
   * (stats().housekeeping) and never keep a Node process alive on their own
   */
  readonly housekeeping = new Timers(backgroundSchedule)
  readonly listeners: ListenerCounter = { live: 0, report: rejectUnhandled }
  private readonly rateLimiter: RateLimiter
  /** DemoNetworkOptions.offlineTimeoutMs; Infinity: never */
  offlineTimeoutMs = 30_000
  /** DemoNetworkOptions.entrySyncMs; null: one round trip */
  entrySyncMs: number | null = null
  /** DemoNetworkOptions.bindRtcRooms */
  bindRtcRooms = true
  /** DemoNetworkOptions.blockNoticeMs; null: one round trip after the server took the message */
  blockNoticeMs: number | null = null
  /**
   * Wall clock for the server's housekeeping (idle chatrooms, offline members). Apart from `now`,
   * which tests may freeze for message stamps: these rules must see time pass with the timers.
   */
  readonly clock = (): number => Date.now()
  private readonly accounts = new Map<string, Account>()
  private order = 0
  private messageSeq = 0
  private urlSeq = 0
  private lastSentAt = 0

  constructor(
    public latencyMs: number,
    readonly now: () => number,
  ) {
    this.rateLimiter = new RateLimiter(now)
  }

  /**
   * One round trip for `client`: rejects NOT_CONNECTED when the client is not connected when it
   * sends, or when the request reaches the server after the client lost its connection.
   */
  request<T>(client: DemoClient, handle: (account: Account) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const half = this.latencyMs / 2
      if (client.state !== 'connected') {
        this.scheduler.after(this.latencyMs, () => reject(new AppError('NOT_CONNECTED')))
        return
      }
      this.scheduler.after(half, () => {
        const outcome = this.handle(client, handle)
        this.scheduler.after(half, () => (outcome.ok ? resolve(copy(outcome.value)) : reject(outcome.error)))
      })
    })
  }

  private handle<T>(client: DemoClient, handle: (account: Account) => T): Outcome<T> {
    const account = this.liveAccount(client)
    if (!account) return { ok: false, error: new AppError('NOT_CONNECTED') }
    try {
      return { ok: true, value: handle(account) }
    } catch (error) {
      return { ok: false, error: toAppError(error) }
    }
  }

  /** The account `client` speaks for, if the client is connected and still the one signed in. */
  liveAccount(client: DemoClient): Account | null {
    const account = this.accounts.get(client.userId)
    return account && account.client === client && client.state === 'connected' ? account : null
  }

  account(userId: string): Account | undefined {
    return this.accounts.get(userId)
  }

  /** The account for `profile`, created on first sight (someone may be written to before signing in). */
  ensureAccount(profile: Profile): Account {
    let account = this.accounts.get(profile.id)
    if (!account) {
      account = { profile, client: null, chatroom: null, conversations: new Map(), missedPrivate: [], rtc: null, offline: null }
      this.accounts.set(profile.id, account)
    }
    return account
  }

  /**
   * Server → client push, latencyMs/2 from now (or `delayMs`). Lost if the client is not connected
   * now or by then, or if `stillFor` says the account has moved on (left the room the event is about).
   */
  push(userId: string, deliver: (client: DemoClient) => void, stillFor?: (account: Account) => boolean, delayMs?: number): void {
    const account = this.accounts.get(userId)
    const client = account?.client
    if (!account || !client || client.state !== 'connected') return
    this.scheduler.after(delayMs ?? this.latencyMs / 2, () => {
      if (account.client !== client || client.state !== 'connected') return
      if (stillFor && !stillFor(account)) return
      deliver(client)
    })
  }

  /** How long after entering a chatroom the SDK's KV pull fills its entry cache (one round trip by default). */
  get entryPullMs(): number {
    return this.entrySyncMs ?? this.latencyMs
  }

  /** Message timestamps strictly increase across the network, so paging by `before` never skips one. */
  stamp(): number {
    this.lastSentAt = Math.max(this.now(), this.lastSentAt + 1)
    return this.lastSentAt
  }

  /** A network-wide sequence for "most recent first" orderings. */
  nextOrder(): number {
    return ++this.order
  }

  messageId(): string {
    return `demo-${++this.messageSeq}`
  }

  /** Makes every media URL unique, as the real ones (with their tokens) are. */
  urlKey(): number {
    return ++this.urlSeq
  }

  /**
   * The message callback (content-check.ts): true when `message` must reach nobody. The sender is
   * told `blockNoticeMs` after the server took it — by default after its send resolved, with 0
   * before: RongCloud gives no order between the acknowledgement and MESSAGE_BLOCKED.
   */
  refuses(sender: Account, message: ChatMessage, where: BlockedMessage['where'], peerId?: string): boolean {
    if (!hasBlockedWord(message.text)) return false
    const notice: BlockedMessage = peerId ? { messageId: message.id, where, peerId } : { messageId: message.id, where }
    this.push(sender.profile.id, (client) => client.blocked.emit(notice), undefined, this.blockNoticeMs ?? this.latencyMs)
    return true
  }

  /** RATE_LIMITED past 5 sends per second (RongCloud 20604). */
  takeRate(userId: string): void {
    if (!this.rateLimiter.take(userId)) throw new AppError('RATE_LIMITED')
  }
}
