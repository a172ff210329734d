/**
 * Signing in with the profile remembered on this phone. The app starts it at launch and lets it
 * run in the background: the lobby renders at once and shows the connection banner meanwhile.
 */
import { reaction } from 'mobx-miniprogram'
import { AppError } from '../core/errors'
import type { Store } from '../stores/types'
import { loadProfile } from './profile'

/** Starts signing in unless already signed in or on the way; resolves when it settles, never rejects. */
export function signInWithStoredProfile(store: Store): Promise<void> {
  const state = store.session.connection
  if (state !== 'idle' && state !== 'failed') return Promise.resolve()
  // the failure is on store.session.connectionError, which the lobby banner shows
  return store.session.signIn(loadProfile()).catch(() => undefined)
}

/**
 * Resolves once connected (starting the sign-in when nobody has); rejects with the reason when the
 * connection is kicked or fails. A share card opens the room page first, before any sign-in.
 */
export function whenSignedIn(store: Store): Promise<void> {
  signInWithStoredProfile(store)
  return new Promise((resolve, reject) => {
    let settled = false
    let dispose: (() => void) | null = null
    const settle = (state: string): void => {
      if (settled) return
      if (state === 'connected') resolve()
      else if (state === 'kicked' || state === 'failed') {
        reject(store.session.connectionError ?? new AppError(state === 'kicked' ? 'KICKED' : 'NETWORK'))
      } else return
      settled = true
      dispose?.()
    }
    dispose = reaction(() => store.session.connection, settle, { fireImmediately: true })
    if (settled) dispose()
  })
}
