/**
 * One app instance's BackendService on the demo network: what rongcloud/backend does over HTTP,
 * here one round trip (latencyMs) to the demo backend (backend-server.ts). The same answers and
 * errors as the real adapter: the login is the person the client was made for (the demo's "token"),
 * names are cleaned and checked like the server's (1–20 characters), calls before a login (or a
 * connect) are TOKEN_INVALID, a dropped connection is NETWORK (the phone has no network), ending a room that is
 * over already resolves.
 */
import { AppError, toAppError } from '../../core/errors'
import type { Profile } from '../../core/types'
import type { AvatarUpload, BackendLogin, BackendRoom, BackendService, ProfileInput } from '../types'
import { DEMO_NO_QR_CODE } from './backend-avatars'
import { sessionToken } from './backend-docs'
import { badRequest } from './backend-server'
import type { DemoClient } from './client'
import { hasBlockedWord, nameRejected } from './content-check'
import { copy } from './copy'
import type { Hub } from './hub'

const MAX_NAME_CHARS = 20
const MAX_AVATAR_CHARS = 512

/**
 * The server's name rule, in short (server/src/profile.ts cleanName): trimmed, 1–20 characters;
 * then its content check (a word list here: content-check.ts). Avatars are https URLs.
 */
function cleanInput(input: ProfileInput): ProfileInput {
  const name = typeof input.name === 'string' ? input.name.trim() : ''
  const count = Array.from(name).length
  if (count < 1 || count > MAX_NAME_CHARS) throw badRequest('昵称应为 1–20 个字')
  if (hasBlockedWord(name)) throw nameRejected()
  if (!input.avatar) return { name }
  if (!/^https:\/\/\S+$/.test(input.avatar) || input.avatar.length > MAX_AVATAR_CHARS) throw badRequest('头像应为 https 地址')
  return { name, avatar: input.avatar }
}

export class DemoBackendService implements BackendService {
  /** who the server knows this client as, once logged in */
  private me: Profile | null = null

  constructor(
    private readonly hub: Hub,
    private readonly client: DemoClient,
  ) {}

  now(): number {
    return this.hub.backend.now()
  }

  login(input: ProfileInput): Promise<BackendLogin> {
    return this.call(false, () => {
      const clean = cleanInput(input)
      const profile: Profile = clean.avatar ? { id: this.client.userId, name: clean.name, avatar: clean.avatar } : { id: this.client.userId, name: clean.name }
      this.me = profile
      // the account's profile as RongCloud would have it registered (guests are named by it)
      this.hub.server.ensureAccount(profile)
      return { userId: profile.id, token: `demo-token:${profile.id}`, session: sessionToken(profile, this.now()), profile }
    })
  }

  updateProfile(input: ProfileInput): Promise<Profile> {
    return this.call(true, (me) => {
      const clean = cleanInput(input)
      this.me = clean.avatar ? { id: me.id, name: clean.name, avatar: clean.avatar } : { id: me.id, name: clean.name }
      return this.me
    })
  }

  createRoom(options: { roomId?: string; title?: string } = {}): Promise<{ roomId: string; hostClaim: string }> {
    return this.call(true, (me) => this.hub.backend.createRoom(me, options.roomId, options.title))
  }

  heartbeat(roomId: string): Promise<{ hostClaim: string }> {
    return this.call(true, (me) => this.hub.backend.heartbeat(me, roomId))
  }

  endRoom(roomId: string): Promise<void> {
    return this.call(true, (me) => {
      try {
        this.hub.backend.endRoom(me, roomId)
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'ROOM_NOT_FOUND')) throw error
      }
    })
  }

  listRooms(): Promise<string[]> {
    return this.call(true, () => this.hub.backend.listRooms())
  }

  getRoom(roomId: string): Promise<BackendRoom> {
    return this.call(true, () => this.hub.backend.getRoom(roomId))
  }

  mute(roomId: string, userId: string): Promise<{ muteList: string }> {
    return this.call(true, (me) => this.hub.backend.setMuted(me, roomId, userId, true))
  }

  unmute(roomId: string, userId: string): Promise<{ muteList: string }> {
    return this.call(true, (me) => this.hub.backend.setMuted(me, roomId, userId, false))
  }

  addGuest(roomId: string, userId: string): Promise<{ guestList: string }> {
    return this.call(true, (me) => this.hub.backend.addGuest(me, roomId, userId))
  }

  removeGuest(roomId: string, userId: string): Promise<{ guestList: string }> {
    return this.call(true, (me) => this.hub.backend.removeGuest(me, roomId, userId))
  }

  /** One round trip with a little progress on the way, as wx.uploadFile reports it. */
  uploadAvatar(filePath: string, onProgress?: (percent: number) => void): Promise<AvatarUpload> {
    if (typeof filePath !== 'string' || !filePath) return Promise.reject(new AppError('NOT_ALLOWED', '请先选择头像图片'))
    onProgress?.(0)
    return this.call(true, () => {
      onProgress?.(100)
      return this.hub.avatars.upload(filePath)
    })
  }

  avatarReady(avatar: string): Promise<boolean> {
    return this.call(false, () => this.hub.avatars.ready(avatar))
  }

  roomQrCode(): Promise<string> {
    return this.call(true, () => {
      throw new AppError('SERVICE_NOT_ENABLED', DEMO_NO_QR_CODE)
    })
  }

  /**
   * Who the server knows: the last login, or, once the client has connected, the person it was made
   * for. With RongCloud, connecting is what logs in (the token comes from POST /v1/login), so a
   * connected client is a logged-in one here too.
   */
  private signedIn(): Profile | null {
    return this.me ?? (this.client.state === 'idle' ? null : { ...this.client.account })
  }

  /** One HTTP round trip: handled latencyMs/2 from now, answered latencyMs/2 later. */
  private call<T>(authed: boolean, handle: (me: Profile) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const half = this.hub.latencyMs / 2
      if (this.client.state === 'reconnecting') {
        this.hub.scheduler.after(this.hub.latencyMs, () => reject(new AppError('NETWORK', '无法连接服务器，请检查网络后重试')))
        return
      }
      this.hub.scheduler.after(half, () => {
        let outcome: { ok: true; value: T } | { ok: false; error: AppError }
        try {
          const me = this.signedIn()
          if (authed && !me) throw new AppError('TOKEN_INVALID', '尚未登录服务器，请重新进入小程序')
          outcome = { ok: true, value: copy(handle(me ?? { id: this.client.userId, name: '' })) }
        } catch (error) {
          outcome = { ok: false, error: toAppError(error) }
        }
        this.hub.scheduler.after(half, () => (outcome.ok ? resolve(outcome.value) : reject(outcome.error)))
      })
    })
  }
}
