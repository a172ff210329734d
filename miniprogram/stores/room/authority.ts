/**
 * What the room trusts when our server is configured (docs/ARCHITECTURE.md "Trust"): its host from
 * the signed host claim (`sig-host`), its mute list from the signed list (`sig-mutes`), each kept
 * as the last valid one (authority-docs.ts); never the unsigned `host` / `muted` entries, nor who
 * wrote an entry, since any client can force-write or force-delete chatroom KV.
 *
 * - Joining: the claim in the room's entries if it verifies, else our server's answer
 *   (GET /v1/rooms/:id); neither: ROOM_NOT_FOUND.
 * - The claim lasts 90 s past the host's last heartbeat. Everyone watches its expiry by the server's
 *   clock (BackendService.now): a claim not renewed for a while is checked with the server, and at
 *   its expiry the room is over. The host renews it every 30 s (POST …/heartbeat with the last claim
 *   and guest list held); a heartbeat answered ROOM_NOT_FOUND or NOT_ALLOWED ends the room.
 * - Mutes go through the server (a RongCloud chat ban, so a muted client cannot send at all) and
 *   come back as a signed list.
 * - Where this phone cannot verify signatures (no BigInt, or no key: mode 'server'), documents
 *   in KV count for nothing: the room asks the server when they change (at most every 2 s) and
 *   every 15 s, and takes only its answers.
 * - The guest list (guests-source.ts) is checked against hostClaim and rides the host's heartbeat.
 */
import { AppError } from '../../core/errors'
import { SIGNED_KEYS } from '../../core/room-protocol'
import { createDocumentVerifier, type DocSource, type DocumentVerifier, type HostClaimDoc, type MuteListDoc } from '../../core/signed-docs'
import { Timers, type Cancel, type Schedule } from '../../core/timers'
import type { Profile } from '../../core/types'
import type { BackendRoom, BackendService, RoomEvent } from '../../services/types'
import { HostClaim, SignedList } from './authority-docs'
import type { RoomChange } from './room-events'

export const HEARTBEAT_MS = 30_000
/** A claim with less life left than this missed a renewal (they come every 30 s, for 90 s): ask the server. */
export const CLAIM_CHECK_MS = 45_000
/** Mode 'server': how often the room's documents are asked for anyway. */
export const SERVER_POLL_MS = 15_000
/** Mode 'server': a changed entry asks the server again, at most this often. */
export const SERVER_ASK_GAP_MS = 2000

/** Our server and the verifier of its documents. */
export interface Trust {
  backend: BackendService
  documents: DocumentVerifier
}

/** 'signed': documents verified here; 'server': only our server's answers; 'unsigned': no server (dev tokens). */
export type TrustMode = 'signed' | 'server' | 'unsigned'

/**
 * The store's trust from its deps: none without a backend; without a verifier, one that checks no
 * signature and so takes only the server's own answers (source 'server').
 */
export function trustOf(backend?: BackendService, documents?: DocumentVerifier): Trust | null {
  if (!backend) return null
  return { backend, documents: documents ?? createDocumentVerifier({ publicKey: '', now: () => backend.now(), ed25519: null }) }
}

export function trustMode(trust: Trust | null): TrustMode {
  if (!trust) return 'unsigned'
  return trust.documents.canVerify ? 'signed' : 'server'
}

/** The room as its documents say; `guestList`: the server's signed guest list, when the server was asked. */
export type RoomDocuments = { host: Profile; title?: string; muted: string[]; guestList?: string }

/** What the documents change in the room (a guest list the server answered goes to co-guests). */
export type AuthorityChange = Pick<RoomChange, 'muted' | 'end' | 'coGuest'>

export interface AuthorityDeps {
  trust: Trust
  schedule: Schedule
  apply(change: AuthorityChange): void
  /** why the room ends when its claim runs out: for the audience, and for the host (it could not renew it) */
  reasons: { expired: string; notRenewed: string }
  /** what the host's heartbeat presents besides the claim (the guest list held) */
  heartbeatExtras?: () => { guestList?: string }
}

export class RoomAuthority {
  readonly mode: 'signed' | 'server'
  private roomId: string | null = null
  private asHost = false
  private visit = 0
  private readonly claim: HostClaim
  readonly mutes: SignedList<MuteListDoc>
  private readonly timers: Timers
  private stopExpiry: Cancel[] = []
  private lastAsk = -Infinity
  private askQueued = false
  private extras: (() => { guestList?: string }) | undefined

  constructor(private readonly deps: AuthorityDeps) {
    const { documents } = deps.trust
    this.mode = documents.canVerify ? 'signed' : 'server'
    this.claim = new HostClaim(documents)
    this.mutes = new SignedList((token, expect, source) => documents.muteList(token, expect, source))
    this.timers = new Timers(deps.schedule)
    this.extras = deps.heartbeatExtras
  }

  get hostId(): string | null {
    return this.claim.doc?.host.id ?? null
  }

  /** the valid claim held: what the room's signed lists are checked against (documents.guestList(t, { claim })) */
  get hostClaim(): HostClaimDoc | null {
    return this.claim.doc
  }

  /** What the host's heartbeat presents besides its claim from now on (the guest list it holds). */
  presentWithHeartbeat(extras: () => { guestList?: string }): void {
    this.extras = extras
  }

  /** A new visit of room `roomId` (or none): everything held is forgotten, every timer stopped. */
  reset(roomId: string | null): void {
    this.visit++
    this.roomId = roomId
    this.asHost = false
    this.claim.reset()
    this.mutes.reset()
    this.timers.clear()
    this.stopExpiry = []
    this.askQueued = false
  }

  /** As host: POST /v1/rooms with the number; null when it is taken (ROOM_TAKEN); the server's answer otherwise. */
  async create(roomId: string, title: string | undefined): Promise<RoomDocuments | null> {
    this.reset(roomId)
    const visit = this.visit
    let hostClaim: string
    try {
      hostClaim = (await this.deps.trust.backend.createRoom(title === undefined ? { roomId } : { roomId, title })).hostClaim
    } catch (e) {
      if (e instanceof AppError && e.code === 'ROOM_TAKEN') return null
      throw e
    }
    if (visit !== this.visit) throw new AppError('NOT_ALLOWED', '已取消开播')
    if (!this.claim.offer(hostClaim, roomId, 'server')) throw new AppError('NETWORK', '服务器的房间凭证无法验证，请检查 config.ts 中的 backend.publicKey')
    return this.documents()
  }

  /** As host, a room that failed to open or is left: over on the server too (best effort: its claim expires anyway). */
  endRoom(roomId: string): Promise<void> {
    return this.deps.trust.backend.endRoom(roomId).catch(() => undefined)
  }

  /** Joining: the claim and mute list in the room's entries if they verify, else the server's answer. */
  async open(roomId: string, entries: Readonly<Record<string, string>>): Promise<RoomDocuments> {
    this.reset(roomId)
    const visit = this.visit
    let guestList: string | null = null
    if (!this.claim.offer(entries[SIGNED_KEYS.hostClaim], roomId, 'kv')) {
      const answer = await this.deps.trust.backend.getRoom(roomId)
      if (visit !== this.visit) throw new AppError('NOT_ALLOWED', '已取消进入房间')
      this.adopt(answer, false)
      if (!this.claim.doc) throw new AppError('ROOM_NOT_FOUND')
      guestList = answer.guestList
    }
    this.offerMutes(entries[SIGNED_KEYS.muteList], 'kv', false)
    return guestList ? { ...this.documents(), guestList } : this.documents()
  }

  /** In the room now: the claim's expiry is watched; as host it is renewed; in mode 'server' the server is asked now and then. */
  start(asHost: boolean): void {
    this.asHost = asHost
    this.armExpiry()
    if (asHost) this.timers.after(HEARTBEAT_MS, () => this.beat())
    if (this.mode === 'server') this.poll()
  }

  onRoomEvent(event: RoomEvent): void {
    if (!this.roomId || !this.claim.doc) return
    if (event.type === 'entry') {
      if (event.key === SIGNED_KEYS.hostClaim) this.offerClaim(event.value, 'kv')
      else if (event.key === SIGNED_KEYS.muteList) this.offerMutes(event.value, 'kv', true)
      // mode 'server': the guest list this phone cannot check; the server's, soon (adopt hands it on)
      else if (event.key === SIGNED_KEYS.guestList && event.value && this.mode === 'server') this.askSoon()
    } else if (event.type === 'rejoined' && event.snapshot.roomId === this.roomId) {
      this.offerClaim(event.snapshot.entries[SIGNED_KEYS.hostClaim], 'kv')
      this.offerMutes(event.snapshot.entries[SIGNED_KEYS.muteList], 'kv', true)
    }
  }

  /** Mutes or unmutes through the server (a RongCloud chat ban); resolves with the list it signed, or the newer one held. */
  async setMuted(userId: string, muted: boolean): Promise<string[]> {
    const { roomId } = this
    const claim = this.claim.doc
    if (!roomId || !claim) throw new AppError('NOT_ALLOWED', '当前不在直播中')
    const { backend } = this.deps.trust
    const { muteList } = muted ? await backend.mute(roomId, userId) : await backend.unmute(roomId, userId)
    if (roomId === this.roomId) this.mutes.offer(muteList, claim, 'server')
    return this.mutes.doc?.muted.slice() ?? []
  }

  // ---- internals -------------------------------------------------------------------------------

  private documents(): RoomDocuments {
    const claim = this.claim.doc as NonNullable<HostClaim['doc']>
    const muted = this.mutes.doc?.muted.slice() ?? []
    return claim.title ? { host: claim.host, title: claim.title, muted } : { host: claim.host, muted }
  }

  private offerClaim(token: string | null | undefined, source: DocSource): void {
    if (!this.roomId) return
    if (this.claim.offer(token, this.roomId, source)) this.armExpiry()
    else if (this.mode === 'server' && source === 'kv' && token) this.askSoon()
  }

  /** `tell`: the room is entered, and a list that changes who is muted changes it there too */
  private offerMutes(token: string | null | undefined, source: DocSource, tell: boolean): void {
    const claim = this.claim.doc
    const before = this.mutes.doc?.muted ?? []
    const doc = claim ? this.mutes.offer(token, claim, source) : null
    if (doc && tell && !sameMembers(before, doc.muted)) this.deps.apply({ muted: doc.muted.slice() })
    else if (!doc && this.mode === 'server' && source === 'kv' && token) this.askSoon()
  }

  private adopt(answer: BackendRoom, tell = true): void {
    this.offerClaim(answer.hostClaim, 'server')
    this.offerMutes(answer.muteList, 'server', tell)
    if (tell && answer.guestList && this.claim.doc) this.deps.apply({ coGuest: { kind: 'answer', guestList: answer.guestList } })
  }

  private end(reason: string): void {
    this.reset(null)
    this.deps.apply({ end: reason })
  }

  /** At the claim's expiry the room is over; some time before it, a claim not renewed is checked with the server. */
  private armExpiry(): void {
    for (const stop of this.stopExpiry) stop()
    const claim = this.claim.doc
    if (!claim) return
    const left = claim.exp - this.deps.trust.backend.now()
    this.stopExpiry = [this.timers.after(left, () => this.expire())]
    if (!this.asHost && left > CLAIM_CHECK_MS) this.stopExpiry.push(this.timers.after(left - CLAIM_CHECK_MS, () => this.refresh()))
  }

  private expire(): void {
    const claim = this.claim.doc
    if (!claim) return
    // the server's clock as this phone estimates it may have moved since the timer was set
    if (claim.exp > this.deps.trust.backend.now()) this.armExpiry()
    else this.end(this.asHost ? this.deps.reasons.notRenewed : this.deps.reasons.expired)
  }

  private beat(): void {
    const { roomId, visit } = this
    const token = this.claim.token
    if (!roomId || !token) return
    const extras = this.extras?.() ?? {}
    this.deps.trust.backend
      .heartbeat(roomId, { hostClaim: token, ...extras })
      .then(
        ({ hostClaim }) => {
          if (visit === this.visit) this.offerClaim(hostClaim, 'server')
        },
        (e: unknown) => {
          // over on the server, or no longer ours; anything else (the network) is tried again in 30 s
          if (visit === this.visit && e instanceof AppError && (e.code === 'ROOM_NOT_FOUND' || e.code === 'NOT_ALLOWED')) this.end(this.deps.reasons.notRenewed)
        },
      )
      .finally(() => {
        if (visit === this.visit) this.timers.after(HEARTBEAT_MS, () => this.beat())
      })
  }

  /** Asks the server for the room's documents; over (ROOM_NOT_FOUND): the room ends. */
  private refresh(): void {
    const { roomId, visit } = this
    if (!roomId) return
    this.lastAsk = this.deps.trust.backend.now()
    this.deps.trust.backend.getRoom(roomId).then(
      (answer) => {
        if (visit === this.visit) this.adopt(answer)
      },
      (e: unknown) => {
        if (visit === this.visit && e instanceof AppError && e.code === 'ROOM_NOT_FOUND') this.end(this.deps.reasons.expired)
      },
    )
  }

  /** Mode 'server': an entry changed that this phone cannot check; the server's answer, soon. */
  private askSoon(): void {
    if (this.askQueued) return
    this.askQueued = true
    const wait = Math.max(0, this.lastAsk + SERVER_ASK_GAP_MS - this.deps.trust.backend.now())
    this.timers.after(wait, () => {
      this.askQueued = false
      this.refresh()
    })
  }

  private poll(): void {
    this.timers.after(SERVER_POLL_MS, () => {
      this.refresh()
      this.poll()
    })
  }
}

const sameMembers = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((id) => b.includes(id))
