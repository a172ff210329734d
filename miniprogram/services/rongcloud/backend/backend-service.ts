/**
 * BackendService over our server's HTTP API (server/README.md "HTTP API"). Login needs a fresh
 * wx.login code each time (a code is single use: a retry with the same one could only fail), so a
 * failed login is retried, bounded, with a new code. Every other call carries the session; a 401
 * logs in again once (new code) and repeats the call once. The host's last claim for each room is
 * kept here and sent as X-Host-Claim on host-only calls, so the server can act even when a client
 * deleted the room's KV copy.
 */
import { AppError } from '../../../core/errors'
import { systemSchedule, type Schedule } from '../../../core/timers'
import type { Profile } from '../../../core/types'
import type { AvatarUpload, BackendLogin, BackendRoom, BackendService, ProfileInput } from '../../types'
import { BackendHttp, DEFAULT_RETRY, type CallOptions, type CallResult, type RetryPolicy } from './http'
import type { BackendPlatform, HttpRequest } from './platform'
import { readLogin, SessionHolder } from './session'

export interface BackendOptions {
  /** the server's base URL, https (config.backend.url) */
  url: string
  platform: BackendPlatform
  schedule?: Schedule
  random?: () => number
  now?: () => number
  timeoutMs?: number
  retry?: RetryPolicy
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0
const unreadable = (): AppError => new AppError('NETWORK', '服务器返回的数据无法识别，请稍后再试')
const seg = encodeURIComponent

function field(data: unknown, name: string): string {
  const value = isRecord(data) ? data[name] : undefined
  if (!isString(value)) throw unreadable()
  return value
}

function inputBody(profile: ProfileInput): Record<string, unknown> {
  return profile.avatar ? { name: profile.name, avatar: profile.avatar } : { name: profile.name }
}

export class HttpBackendService implements BackendService {
  private readonly http: BackendHttp
  private readonly sessions: SessionHolder
  private readonly retry: RetryPolicy
  private readonly schedule: Schedule
  private loggingIn: Promise<BackendLogin> | null = null
  /** roomId → the last host claim this phone was given for it */
  private readonly claims = new Map<string, string>()

  constructor(private readonly options: BackendOptions) {
    if (!/^https?:\/\/[^\s/]+/.test(options.url.trim())) throw new AppError('SERVICE_NOT_ENABLED', '服务器地址无效：请在 miniprogram/config.ts 的 backend.url 中填写 https 地址')
    this.schedule = options.schedule ?? systemSchedule
    this.retry = options.retry ?? DEFAULT_RETRY
    const now = options.now ?? (() => Date.now())
    this.http = new BackendHttp({
      baseUrl: options.url.trim(),
      platform: options.platform,
      schedule: this.schedule,
      random: options.random ?? Math.random,
      now,
      timeoutMs: options.timeoutMs,
      retry: this.retry,
    })
    this.sessions = new SessionHolder(options.platform, options.url.trim(), () => this.http.serverNow())
  }

  now(): number {
    return this.http.serverNow()
  }

  login(profile: ProfileInput, options: { fresh?: boolean } = {}): Promise<BackendLogin> {
    if (!options.fresh) {
      const held = this.sessions.usable(profile)
      if (held) return Promise.resolve(strip(held))
    }
    return this.freshLogin(profile)
  }

  async updateProfile(profile: ProfileInput): Promise<Profile> {
    const data = await this.authed('PUT', '/v1/profile', { body: inputBody(profile), retry: true })
    const held = this.sessions.current
    const next = readLogin(held && isRecord(data) ? { ...held, profile: data.profile, session: data.session } : null)
    if (!next) throw unreadable()
    this.sessions.set(next, profile)
    return next.profile
  }

  async createRoom(options: { roomId?: string; title?: string } = {}): Promise<{ roomId: string; hostClaim: string }> {
    const body: Record<string, unknown> = {}
    if (options.roomId !== undefined) body.roomId = options.roomId
    if (options.title !== undefined) body.title = options.title
    // with a number the server answers a repeat with the same claim; without one a repeat could open a second room
    const data = await this.authed('POST', '/v1/rooms', { body, retry: options.roomId !== undefined })
    const created = { roomId: field(data, 'roomId'), hostClaim: field(data, 'hostClaim') }
    this.claims.set(created.roomId, created.hostClaim)
    return created
  }

  async heartbeat(roomId: string, documents: { hostClaim: string; guestList?: string }): Promise<{ hostClaim: string }> {
    const body: Record<string, unknown> = { hostClaim: documents.hostClaim }
    if (documents.guestList !== undefined) body.guestList = documents.guestList
    const data = await this.authed('POST', `/v1/rooms/${seg(roomId)}/heartbeat`, { body, retry: true })
    const hostClaim = field(data, 'hostClaim')
    this.claims.set(roomId, hostClaim)
    return { hostClaim }
  }

  async endRoom(roomId: string): Promise<void> {
    try {
      await this.authed('DELETE', `/v1/rooms/${seg(roomId)}`, this.hostCall(roomId))
    } catch (error) {
      // over already (expired, or an earlier attempt of ours ended it and its answer was lost)
      if (!(error instanceof AppError && error.code === 'ROOM_NOT_FOUND')) throw error
    } finally {
      this.claims.delete(roomId)
    }
  }

  async listRooms(): Promise<string[]> {
    const data = await this.authed('GET', '/v1/rooms', { retry: true })
    const rooms = isRecord(data) ? data.rooms : undefined
    if (!Array.isArray(rooms)) throw unreadable()
    return rooms.filter(isString)
  }

  async getRoom(roomId: string): Promise<BackendRoom> {
    const data = await this.authed('GET', `/v1/rooms/${seg(roomId)}`, { retry: true })
    if (!isRecord(data)) throw unreadable()
    const orNull = (v: unknown): string | null => (isString(v) ? v : null)
    return { roomId: field(data, 'roomId'), hostClaim: orNull(data.hostClaim), muteList: field(data, 'muteList'), guestList: orNull(data.guestList) }
  }

  async mute(roomId: string, userId: string): Promise<{ muteList: string }> {
    return { muteList: field(await this.authed('PUT', `/v1/rooms/${seg(roomId)}/mutes/${seg(userId)}`, this.hostCall(roomId)), 'muteList') }
  }

  async unmute(roomId: string, userId: string): Promise<{ muteList: string }> {
    return { muteList: field(await this.authed('DELETE', `/v1/rooms/${seg(roomId)}/mutes/${seg(userId)}`, this.hostCall(roomId)), 'muteList') }
  }

  async addGuest(roomId: string, userId: string): Promise<{ guestList: string }> {
    return { guestList: field(await this.authed('PUT', `/v1/rooms/${seg(roomId)}/guests/${seg(userId)}`, this.hostCall(roomId)), 'guestList') }
  }

  async removeGuest(roomId: string, userId: string): Promise<{ guestList: string }> {
    return { guestList: field(await this.authed('DELETE', `/v1/rooms/${seg(roomId)}/guests/${seg(userId)}`, this.hostCall(roomId)), 'guestList') }
  }

  async uploadAvatar(filePath: string, onProgress?: (percent: number) => void): Promise<AvatarUpload> {
    if (typeof filePath !== 'string' || !filePath) throw new AppError('NOT_ALLOWED', '请先选择头像图片')
    const data = await this.withSession(async (session) => {
      const result = await this.http.upload('/v1/avatar', filePath, session, onProgress)
      // the file itself was refused (400 INVALID_IMAGE, 413 TOO_LARGE): not a network matter, another try cannot help
      const refused = !result.ok && (result.status === 400 || result.status === 413)
      return refused ? { ...result, error: new AppError('NOT_ALLOWED', result.error.message) } : result
    })
    const status = isRecord(data) ? data.status : undefined
    if (status !== 'approved' && status !== 'pending') throw unreadable()
    return { avatar: field(data, 'avatar'), status }
  }

  async avatarReady(avatar: string): Promise<boolean> {
    if (!/^https?:\/\/\S+$/.test(avatar)) throw new AppError('NOT_ALLOWED', '头像地址无效')
    // public, no session; HEAD: the answer's status is all that counts
    const result = await this.http.callUrl('HEAD', avatar)
    if (result.ok) return true
    if (result.status === 404) return false
    throw result.error
  }

  async roomQrCode(roomId: string): Promise<string> {
    const data = await this.withSession((session) => this.http.download(`/v1/rooms/${seg(roomId)}/qrcode`, session))
    if (!isString(data)) throw unreadable()
    return data
  }

  // ---- internals -------------------------------------------------------------------------------

  private hostCall(roomId: string): CallOptions {
    const claim = this.claims.get(roomId)
    return { retry: true, headers: claim ? { 'x-host-claim': claim } : {} }
  }

  private authed(method: HttpRequest['method'], path: string, options: CallOptions): Promise<unknown> {
    return this.withSession((session) => this.http.call(method, path, { ...options, session }))
  }

  /** An exchange with the session; on 401 one new login (fresh code) and one more try. */
  private async withSession(exchange: (session: string) => Promise<CallResult>): Promise<unknown> {
    const held = this.sessions.current
    if (!held) throw new AppError('TOKEN_INVALID', '尚未登录服务器，请重新进入小程序')
    const session = this.sessions.usable() ? held.session : (await this.freshLogin(held.input)).session
    let result = await exchange(session)
    if (!result.ok && result.status === 401) {
      const again = await this.freshLogin(held.input)
      result = await exchange(again.session)
    }
    if (!result.ok) throw result.error
    return result.data
  }

  /** One login at a time; each attempt with its own wx.login code. */
  private freshLogin(input: ProfileInput): Promise<BackendLogin> {
    if (!this.loggingIn) {
      this.loggingIn = this.loginAttempts(input).finally(() => {
        this.loggingIn = null
      })
    }
    return this.loggingIn
  }

  private async loginAttempts(input: ProfileInput): Promise<BackendLogin> {
    let lastError = new AppError('NETWORK', '无法连接服务器，请检查网络后重试')
    for (let attempt = 0; attempt < Math.max(1, this.retry.attempts); attempt++) {
      if (attempt > 0) await new Promise<void>((resolve) => this.schedule(resolve, this.http.backoffDelay(attempt)))
      let code: string
      try {
        code = await this.options.platform.login()
      } catch {
        lastError = new AppError('NETWORK', '微信登录失败，请检查网络后重试')
        continue
      }
      const result = await this.http.call('POST', '/v1/login', { body: { code, profile: inputBody(input) }, retry: false })
      if (result.ok) {
        const login = readLogin(result.data)
        if (!login) throw unreadable()
        return strip(this.sessions.set(login, input))
      }
      if (result.status !== 0 && result.status < 500) {
        if (result.status === 401) this.sessions.clear()
        throw result.error
      }
      lastError = result.error
    }
    throw lastError
  }
}

function strip(login: BackendLogin): BackendLogin {
  return { userId: login.userId, token: login.token, session: login.session, profile: { ...login.profile } }
}
