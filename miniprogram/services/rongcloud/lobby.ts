/**
 * The lobby: one well-known chatroom everybody online sits in.
 *
 * Who is there comes from two sources, because chatroom member events need a vendor ticket:
 * - getChatRoomInfo: the member count and the 20 most recent ids, called within its per-device
 *   limit (1/s, 20/min) on entering and then every REFRESH_MS;
 * - our 'presence' signals with name and avatar: 'online' on entering, 'offline' on leaving, and
 *   'here' in answer to newcomers (one answer for all of them, each sender answered at most once
 *   in a while) and, in a lobby bigger than getChatRoomInfo's list, as a heartbeat; someone not
 *   heard of for a while is dropped (lobby-presence.ts). The list shows at most LOBBY_LIST_CAP.
 *
 * RongCloud destroys a chatroom nobody joined, left or wrote to for an hour, the lobby included,
 * and the SDK drops it with `chatroomDestroyed`: the lobby then joins again by itself (joinChatRoom
 * creates it), retrying every LOBBY_REFRESH_MS while it cannot.
 */
import { ConversationType } from '@rongcloud/imlib-next'
import type { IAReceivedMessage, IChatroomListenerData } from '@rongcloud/imlib-next'
import { Listeners } from '../../core/listeners'
import { Timers } from '../../core/timers'
import type { Profile } from '../../core/types'
import { decodeSignal, encodeSignal } from '../../core/wire'
import type { LobbySnapshot, Unsubscribe } from '../types'
import type { RtsContext } from './context'
import { unwrap } from './error-map'
import { createLobbyEntries } from './lobby-entries'
import { Answerer, heartbeatInterval, INFO_LIST_MAX, presenceTtl, Roster } from './lobby-presence'
import { readIncoming } from './messages'
import type { RateLimiter } from './rate-limiter'

export { HERE_DELAY_MIN_MS, HERE_DELAY_SPREAD_MS, LOBBY_LIST_CAP } from './lobby-presence'
export const LOBBY_CHATROOM_ID = 'lobby'
export const LOBBY_REFRESH_MS = 15_000

export interface Lobby {
  readonly active: boolean
  enter(): Promise<LobbySnapshot>
  leave(): Promise<void>
  snapshot(): LobbySnapshot
  onChange(listener: (snapshot: LobbySnapshot) => void): Unsubscribe
  /** the lobby's KV entries changed (lobby-entries.ts) */
  onEntries(listener: (entries: Record<string, string>) => void): Unsubscribe
  handleMessage(message: IAReceivedMessage): void
  handleChatroom(event: IChatroomListenerData): void
  /** my name or avatar changed: tell the lobby (a 'here', which nobody answers) */
  profileChanged(): void
  /** a fresh session after a token refresh: join the lobby chatroom again if we were in it */
  rejoin(): Promise<void>
  /** signed out or kicked: forget everything, no network */
  reset(): void
}

export function createLobby(ctx: RtsContext, limiter: RateLimiter): Lobby {
  const conversation = { conversationType: ConversationType.CHATROOM, targetId: LOBBY_CHATROOM_ID }
  const listeners = new Listeners<LobbySnapshot>()
  /** others, with when we last heard of them */
  const users = new Roster(() => ctx.clock.now())
  const timers = new Timers(ctx.clock.schedule)
  const answerer = new Answerer(timers, ctx.clock, () => {
    if (active) void announce('here')
  })
  let active = false
  let memberCount = 0
  let refreshPending = false
  let entering: Promise<LobbySnapshot> | null = null
  const entries = createLobbyEntries(ctx.lib, LOBBY_CHATROOM_ID)

  function snapshot(): LobbySnapshot {
    return { onlineCount: Math.max(memberCount, users.size + (active ? 1 : 0)), users: users.list() }
  }

  const emit = () => {
    listeners.emit(snapshot())
  }

  function later(ms: number, fn: () => void): void {
    timers.after(ms, fn)
  }

  function stopTimers(): void {
    timers.clear()
    answerer.reset()
    refreshPending = false
  }

  /** Presence is best effort: a lost announcement is repaired by the next one or the info refresh. */
  async function announce(state: 'online' | 'offline' | 'here'): Promise<void> {
    try {
      const signal = encodeSignal({ type: 'presence', state, profile: ctx.me() })
      await ctx.send(conversation, new ctx.SignalMessage({ data: signal }))
    } catch {
      // nothing to tell the person: the list heals on the next refresh
    }
  }

  async function refreshInfo(): Promise<void> {
    if (!active || !limiter.tryAcquire()) return
    const result = await ctx.lib.getChatRoomInfo(LOBBY_CHATROOM_ID, { count: 20, order: 2 })
    if (!result.isOk || !result.data || !active) return
    const { userCount, userInfos } = result.data
    memberCount = userCount
    const present = userInfos.map((u) => u.id)
    users.confirm(present)
    // with the full member list at hand, drop people who left without saying so; beyond it, those
    // not heard of for a while (their app was killed: no 'offline', and no heartbeat)
    if (userInfos.length >= userCount) users.keepOnly(new Set(present))
    else users.expire(presenceTtl(userCount))
    emit()
  }

  /** People came or went: recount soon, coalesced and within the limiter's budget. */
  function refreshSoon(): void {
    if (refreshPending || !active) return
    refreshPending = true
    later(Math.max(1000, limiter.waitTime()), () => {
      refreshPending = false
      refreshInfo().catch(() => undefined)
    })
  }

  function schedulePeriodicRefresh(): void {
    later(LOBBY_REFRESH_MS, () => {
      if (!active) return
      refreshInfo()
        .catch(() => undefined)
        .finally(() => {
          if (active) schedulePeriodicRefresh()
        })
    })
  }

  /** In a lobby bigger than getChatRoomInfo's list, say 'here' now and then to stay listed. */
  function scheduleHeartbeat(): void {
    const interval = heartbeatInterval(memberCount)
    later(interval * (0.75 + 0.5 * ctx.clock.random()), () => {
      if (!active) return
      if (memberCount > INFO_LIST_MAX) void announce('here')
      scheduleHeartbeat()
    })
  }

  /** Into the lobby chatroom with its entries read from the server just before (lobby-entries.ts). */
  async function joinWithEntries(): Promise<boolean> {
    const settle = entries.read()
    const result = await ctx.lib.joinChatRoom(LOBBY_CHATROOM_ID, { count: -1 }).catch(() => null)
    if (result?.isOk) await settle()
    else entries.clear()
    return result?.isOk === true
  }

  /** Back into the lobby chatroom after RongCloud destroyed it; retried until it works or we leave. */
  async function recreate(): Promise<void> {
    if (!active) return
    const joined = await joinWithEntries()
    if (!active) return
    if (!joined) {
      later(LOBBY_REFRESH_MS, () => void recreate())
      return
    }
    void announce('online')
    await refreshInfo().catch(() => undefined)
  }

  function onPresence(senderId: string, payload: unknown): void {
    const signal = decodeSignal(payload)
    if (!signal || signal.type !== 'presence' || signal.profile.id !== senderId) return
    let me: Profile
    try {
      me = ctx.me()
    } catch {
      return
    }
    if (senderId === me.id) return
    if (signal.state === 'offline') {
      answerer.offline(senderId)
      if (users.remove(senderId)) {
        // they were counted: show the drop now, the recount confirms it
        memberCount = Math.max(0, memberCount - 1)
        emit()
      }
      refreshSoon()
      return
    }
    ctx.profiles.remember(signal.profile)
    const isNew = users.heard(signal.profile)
    emit()
    if (isNew) refreshSoon()
    if (signal.state === 'online') answerer.online(senderId)
  }

  return {
    get active() {
      return active
    },
    snapshot,
    enter() {
      if (active) return Promise.resolve({ ...snapshot(), entries: entries.snapshot() })
      // two callers at once (sign-in and a page) share one join and one announcement
      if (entering) return entering
      entering = (async () => {
        try {
          const settle = entries.read()
          const joined = await ctx.lib.joinChatRoom(LOBBY_CHATROOM_ID, { count: -1 })
          if (!joined.isOk) entries.clear()
          unwrap(joined)
          await settle()
        } finally {
          entering = null
        }
        active = true
        // not awaited: a busy send queue must not hold up showing the lobby
        void announce('online')
        await refreshInfo().catch(() => undefined)
        schedulePeriodicRefresh()
        scheduleHeartbeat()
        return { ...snapshot(), entries: entries.snapshot() }
      })()
      return entering
    },
    async leave() {
      if (!active) return
      await announce('offline')
      active = false
      stopTimers()
      users.clear()
      memberCount = 0
      entries.clear()
      await ctx.lib.quitChatRoom(LOBBY_CHATROOM_ID)
    },
    onChange(listener) {
      return listeners.on(listener)
    },
    onEntries: (listener) => entries.on(listener),
    handleMessage(message) {
      if (!active) return
      const incoming = readIncoming(message)
      if (incoming?.kind === 'signal' && !incoming.outgoing) onPresence(incoming.senderId, incoming.payload)
    },
    handleChatroom(event) {
      entries.handleChatroom(event)
      if (!active) return
      const rejoined = event.rejoinedRoom
      if (rejoined && rejoined.chatroomId === LOBBY_CHATROOM_ID) {
        if ('errorCode' in rejoined) {
          // the SDK could not get back in: try once more ourselves
          ctx.lib
            .joinChatRoom(LOBBY_CHATROOM_ID, { count: -1 })
            .then((r) => (r.isOk ? announce('online') : undefined))
            .catch(() => undefined)
        } else {
          void announce('online')
          refreshInfo().catch(() => undefined)
        }
      }
      if (event.chatroomDestroyed === LOBBY_CHATROOM_ID) void recreate()
      const change = event.userChange
      if (change && change.chatroomId === LOBBY_CHATROOM_ID) {
        memberCount = change.memberCount
        emit()
      }
    },
    profileChanged() {
      if (active) void announce('here')
    },
    async rejoin() {
      if (!active) return
      // the final DISCONNECT wiped the SDK's chatroom state: read the entries afresh
      if (!(await joinWithEntries()) || !active) return
      void announce('online')
      await refreshInfo().catch(() => undefined)
    },
    reset() {
      active = false
      stopTimers()
      users.clear()
      memberCount = 0
      entries.clear()
    },
  }
}
