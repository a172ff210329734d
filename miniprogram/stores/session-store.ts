import { makeAutoObservable, reaction } from 'mobx-miniprogram'
import { AppError, toAppError } from '../core/errors'
import { cutName } from '../core/profile'
import type { Profile } from '../core/types'
import type { ConnectionChange, ConnectionState, RtsService } from '../services/types'
import type { SessionState } from './types'

/** What signing in and out needs from the rest of the app. */
export interface SessionDeps {
  rts: Pick<RtsService, 'connect' | 'disconnect' | 'updateProfile'>
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
  /**
   * The id signIn was asked for (the one stored on the phone). RongCloud gives the person its own
   * id from the token, so me.id differs from it there; both stand for the person signed in.
   */
  private askedId: string | null = null
  /** counts nickname / avatar changes, so an answer to an older one never undoes a newer one */
  private edits = 0

  constructor(private readonly deps: SessionDeps) {
    makeAutoObservable<this, 'deps' | 'askedId' | 'edits'>(this, { deps: false, askedId: false, edits: false }, { autoBind: true })
  }

  get connected(): boolean {
    return this.connection === 'connected'
  }

  async signIn(profile: Profile): Promise<void> {
    const wanted = normalizeProfile(profile)
    if (this.connection === 'connecting' || this.connection === 'connected' || this.connection === 'reconnecting') {
      // already signed in: a new nickname or avatar applies from now on, the id stays
      const current = this.me
      if (current && wanted.id !== current.id && wanted.id !== this.askedId) throw new AppError('NOT_ALLOWED', '请先退出当前账号')
      const next = withId(wanted, current ? current.id : wanted.id)
      // while connecting, the change goes out once the connection is confirmed (below)
      if (this.connection === 'connecting' || !current) {
        this.edits++
        this.me = next
        return
      }
      await this.publishProfile(current, next)
      return
    }
    this.askedId = wanted.id
    this.me = wanted
    this.connection = 'connecting'
    this.connectionError = null
    const edits = this.edits
    let confirmed: Profile
    try {
      confirmed = await this.deps.rts.connect(wanted)
    } catch (e) {
      const error = toAppError(e)
      this.setConnection({ state: error.code === 'KICKED' ? 'kicked' : 'failed', error })
      throw error
    }
    // a new nickname or avatar given while connecting replaced `wanted`
    const changedMeanwhile = this.edits !== edits && this.me ? { ...this.me } : null
    this.confirm(confirmed)
    if (changedMeanwhile) {
      await this.publishProfile(confirmed, withId(changedMeanwhile, confirmed.id)).catch(() => undefined)
    }
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
      this.askedId = null
      this.setConnection({ state: 'idle' })
    }
  }

  /** extra: while connected, `next` (my id, a new name or avatar) is shown and told to the network; NOT_CONNECTED otherwise. */
  async publish(next: Profile): Promise<void> {
    const current = this.me
    if (!current || this.connection !== 'connected') throw new AppError('NOT_CONNECTED')
    await this.publishProfile(current, withId(next, current.id))
  }

  setConnection(change: ConnectionChange): void {
    this.connection = change.state
    this.connectionError = change.error ?? null
  }

  /** Tells the network; shows `next` meanwhile, and `previous` again when the network refuses. */
  private async publishProfile(previous: Profile, next: Profile): Promise<void> {
    if (sameLook(previous, next)) return
    const edit = ++this.edits
    this.me = next
    try {
      this.settleProfile(edit, await this.deps.rts.updateProfile(next))
    } catch (e) {
      this.settleProfile(edit, previous)
      throw toAppError(e)
    }
  }

  /** `shown` is me now, unless a newer change was made meanwhile (or I signed out). */
  private settleProfile(edit: number, shown: Profile): void {
    if (this.edits === edit && this.me?.id === shown.id) this.me = shown
  }

  private confirm(profile: Profile): void {
    this.me = profile
    if (this.connection === 'connecting') this.connection = 'connected'
  }
}

function withId(profile: Profile, id: string): Profile {
  return profile.avatar ? { id, name: profile.name, avatar: profile.avatar } : { id, name: profile.name }
}

function sameLook(a: Profile, b: Profile): boolean {
  return a.name === b.name && (a.avatar ?? '') === (b.avatar ?? '')
}

function normalizeProfile(profile: Profile): Profile {
  if (!profile || typeof profile.id !== 'string' || !profile.id.trim()) throw new AppError('NOT_ALLOWED', '缺少用户标识')
  const name = typeof profile.name === 'string' ? cutName(profile.name) : ''
  const avatar = typeof profile.avatar === 'string' && profile.avatar ? profile.avatar : undefined
  return avatar ? { id: profile.id, name: name || '微信用户', avatar } : { id: profile.id, name: name || '微信用户' }
}
