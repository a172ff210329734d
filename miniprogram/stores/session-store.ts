import { makeAutoObservable, reaction } from 'mobx-miniprogram'
import { AppError, toAppError } from '../core/errors'
import { cutName } from '../core/profile'
import type { Profile } from '../core/types'
import type { ConnectionChange, ConnectionState, RtsService } from '../services/types'
import type { SessionState } from './types'

/** What signing in and out needs from the rest of the app. */
export interface SessionDeps {
  rts: Pick<RtsService, 'connect' | 'disconnect'>
  /** after the first connect: into the lobby, and the conversation list */
  signedIn(): void
  /** before disconnecting: out of the room, the conversation closed */
  signingOut(): Promise<void>
  /** after disconnecting: nothing of the lobby remains */
  signedOut(): void
}

/** Who I am and how the connection is doing. */
export class SessionStore implements SessionState {
  me: Profile | null = null
  connection: ConnectionState = 'idle'
  connectionError: AppError | null = null

  constructor(private readonly deps: SessionDeps) {
    makeAutoObservable<this, 'deps'>(this, { deps: false }, { autoBind: true })
  }

  get connected(): boolean {
    return this.connection === 'connected'
  }

  async signIn(profile: Profile): Promise<void> {
    const wanted = normalizeProfile(profile)
    if (this.connection === 'connecting' || this.connection === 'connected' || this.connection === 'reconnecting') {
      // already signed in: a new nickname or avatar applies from now on, the id stays
      if (this.me && wanted.id !== this.me.id) throw new AppError('NOT_ALLOWED', '请先退出当前账号')
      this.me = { ...wanted, id: this.me ? this.me.id : wanted.id }
      return
    }
    this.me = wanted
    this.connection = 'connecting'
    this.connectionError = null
    let confirmed: Profile
    try {
      confirmed = await this.deps.rts.connect(wanted)
    } catch (e) {
      const error = toAppError(e)
      this.setConnection({ state: error.code === 'KICKED' ? 'kicked' : 'failed', error })
      throw error
    }
    this.confirm(confirmed)
    this.deps.signedIn()
  }

  /**
   * extra: starts signing in as `profile` unless signed in or on the way (the app does this at
   * launch, in the background). Resolves when it settles and never rejects: a failure is on
   * connectionError, which the lobby banner shows.
   */
  startSignIn(profile: () => Profile): Promise<void> {
    if (this.connection !== 'idle' && this.connection !== 'failed') return Promise.resolve()
    return this.signIn(profile()).catch(() => undefined)
  }

  /** extra: resolves once connected; rejects with the reason when the connection is kicked or fails. */
  whenConnected(): Promise<void> {
    return new Promise((resolve, reject) => {
      let settled = false
      let dispose: (() => void) | null = null
      const settle = (state: ConnectionState): void => {
        if (settled) return
        if (state === 'connected') resolve()
        else if (state === 'kicked' || state === 'failed') {
          reject(this.connectionError ?? new AppError(state === 'kicked' ? 'KICKED' : 'NETWORK'))
        } else return
        settled = true
        dispose?.()
      }
      dispose = reaction(() => this.connection, settle, { fireImmediately: true })
      if (settled) dispose()
    })
  }

  async signOut(): Promise<void> {
    await this.deps.signingOut()
    try {
      await this.deps.rts.disconnect()
    } finally {
      this.deps.signedOut()
      this.me = null
      this.setConnection({ state: 'idle' })
    }
  }

  setConnection(change: ConnectionChange): void {
    this.connection = change.state
    this.connectionError = change.error ?? null
  }

  private confirm(profile: Profile): void {
    this.me = profile
    if (this.connection === 'connecting') this.connection = 'connected'
  }
}

function normalizeProfile(profile: Profile): Profile {
  if (!profile || typeof profile.id !== 'string' || !profile.id.trim()) throw new AppError('NOT_ALLOWED', '缺少用户标识')
  const name = typeof profile.name === 'string' ? cutName(profile.name) : ''
  const avatar = typeof profile.avatar === 'string' && profile.avatar ? profile.avatar : undefined
  return avatar ? { id: profile.id, name: name || '微信用户', avatar } : { id: profile.id, name: name || '微信用户' }
}
