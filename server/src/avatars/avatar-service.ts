/**
 * Avatars: upload → metadata stripped → WeChat's media check → served once it passed.
 *
 * WeChat's image check today is mediaCheckAsync v2 only ("内容安全接口2.0版本仅支持异步", WeChat
 * staff; the synchronous imgSecCheck is v1, not updated since 2021-09-01). It downloads the image
 * from a URL we give and pushes its verdict to our message-push route within 30 minutes. So:
 *
 *   1. POST /v1/avatar stores the cleaned image as *pending* under its SHA-256 and asks WeChat to
 *      check a signed, expiring URL of it (`/v1/avatar-checks/<file>?e=&s=`: only WeChat has it);
 *      the answer already names the final URL (`/v1/avatars/<file>`), which is 404 until approved —
 *      others see the letter avatar meanwhile;
 *   2. WeChat fetches the signed URL: the store records that the bytes were really downloaded;
 *   3. the push (wxa_media_check, matched by trace_id) approves (`pass`) or rejects (`risky`, and
 *      `review`: an avatar is public and lasting, a doubt is enough). A `pass` for an image WeChat
 *      never downloaded is not trusted (WeChat is reported to answer `pass` for URLs it cannot
 *      fetch): the image stays unapproved and the log says so.
 *
 * Every record lives in the shared store (a directory or a bucket), so the instance that receives
 * WeChat's download or push need not be the one that took the upload:
 *   avatars/<hash>.<ext>   approved, served publicly, immutable
 *   pending/<hash>.<ext>   waiting for the verdict (only the signed URL serves it)
 *   pending/<hash>.json    { ext, userId, traceId, at }
 *   traces/<traceId>.json  { hash, ext, at }: what a push is about
 *   fetched/<hash>         WeChat downloaded the pending bytes
 *   rejected/<hash>        the check refused it: the same bytes are refused at once next time
 * Pending records without a verdict are never served; a lifecycle rule may expire `pending/`,
 * `traces/` and `fetched/` after a day.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { Clock } from '../clock'
import { ApiError } from '../errors'
import type { CleanImage } from '../media/image'
import type { BlobStore } from '../storage/blob-store'
import type { Trace } from '../upstream/http'
import { SCENE } from '../upstream/wechat'
import type { Suggest, WeChatClient } from '../upstream/wechat'
import type { UserIdCipher } from '../crypto/user-id'
import { Lru } from '../moderation/lru'

/** `<64 hex>.png|jpg`: the only file names the avatar routes accept */
export const AVATAR_FILE = /^([0-9a-f]{64})\.(png|jpg)$/

/** WeChat pushes within 30 minutes; the signed URL lives a little longer */
const CHECK_URL_TTL_MS = 60 * 60_000
/** a pending image whose check was asked this recently is not asked again */
const RECHECK_AFTER_MS = 30 * 60_000
const MEMORY_CACHE_MAX_BYTES = 256 * 1024

export type AvatarStatus = 'approved' | 'pending'
export type VerdictOutcome = 'approved' | 'rejected' | 'unverified' | 'unknown'

interface PendingRecord {
  ext: string
  userId: string
  traceId: string
  at: number
}

export interface AvatarServiceOptions {
  store: BlobStore
  wechat: WeChatClient
  users: UserIdCipher
  clock: Clock
  log: FastifyBaseLogger
  /** PUBLIC_URL: the base of every URL handed out */
  publicUrl: string
  /** key of the signed check URLs */
  urlKey: Buffer
}

export class AvatarService {
  /** approved images are immutable: small ones are kept in memory (per instance) */
  private readonly memory: Lru<{ bytes: Buffer; contentType: string }>

  constructor(private readonly o: AvatarServiceOptions) {
    this.memory = new Lru(o.clock, 128, 24 * 3600_000)
  }

  get store(): BlobStore {
    return this.o.store
  }

  publicUrl(file: string): string {
    return `${this.o.publicUrl}/v1/avatars/${file}`
  }

  /** Is this URL one of our avatar URLs (approved or not)? */
  isOurs(url: string): boolean {
    const prefix = `${this.o.publicUrl}/v1/avatars/`
    return url.startsWith(prefix) && AVATAR_FILE.test(url.slice(prefix.length))
  }

  private sign(file: string, expires: number): string {
    return createHmac('sha256', this.o.urlKey).update(`${file}|${expires}`).digest('base64url')
  }

  checkUrl(file: string): string {
    const expires = this.o.clock.now() + CHECK_URL_TTL_MS
    return `${this.o.publicUrl}/v1/avatar-checks/${file}?e=${expires}&s=${this.sign(file, expires)}`
  }

  async upload(userId: string, image: CleanImage, trace?: Trace): Promise<{ avatar: string; status: AvatarStatus }> {
    const hash = createHash('sha256').update(image.bytes).digest('hex')
    const file = `${hash}.${image.ext}`
    const avatar = this.publicUrl(file)
    const { store } = this.o
    if (await store.exists(`avatars/${file}`)) return { avatar, status: 'approved' }
    if (await store.exists(`rejected/${hash}`)) throw new ApiError('CONTENT_REJECTED', '头像未通过安全检查，请换一张')
    const previous = await this.readJson<PendingRecord>(`pending/${hash}.json`)
    if (previous && this.o.clock.now() - previous.at < RECHECK_AFTER_MS) return { avatar, status: 'pending' }

    const openid = this.o.users.decrypt(userId)
    if (!openid) throw new ApiError('TOKEN_INVALID')
    await store.put(`pending/${file}`, image.bytes, image.mime)
    // the check is asked only once the bytes are where WeChat will fetch them
    const traceId = await this.o.wechat.mediaCheckAsync(this.checkUrl(file), openid, SCENE.PROFILE, trace)
    const at = this.o.clock.now()
    await Promise.all([
      this.writeJson(`traces/${traceKey(traceId)}.json`, { hash, ext: image.ext, at }),
      this.writeJson(`pending/${hash}.json`, { ext: image.ext, userId, traceId, at } satisfies PendingRecord),
    ])
    this.o.log.info({ event: 'avatar_pending', hash, traceId, width: image.width, height: image.height, removed: image.removed }, 'avatar sent to the media check')
    return { avatar, status: 'pending' }
  }

  /** An approved avatar, or null (unknown, pending or rejected all look the same from outside). */
  async approved(file: string): Promise<{ bytes: Buffer; contentType: string } | null> {
    if (!AVATAR_FILE.test(file)) return null
    const cached = this.memory.get(file)
    if (cached) return cached
    const blob = await this.o.store.get(`avatars/${file}`)
    if (!blob) return null
    const value = { bytes: blob.bytes, contentType: file.endsWith('.png') ? 'image/png' : 'image/jpeg' }
    if (blob.bytes.length <= MEMORY_CACHE_MAX_BYTES) this.memory.set(file, value)
    return value
  }

  /** The pending bytes for WeChat's checker, if the signed URL is valid; records the download. */
  async forCheck(file: string, expires: unknown, signature: unknown): Promise<{ bytes: Buffer; contentType: string } | null> {
    const m = AVATAR_FILE.exec(file)
    if (!m || typeof expires !== 'string' || typeof signature !== 'string' || !/^\d{1,16}$/.test(expires)) return null
    if (Number(expires) < this.o.clock.now()) return null
    const want = Buffer.from(this.sign(file, Number(expires)))
    const got = Buffer.from(signature)
    if (want.length !== got.length || !timingSafeEqual(want, got)) return null
    const blob = await this.o.store.get(`pending/${file}`)
    if (!blob) return null
    await this.o.store.put(`fetched/${m[1]}`, Buffer.from(String(this.o.clock.now())), 'text/plain')
    return { bytes: blob.bytes, contentType: file.endsWith('.png') ? 'image/png' : 'image/jpeg' }
  }

  /** WeChat's verdict for a check we asked for. */
  async onVerdict(traceId: string, suggest: Suggest, label: number): Promise<VerdictOutcome> {
    const { store, log } = this.o
    const record = await this.readJson<{ hash: string; ext: string }>(`traces/${traceKey(traceId)}.json`)
    if (!record || !/^[0-9a-f]{64}$/.test(record.hash) || (record.ext !== 'png' && record.ext !== 'jpg')) {
      log.warn({ event: 'avatar_verdict_unknown', traceId, suggest }, 'media check verdict for no known upload')
      return 'unknown'
    }
    const { hash, ext } = record
    const file = `${hash}.${ext}`
    let outcome: VerdictOutcome
    if (suggest === 'pass') {
      const pending = await store.get(`pending/${file}`)
      if (pending && (await store.exists(`fetched/${hash}`))) {
        await store.put(`avatars/${file}`, pending.bytes, ext === 'png' ? 'image/png' : 'image/jpeg')
        outcome = 'approved'
      } else {
        outcome = pending ? 'unverified' : 'unknown'
      }
    } else {
      await store.put(`rejected/${hash}`, Buffer.from(JSON.stringify({ suggest, label })), 'application/json')
      outcome = 'rejected'
    }
    if (outcome !== 'unknown') await Promise.all([store.delete(`pending/${file}`), store.delete(`pending/${hash}.json`), store.delete(`traces/${traceKey(traceId)}.json`)])
    const line = { event: `avatar_${outcome}`, hash, traceId, suggest, label }
    if (outcome === 'unverified') log.warn(line, 'media check said pass for an image it never downloaded: not approved (is PUBLIC_URL reachable from WeChat?)')
    else log.info(line, 'avatar verdict')
    return outcome
  }

  private async readJson<T>(key: string): Promise<T | null> {
    const blob = await this.o.store.get(key)
    if (!blob) return null
    try {
      return JSON.parse(blob.bytes.toString('utf8')) as T
    } catch {
      return null
    }
  }

  private writeJson(key: string, value: object): Promise<void> {
    return this.o.store.put(key, Buffer.from(JSON.stringify(value)), 'application/json')
  }
}

/** WeChat's trace ids look like `639c20ec-37b7ee17-0ce59670`; anything else is made key-safe. */
export function traceKey(traceId: string): string {
  const safe = traceId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 100)
  return safe || '_'
}
