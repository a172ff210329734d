/**
 * My nickname and avatar as others see them (docs/ARCHITECTURE.md "Profile"). With a backend
 * (our server, or the demo network's stand-in) both go through it first: the nickname is checked
 * there (CONTENT_REJECTED: nothing changes, the page keeps what was typed), and an avatar is an
 * uploaded image whose URL the server hands out. The file chooseAvatar gives is a temporary path
 * on this phone that no other phone can load: it is never put into the profile, in any mode.
 *
 * An avatar is pending until WeChat's media check passes it (server/README.md "Avatars"). Meanwhile
 * the profile keeps the avatar it had (none: everyone sees the letter avatar) and only my own phone
 * shows the new picture, marked as being checked. The check is asked again and again (a HEAD on
 * the URL, AVATAR_CHECK_DELAYS_MS), and every PROBE_EVERY_MS by sending the file again, whose answer
 * also tells a refusal apart; once it passed, the profile takes the URL. After AVATAR_CHECK_GIVE_UP_MS
 * it stops and says so, with a retry.
 */
import { makeAutoObservable } from 'mobx-miniprogram'
import { AppError, toAppError } from '../core/errors'
import { Generation } from '../core/generation'
import { cutName } from '../core/profile'
import type { Cancel, Schedule } from '../core/timers'
import type { Profile } from '../core/types'
import type { BackendService } from '../services/types'
import type { AvatarState, ProfileState } from './types'

/** Readies a picked picture for upload: jpeg or png, at most 1 MB (platform/avatar-image.ts on WeChat). */
export interface AvatarImages {
  /** the path to upload (maybe a compressed copy); rejects NOT_ALLOWED with the reason in Chinese */
  prepare(localPath: string): Promise<string>
}

/** The profile remembered on this phone (platform/profile.ts on WeChat), so the next launch signs in with it. */
export interface ProfileMemory {
  remember(change: { name?: string; avatar?: string }): void
}

export interface ProfileDeps {
  backend?: Pick<BackendService, 'updateProfile' | 'uploadAvatar' | 'avatarReady'>
  images?: AvatarImages
  memory?: ProfileMemory
  me(): Profile | null
  /** NOT_CONNECTED / KICKED unless connected */
  requireConnected(): void
  /** shows `next` as me and tells the network (the session's publish) */
  publish(next: Profile): Promise<void>
  schedule: Schedule
  now(): number
}

/** Waits between two checks of a pending avatar: quick at first, then every 30 s. */
export const AVATAR_CHECK_DELAYS_MS = [2000, 4000, 8000, 15_000, 30_000] as const
/** A check sends the file again at most this often (its answer tells a refusal from a wait). */
export const PROBE_EVERY_MS = 60_000
/** WeChat answers within 30 minutes; past that the app stops asking. */
export const AVATAR_CHECK_GIVE_UP_MS = 30 * 60_000

const idle = (): AvatarState => ({ stage: 'idle', progress: 0, localPath: '', error: '', canRetry: false })

export class ProfileEditor implements ProfileState {
  avatar: AvatarState = idle()
  /** the uploaded avatar whose picture this phone has (avatar.localPath), for my own eyes */
  private previewFor = ''
  private uploadPath = ''
  private readonly attempt = new Generation()
  private timer: Cancel | null = null

  constructor(private readonly deps: ProfileDeps) {
    makeAutoObservable<this, 'deps' | 'attempt' | 'timer' | 'uploadPath'>(
      this,
      { deps: false, attempt: false, timer: false, uploadPath: false },
      { autoBind: true },
    )
  }

  /** My avatar as my own phone shows it: the picture being checked, or the uploaded one from its local copy. */
  get myAvatar(): string {
    const me = this.deps.me()
    if (this.avatar.localPath && this.avatar.stage !== 'idle') return this.avatar.localPath
    if (me?.avatar && me.avatar === this.previewFor && this.avatar.localPath) return this.avatar.localPath
    return me?.avatar ?? ''
  }

  async changeName(name: string): Promise<void> {
    const clean = typeof name === 'string' ? cutName(name) : ''
    if (!clean) throw new AppError('NOT_ALLOWED', '请输入昵称')
    this.deps.requireConnected()
    const me = this.requireMe()
    if (clean === me.name) return
    const backend = this.deps.backend
    // the server cleans and checks it (CONTENT_REJECTED 「昵称含有不当内容，请修改」): nothing changes then
    const accepted = backend ? (await backend.updateProfile(input(clean, me.avatar))).name : clean
    const now = this.requireMe()
    await this.deps.publish(withLook(now, accepted, now.avatar))
    this.deps.memory?.remember({ name: accepted })
  }

  /**
   * Uploads the picture chooseAvatar gave (`localPath`) and, once it passed the check, makes its URL
   * my avatar. Resolves when the upload is done (the check may go on); rejects with what went wrong,
   * which `avatar` shows too.
   */
  async changeAvatar(localPath: string): Promise<void> {
    if (typeof localPath !== 'string' || !localPath) throw new AppError('NOT_ALLOWED', '请先选择头像图片')
    this.deps.requireConnected()
    if (!this.deps.backend) {
      throw new AppError('SERVICE_NOT_ENABLED', '没有配置服务器，头像无法上传：别人只会看到你的字母头像')
    }
    const turn = this.startAttempt()
    this.avatar = { ...idle(), stage: 'preparing', localPath }
    try {
      this.uploadPath = this.deps.images ? await this.deps.images.prepare(localPath) : localPath
      if (!this.attempt.isCurrent(turn)) return
      await this.upload(turn)
    } catch (error) {
      if (this.attempt.isCurrent(turn)) this.fail(toAppError(error))
      throw toAppError(error)
    }
  }

  /** The retry button: uploads the same picture again. */
  async retryAvatar(): Promise<void> {
    const { localPath } = this.avatar
    if (!localPath) throw new AppError('NOT_ALLOWED', '请先选择头像图片')
    await this.changeAvatar(localPath)
  }

  /** Signing out: nothing goes on in the background. */
  stop(): void {
    this.startAttempt()
    this.avatar = idle()
    this.previewFor = ''
  }

  // ---- internals --------------------------------------------------------------------------

  private async upload(turn: number, startedAt = this.deps.now()): Promise<void> {
    const backend = this.requireBackend()
    this.setAvatar({ stage: 'uploading', progress: 0 })
    const up = await backend.uploadAvatar(this.uploadPath, (percent) => {
      if (this.attempt.isCurrent(turn)) this.setAvatar({ progress: Math.max(0, Math.min(100, Math.round(percent))) })
    })
    if (!this.attempt.isCurrent(turn)) return
    if (up.status === 'approved') return this.apply(turn, up.avatar)
    this.setAvatar({ stage: 'checking', progress: 100 })
    this.check(turn, up.avatar, startedAt, 0, startedAt)
  }

  /** The next check of a pending avatar, `round` checks in. */
  private check(turn: number, url: string, startedAt: number, round: number, probedAt: number): void {
    const delay = AVATAR_CHECK_DELAYS_MS[Math.min(round, AVATAR_CHECK_DELAYS_MS.length - 1)]
    this.timer = this.deps.schedule(() => void this.checkNow(turn, url, startedAt, round, probedAt), delay)
  }

  private async checkNow(turn: number, url: string, startedAt: number, round: number, probedAt: number): Promise<void> {
    this.timer = null
    if (!this.attempt.isCurrent(turn)) return
    const now = this.deps.now()
    if (now - startedAt >= AVATAR_CHECK_GIVE_UP_MS) {
      return this.fail(new AppError('NETWORK', '头像审核迟迟没有结果，请稍后重试或换一张'))
    }
    const probe = now - probedAt >= PROBE_EVERY_MS
    let passed = false
    try {
      const backend = this.requireBackend()
      // sending it again tells a refusal (CONTENT_REJECTED) apart from a wait; a HEAD costs nothing
      passed = probe ? (await backend.uploadAvatar(this.uploadPath)).status === 'approved' : await backend.avatarReady(url)
    } catch (error) {
      const appError = toAppError(error)
      if (this.attempt.isCurrent(turn) && (appError.code === 'CONTENT_REJECTED' || appError.code === 'NOT_ALLOWED')) return this.fail(appError)
      // a network hiccup: ask again later
    }
    if (!this.attempt.isCurrent(turn)) return
    if (passed) return this.apply(turn, url)
    this.check(turn, url, startedAt, round + 1, probe ? now : probedAt)
  }

  /** The picture passed: the profile takes its URL (the server first, then the network), and this phone remembers it. */
  private async apply(turn: number, url: string): Promise<void> {
    try {
      const backend = this.requireBackend()
      const me = this.requireMe()
      const accepted = await backend.updateProfile(input(me.name, url))
      if (!this.attempt.isCurrent(turn)) return
      const now = this.requireMe()
      await this.deps.publish(withLook(now, now.name, accepted.avatar ?? url))
      this.deps.memory?.remember({ avatar: url })
      if (!this.attempt.isCurrent(turn)) return
      this.previewFor = url
      this.setAvatar({ stage: 'idle', progress: 0, error: '', canRetry: false })
    } catch (error) {
      if (this.attempt.isCurrent(turn)) this.fail(toAppError(error))
    }
  }

  private fail(error: AppError): void {
    // a refused picture needs another picture; anything else may work on a second try
    const canRetry = error.code !== 'CONTENT_REJECTED' && error.code !== 'NOT_ALLOWED' && error.code !== 'SERVICE_NOT_ENABLED'
    this.setAvatar({ stage: 'failed', error: error.message, canRetry })
  }

  private startAttempt(): number {
    this.timer?.()
    this.timer = null
    return this.attempt.next()
  }

  private setAvatar(change: Partial<AvatarState>): void {
    this.avatar = { ...this.avatar, ...change }
  }

  private requireMe(): Profile {
    const me = this.deps.me()
    if (!me) throw new AppError('NOT_CONNECTED')
    return me
  }

  private requireBackend(): NonNullable<ProfileDeps['backend']> {
    if (!this.deps.backend) throw new AppError('SERVICE_NOT_ENABLED')
    return this.deps.backend
  }
}

function input(name: string, avatar: string | undefined): { name: string; avatar?: string } {
  return avatar ? { name, avatar } : { name }
}

function withLook(me: Profile, name: string, avatar: string | undefined): Profile {
  return avatar ? { id: me.id, name, avatar } : { id: me.id, name }
}
