/**
 * The login the backend adapter holds: in memory, and in wx storage so a restart reuses it until
 * the session expires (24 h on our server; server/README.md "Login"). The session is MACed by the
 * server, not signed: the app only reads its `exp` to know when to log in again.
 */
import { peekPayload } from '../../../core/signed-docs'
import type { Profile } from '../../../core/types'
import type { BackendLogin, ProfileInput } from '../../types'
import type { BackendPlatform } from './platform'

export const SESSION_STORAGE_KEY = 'live-rooms.backend-session.v1'
/** log in again this long before the session runs out, rather than meet a 401 */
const EXPIRY_MARGIN_MS = 5 * 60_000

export interface HeldLogin extends BackendLogin {
  /** the session's own expiry (ms since epoch, server time), 0 when unreadable */
  exp: number
  /** what the person asked to be called, to log in again with after a 401 */
  input: ProfileInput
  /** the server this login belongs to: another configured URL never reuses it */
  baseUrl: string
}

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0

function readProfile(v: unknown): Profile | null {
  if (typeof v !== 'object' || v === null) return null
  const p = v as Record<string, unknown>
  if (!isString(p.id) || !isString(p.name) || (p.avatar !== undefined && typeof p.avatar !== 'string')) return null
  return p.avatar ? { id: p.id, name: p.name, avatar: p.avatar as string } : { id: p.id, name: p.name }
}

/** A login answer (or a stored one) with every field we rely on; null otherwise. */
export function readLogin(data: unknown): BackendLogin | null {
  if (typeof data !== 'object' || data === null) return null
  const v = data as Record<string, unknown>
  const profile = readProfile(v.profile)
  if (!isString(v.userId) || !isString(v.token) || !isString(v.session) || !profile || profile.id !== v.userId) return null
  return { userId: v.userId, token: v.token, session: v.session, profile }
}

export function sessionExpiry(session: string): number {
  const exp = peekPayload(session)?.exp
  return typeof exp === 'number' && Number.isFinite(exp) ? exp : 0
}

export function sameInput(a: ProfileInput, b: ProfileInput): boolean {
  return a.name === b.name && (a.avatar ?? '') === (b.avatar ?? '')
}

export class SessionHolder {
  private held: HeldLogin | null = null

  constructor(
    private readonly platform: BackendPlatform,
    private readonly baseUrl: string,
    /** the server's clock */
    private readonly now: () => number,
  ) {
    this.held = this.load()
  }

  get current(): HeldLogin | null {
    return this.held
  }

  /** The held login if it is still good for `input` (same person asking, same name and avatar). */
  usable(input?: ProfileInput): HeldLogin | null {
    const h = this.held
    if (!h || h.exp - EXPIRY_MARGIN_MS <= this.now()) return null
    return !input || sameInput(h.input, input) ? h : null
  }

  set(login: BackendLogin, input: ProfileInput): HeldLogin {
    this.held = { ...login, exp: sessionExpiry(login.session), input: { ...input }, baseUrl: this.baseUrl }
    this.platform.setStorage(SESSION_STORAGE_KEY, this.held)
    return this.held
  }

  clear(): void {
    this.held = null
    this.platform.removeStorage(SESSION_STORAGE_KEY)
  }

  private load(): HeldLogin | null {
    const stored = this.platform.getStorage(SESSION_STORAGE_KEY)
    const login = readLogin(stored)
    if (!login) return null
    const v = stored as Record<string, unknown>
    const input = v.input as ProfileInput | undefined
    if (v.baseUrl !== this.baseUrl || !input || !isString(input.name)) return null
    return { ...login, exp: sessionExpiry(login.session), input: input.avatar ? { name: input.name, avatar: input.avatar } : { name: input.name }, baseUrl: this.baseUrl }
  }
}
