import { makeAutoObservable } from 'mobx-miniprogram'
import { AppError, toAppError } from '../core/errors'
import type { Profile } from '../core/types'
import type { ConnectionChange, ConnectionState } from '../services/types'
import type { RootStore } from './root-store'
import type { SessionState } from './types'

const MAX_NAME = 64

/** Who I am and how the connection is doing. */
export class SessionStore implements SessionState {
  me: Profile | null = null
  connection: ConnectionState = 'idle'
  connectionError: AppError | null = null

  constructor(private readonly root: RootStore) {
    makeAutoObservable<this, 'root'>(this, { root: false }, { autoBind: true })
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
      confirmed = await this.root.rts.connect(wanted)
    } catch (e) {
      const error = toAppError(e)
      this.setConnection({ state: error.code === 'KICKED' ? 'kicked' : 'failed', error })
      throw error
    }
    this.confirm(confirmed)
    this.root.afterSignIn()
  }

  async signOut(): Promise<void> {
    await this.root.room.leave()
    this.root.chat.close()
    try {
      await this.root.rts.disconnect()
    } finally {
      this.root.lobby.reset()
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
  const name = typeof profile.name === 'string' ? profile.name.trim().slice(0, MAX_NAME) : ''
  const avatar = typeof profile.avatar === 'string' && profile.avatar ? profile.avatar : undefined
  return avatar ? { id: profile.id, name: name || '微信用户', avatar } : { id: profile.id, name: name || '微信用户' }
}
