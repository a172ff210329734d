/**
 * The IM connection and its states as the store sees them.
 *
 * - connect(): token from the token source, then IMLib connect. connect() never rejects, it
 *   resolves {isOk:false, code}; the SDK does not retry a failed FIRST connect, so we do, with
 *   backoff (network-type failures only). A token the server rejects (31004 / 31020) is fetched
 *   afresh once, then the connection fails with TOKEN_INVALID.
 * - after connecting, the SDK reconnects by itself: SUSPEND → 'reconnecting' until CONNECTED.
 *   DISCONNECT is final: 31010 (signed in elsewhere) → 'kicked'; token codes → fetch a fresh token
 *   once and reconnect; anything else → 'failed' with the mapped error.
 */
import { ErrorCode, Events } from '@rongcloud/imlib-next'
import { AppError, toAppError } from '../../core/errors'
import { Generation } from '../../core/generation'
import { Listeners } from '../../core/listeners'
import type { Profile } from '../../core/types'
import type { ConnectionChange, ConnectionState, Unsubscribe } from '../types'
import type { Clock } from './clock'
import { cancellableSleep, systemClock } from './clock'
import { appCodeOf, sdkError } from './error-map'
import type { ImLib } from './imlib'
import type { TokenProvider } from './token-source'

export interface BackoffOptions {
  /** first wait; doubles each time */
  baseMs: number
  maxMs: number
  /** retries after the first failed attempt */
  retries: number
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 8000, retries: 5 }

export interface ConnectionDeps {
  lib: ImLib
  tokens: TokenProvider
  clock?: Clock
  backoff?: BackoffOptions
}

export interface Connection {
  readonly state: ConnectionState
  /** my profile with the id RongCloud knows me by, while signed in */
  readonly me: Profile | null
  connect(profile: Profile): Promise<Profile>
  /** my name and avatar from now on (the id stays RongCloud's); null when signed out */
  updateProfile(profile: Profile): Profile | null
  disconnect(): Promise<void>
  onChange(listener: (change: ConnectionChange) => void): Unsubscribe
  /**
   * We connected again ourselves after a final DISCONNECT (token refresh): unlike the SDK's own
   * reconnect, this session has joined no chatroom, so the caller re-enters what it was in.
   */
  onFreshSession(listener: () => void): Unsubscribe
}

const retryable = (error: AppError) => error.code === 'NETWORK' || error.code === 'NOT_CONNECTED'

export function createConnection(deps: ConnectionDeps): Connection {
  const { lib, tokens } = deps
  const clock = deps.clock ?? systemClock
  const backoff = deps.backoff ?? DEFAULT_BACKOFF
  const listeners = new Listeners<ConnectionChange>()
  const freshListeners = new Listeners<void>()
  let state: ConnectionState = 'idle'
  let me: Profile | null = null
  let profile: Profile | null = null
  /** moved on by disconnect(): a running attempt sees it and stops */
  const generation = new Generation()
  /** our own lib.connect() is in flight: its DISCONNECT events are answered by its result */
  let ownCall = false
  let attempt: Promise<Profile> | null = null
  let sleeping: { cancel(): void } | null = null

  function set(next: ConnectionState, error?: AppError): void {
    if (next === state && !error) return
    state = next
    const change: ConnectionChange = error ? { state: next, error } : { state: next }
    listeners.emit(change)
  }

  const stopped = (gen: number) => !generation.isCurrent(gen)

  async function wait(ms: number): Promise<void> {
    const sleep = cancellableSleep(clock, ms)
    sleeping = sleep
    await sleep.done
    sleeping = null
  }

  /** Connects, retrying network failures with backoff; the token is refreshed at most once. */
  async function run(who: Profile, gen: number, refreshFirst: boolean): Promise<Profile> {
    let refresh = refreshFirst
    let retries = 0
    for (;;) {
      let error: AppError
      try {
        const grant = await tokens.fetch(who, { refresh })
        if (stopped(gen)) throw new AppError('NOT_CONNECTED')
        ownCall = true
        let result: Awaited<ReturnType<ImLib['connect']>>
        try {
          result = await lib.connect(grant.token)
        } finally {
          ownCall = false
        }
        if (stopped(gen)) throw new AppError('NOT_CONNECTED')
        if (result.isOk) {
          me = { ...who, id: result.data?.userId || grant.userId }
          set('connected')
          return me
        }
        error = sdkError(result.code)
        if (error.code === 'TOKEN_INVALID' && !refresh) {
          refresh = true
          continue
        }
      } catch (thrown) {
        if (stopped(gen)) throw toAppError(thrown, 'NOT_CONNECTED')
        error = toAppError(thrown)
      }
      if (retryable(error) && retries < backoff.retries) {
        await wait(Math.min(backoff.maxMs, backoff.baseMs * 2 ** retries))
        retries += 1
        if (stopped(gen)) throw new AppError('NOT_CONNECTED')
        continue
      }
      set(error.code === 'KICKED' ? 'kicked' : 'failed', error)
      throw error
    }
  }

  function start(who: Profile, refreshFirst: boolean): Promise<Profile> {
    const gen = generation.current
    const running = run(who, gen, refreshFirst)
    const tracked = running.finally(() => {
      if (attempt === tracked) attempt = null
    })
    attempt = tracked
    return tracked
  }

  lib.addEventListener(Events.CONNECTED, () => {
    if (!ownCall && me) set('connected')
  })
  lib.addEventListener(Events.CONNECTING, () => {
    if (state === 'connected') set('reconnecting')
  })
  lib.addEventListener(Events.SUSPEND, () => {
    if (me) set('reconnecting')
  })
  lib.addEventListener(Events.DISCONNECT, (code: ErrorCode) => {
    if (ownCall || !me || !profile) return
    if (code === ErrorCode.ACTIVE_DISCONNECT) {
      set('idle')
      return
    }
    const mapped = appCodeOf(code)
    if (mapped === 'TOKEN_INVALID') {
      set('reconnecting')
      start(profile, true).then(
        () => freshListeners.emit(),
        () => undefined, // the failure is reported as a 'failed' change
      )
      return
    }
    set(mapped === 'KICKED' ? 'kicked' : 'failed', sdkError(code))
  })

  return {
    get state() {
      return state
    },
    get me() {
      return me
    },
    connect(who) {
      // connected, or the SDK (or our token refresh) is already bringing the session back
      if (me && (state === 'connected' || state === 'reconnecting')) return Promise.resolve(me)
      if (attempt) return attempt
      profile = who
      set('connecting')
      return start(who, false)
    },
    updateProfile(who) {
      if (!me) return null
      const next: Profile = who.avatar ? { id: me.id, name: who.name, avatar: who.avatar } : { id: me.id, name: who.name }
      me = next
      // a token refresh connects again with this profile
      profile = next
      return next
    },
    async disconnect() {
      generation.next()
      sleeping?.cancel()
      attempt = null
      const wasSignedIn = me !== null
      me = null
      profile = null
      if (wasSignedIn || ownCall) await lib.disconnect()
      set('idle')
    },
    onChange(listener) {
      return listeners.on(listener)
    },
    onFreshSession(listener) {
      return freshListeners.on(listener)
    },
  }
}
