/**
 * Room operations. This server keeps no state: every request reads the room's truth from
 * RongCloud (authority.ts), acts through RongCloud's server API and writes signed documents back
 * into chatroom KV, repairing any server-owned entry a client force-wrote or force-deleted.
 */
import { randomInt } from 'node:crypto'
import type { Clock } from '../clock'
import { CLAIM_TTL_MS, MAX_GUESTS, guestList, hostClaim, listing, muteList, viewersOf } from '../documents'
import type { DocumentSigner, GuestList, MuteList, Signed } from '../documents'
import { ApiError } from '../errors'
import { ROOM_KEYS, roomChatroomId } from '../kv-keys'
import { cleanAvatar, cleanName, makeProfile } from '../profile'
import type { Profile } from '../profile'
import type { Trace } from '../upstream/http'
import type { RongCloudClient } from '../upstream/rongcloud'
import { createTimeMs } from './authority'
import type { ChatroomInfo, RoomAuthority, RoomState } from './authority'
import { KeyedMutex } from './keyed-mutex'
import type { Lobby, Logger } from './lobby'

/** A live room's chatroom survives a day without messages even with no keepalive slot. */
export const ROOM_DESTROY_MINUTES = 1440
/** RongCloud's longest chat ban: 30 days (https://docs.rongcloud.io/platform-chat-api/chatroom/mute/gag-user) */
export const GAG_MINUTES = 43200
/** a chatroom younger than this with no claim yet may be someone's create in progress */
export const FRESH_CHATROOM_MS = 15_000
const SERVER_CHOSEN_TRIES = 8

type Live = Extract<RoomState, { state: 'live' }>

export interface Presented {
  hostClaim?: string
  guestList?: string
}

export function randomRoomNumber(): string {
  return String(randomInt(100000, 1000000))
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a)
  return sa.size === new Set(b).size && b.every((x) => sa.has(x))
}

export class RoomService {
  private readonly mutex = new KeyedMutex()

  constructor(
    private readonly rc: RongCloudClient,
    private readonly authority: RoomAuthority,
    private readonly lobby: Lobby,
    private readonly signer: DocumentSigner,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  // ---- create / heartbeat / end ----------------------------------------------------------------

  async create(host: Profile, roomId: string | undefined, title: string | undefined, trace?: Trace): Promise<{ roomId: string; hostClaim: string }> {
    const candidates = roomId !== undefined ? [roomId] : Array.from({ length: SERVER_CHOSEN_TRIES }, randomRoomNumber)
    for (const id of candidates) {
      const claim = await this.mutex.run(id, () => this.tryCreate(host, id, title, trace))
      if (claim) return { roomId: id, hostClaim: claim }
    }
    throw new ApiError('ROOM_TAKEN', roomId !== undefined ? '这个房间号正在直播，请换一个' : '暂时没有空闲的房间号，请稍后再试')
  }

  /** The new claim's token, or null when the number is taken. */
  private async tryCreate(host: Profile, roomId: string, title: string | undefined, trace?: Trace): Promise<string | null> {
    const chatroomId = roomChatroomId(roomId)
    const state = await this.authority.resolve(roomId, { trace })
    let reuse = false
    switch (state.state) {
      case 'live':
        // the same host asking again (a retried request): it is theirs already
        return state.claim.doc.host.id === host.id ? state.claim.token : null
      case 'unknown':
        // taken, its host documents deleted; only a chatroom with nobody but the caller in it
        // (their phone joined before asking) may be taken over
        if (!(await this.onlyMember(chatroomId, host.id, trace))) return null
        reuse = true
        break
      case 'over':
        if (!state.expiredHost && this.clock.now() - state.chatroom.since < FRESH_CHATROOM_MS) return null
        // an ended or abandoned chatroom: a new one, so that no document of the old room applies
        await this.rc.destroyChatroom(chatroomId, trace)
        break
      case 'absent':
        break
    }
    if (!reuse) await this.createChatroom(chatroomId, trace)
    const info = await this.rc.getChatroom(chatroomId, trace)
    if (!info) throw new ApiError('NETWORK')
    const claim = this.signer.sign(hostClaim(roomId, host, createTimeMs(info.createTime), this.clock.now() + CLAIM_TTL_MS, title))
    if (reuse) {
      await this.rc.forceSetEntries(chatroomId, host.id, { [ROOM_KEYS.hostClaim]: claim.token }, trace)
    } else if ((await this.rc.setEntry(chatroomId, host.id, ROOM_KEYS.hostClaim, claim.token, trace)) === 'taken') {
      return null // someone else's create won the entry
    }
    await Promise.all([
      this.lobby.keepAlive(chatroomId, trace).catch((e) => this.log.warn({ roomId, reason: String(e) }, 'keepalive failed')),
      // nobody watches a room that did not exist a moment ago (a reused chatroom holds only its host)
      this.lobby.publish(listing(claim.doc, 0), host.id, trace).catch((e) => this.log.warn({ roomId, reason: String(e) }, 'listing not published')),
    ])
    return claim.token
  }

  private async createChatroom(chatroomId: string, trace?: Trace): Promise<void> {
    try {
      await this.rc.createChatroom(chatroomId, ROOM_DESTROY_MINUTES, trace)
    } catch (e) {
      // an existing chatroom may answer with an error; what counts is that it exists now
      if (!(await this.rc.getChatroom(chatroomId, trace))) throw e
    }
  }

  private async onlyMember(chatroomId: string, userId: string, trace?: Trace): Promise<boolean> {
    const members = await this.rc.members(chatroomId, 2, trace)
    return members.total === 1 && members.ids[0] === userId
  }

  async heartbeat(caller: Profile, roomId: string, presented: Presented, trace?: Trace): Promise<{ hostClaim: string }> {
    return this.mutex.run(roomId, async () => {
      const chatroomId = roomChatroomId(roomId)
      const [state, gagged] = await Promise.all([
        this.authority.resolve(roomId, { presented: presented.hostClaim, trace }),
        this.rc.gagList(chatroomId, trace),
      ])
      const live = this.requireHost(state, caller)
      const now = this.clock.now()
      const { since, title } = live.claim.doc
      const renewed = this.signer.sign(hostClaim(roomId, caller, since, now + CLAIM_TTL_MS, title))
      const writes: Record<string, string> = { [ROOM_KEYS.hostClaim]: renewed.token }
      const mutes = this.muteDoc(roomId, live.chatroom, gagged)
      if (mutes.repair) writes[ROOM_KEYS.muteList] = mutes.signed.token
      const guests = this.guestDoc(roomId, live.chatroom, presented.guestList)
      if (guests.repair) writes[ROOM_KEYS.guestList] = guests.signed.token
      if (Object.keys(writes).length > 1 || live.source !== 'kv') {
        this.log.info({ roomId, repaired: Object.keys(writes), source: live.source }, 'room entries repaired')
      }
      await Promise.all([
        this.rc.forceSetEntries(chatroomId, caller.id, writes, trace),
        // how many watch, from the member count the room's resolve read anyway: no call per viewer
        // and none more per heartbeat; the lobby's figure is as old as the last heartbeat (≤ 30 s)
        this.lobby.publish(listing(renewed.doc, viewersOf(live.chatroom.memberCount)), caller.id, trace).catch((e) => this.log.warn({ roomId, reason: String(e) }, 'listing not renewed')),
      ])
      return { hostClaim: renewed.token }
    })
  }

  async end(caller: Profile, roomId: string, presented: string | undefined, trace?: Trace): Promise<void> {
    await this.mutex.run(roomId, async () => {
      const state = await this.authority.resolve(roomId, { presented, trace })
      // ending a room that just expired is still the host's to clean up
      if (!(state.state === 'over' && state.expiredHost?.id === caller.id)) this.requireHost(state, caller)
      await this.dispose(roomId, trace)
    })
  }

  /** Destroys the chatroom (members are told by RongCloud), takes it off keepalive and the lobby. */
  async dispose(roomId: string, trace?: Trace): Promise<void> {
    const chatroomId = roomChatroomId(roomId)
    await this.rc.destroyChatroom(chatroomId, trace)
    await Promise.all([
      this.rc.keepaliveRemove(chatroomId, trace).catch((e) => this.log.warn({ err: e, roomId }, 'keepalive not removed')),
      this.lobby.remove(roomId, trace).catch((e) => this.log.warn({ err: e, roomId }, 'listing not removed')),
    ])
  }

  // ---- the truth, for anyone ---------------------------------------------------------------------

  async view(roomId: string, trace?: Trace): Promise<{ roomId: string; hostClaim: string | null; muteList: string; guestList: string | null }> {
    const [state, gagged] = await Promise.all([this.authority.resolve(roomId, { trace }), this.rc.gagList(roomChatroomId(roomId), trace)])
    if (state.state === 'absent' || state.state === 'over') throw new ApiError('ROOM_NOT_FOUND')
    return {
      roomId,
      hostClaim: state.state === 'live' ? state.claim.token : null,
      muteList: this.muteDoc(roomId, state.chatroom, gagged).signed.token,
      guestList: this.guestDoc(roomId, state.chatroom).current?.token ?? null,
    }
  }

  /** Whether someone may be sent into the room: live, or taken while its claim is being repaired. */
  async isOpen(roomId: string, trace?: Trace): Promise<boolean> {
    const state = await this.authority.resolve(roomId, { trace })
    return state.state === 'live' || state.state === 'unknown'
  }

  // ---- mutes -------------------------------------------------------------------------------------

  async setMuted(caller: Profile, roomId: string, userId: string, muted: boolean, presented: string | undefined, trace?: Trace): Promise<{ muteList: string }> {
    return this.mutex.run(roomId, async () => {
      const chatroomId = roomChatroomId(roomId)
      const [state, gagged] = await Promise.all([this.authority.resolve(roomId, { presented, trace }), this.rc.gagList(chatroomId, trace)])
      const live = this.requireHost(state, caller)
      if (userId === caller.id) throw new ApiError('BAD_REQUEST', '不能禁言自己')
      const next = muted ? [...gagged, userId] : gagged.filter((id) => id !== userId)
      const doc = this.signer.signFitting(muteList(roomId, live.chatroom.since, next, this.clock.now()))
      if (!doc) throw new ApiError('BAD_REQUEST', '禁言名单已满')
      const extra = JSON.stringify({ roomId, by: caller.id })
      // the ban itself is RongCloud's: a muted client cannot send, modified or not (23408)
      if (muted && !gagged.includes(userId)) await this.rc.gagAdd(chatroomId, [userId], GAG_MINUTES, extra, trace)
      if (!muted && gagged.includes(userId)) await this.rc.gagRollback(chatroomId, [userId], extra, trace)
      await this.rc.forceSetEntries(chatroomId, caller.id, { [ROOM_KEYS.muteList]: doc.token }, trace)
      return { muteList: doc.token }
    })
  }

  /** The room's mute list as the gag list says; `repair` when KV does not hold exactly that. */
  private muteDoc(roomId: string, chatroom: ChatroomInfo, gagged: string[]): { signed: Signed<MuteList>; repair: boolean } {
    const raw = chatroom.entries.get(ROOM_KEYS.muteList)
    const stored = this.signer.open('mutes', roomId, raw?.value)
    if (stored && stored.doc.since === chatroom.since && sameSet(stored.doc.muted, gagged)) return { signed: stored, repair: false }
    let ids = gagged
    let signed = this.signer.signFitting(muteList(roomId, chatroom.since, ids, this.clock.now()))
    while (!signed) {
      // more bans than fit one KV value (only possible through other tools): list what fits
      ids = ids.slice(0, Math.floor(ids.length * 0.9))
      signed = this.signer.signFitting(muteList(roomId, chatroom.since, ids, this.clock.now()))
    }
    return { signed, repair: raw !== undefined || gagged.length > 0 }
  }

  // ---- guests ------------------------------------------------------------------------------------

  async addGuest(caller: Profile, roomId: string, userId: string, presented: string | undefined, trace?: Trace): Promise<{ guestList: string }> {
    return this.mutex.run(roomId, async () => {
      const chatroomId = roomChatroomId(roomId)
      const live = this.requireHost(await this.authority.resolve(roomId, { presented, trace }), caller)
      if (userId === caller.id) throw new ApiError('BAD_REQUEST', '主播不能成为连麦嘉宾')
      const current = this.guestDoc(roomId, live.chatroom).current
      const guests = current?.doc.guests ?? []
      if (current && guests.some((g) => g.id === userId)) return { guestList: current.token }
      if (guests.length >= MAX_GUESTS) throw new ApiError('ROOM_FULL')
      const [inRoom, info] = await Promise.all([this.rc.isMember(chatroomId, userId, trace), this.rc.userInfo(userId, trace)])
      if (!inRoom || !info) throw new ApiError('NOT_ALLOWED', '对方已不在房间中')
      // the guest as this server registered them with RongCloud at login: nobody else can set it
      const profile = makeProfile(userId, cleanName(info.name) ?? '嘉宾', cleanAvatar(info.portraitUri))
      const signed = this.signer.signFitting(guestList(roomId, live.chatroom.since, [...guests, profile], this.clock.now()))
      if (!signed) throw new ApiError('BAD_REQUEST', '嘉宾资料过长')
      await this.rc.forceSetEntries(chatroomId, caller.id, { [ROOM_KEYS.guestList]: signed.token }, trace)
      return { guestList: signed.token }
    })
  }

  async removeGuest(caller: Profile, roomId: string, userId: string, presented: string | undefined, trace?: Trace): Promise<{ guestList: string }> {
    return this.mutex.run(roomId, async () => {
      const state = await this.authority.resolve(roomId, { presented, trace })
      if (state.state === 'absent' || state.state === 'over') throw new ApiError('ROOM_NOT_FOUND')
      // a guest may always step down; anyone else's removal is the host's call
      if (caller.id !== userId) this.requireHost(state, caller)
      const current = this.guestDoc(roomId, state.chatroom).current
      const guests = current?.doc.guests ?? []
      if (current && !guests.some((g) => g.id === userId)) return { guestList: current.token }
      const signed = this.signer.sign(guestList(roomId, state.chatroom.since, guests.filter((g) => g.id !== userId), this.clock.now()))
      const owner = state.state === 'live' ? state.claim.doc.host.id : caller.id
      await this.rc.forceSetEntries(roomChatroomId(roomId), owner, { [ROOM_KEYS.guestList]: signed.token }, trace)
      return { guestList: signed.token }
    })
  }

  /**
   * The guest list: the newest valid one of KV's and the one the host presents. It has no copy
   * outside KV, so the host's heartbeat carries it back if a client deleted it.
   */
  private guestDoc(roomId: string, chatroom: ChatroomInfo, presented?: string): { current: Signed<GuestList> | null; repair: boolean; signed: Signed<GuestList> } {
    const raw = chatroom.entries.get(ROOM_KEYS.guestList)
    const valid = (s: Signed<GuestList> | null) => (s && s.doc.since === chatroom.since ? s : null)
    const stored = valid(this.signer.open('guests', roomId, raw?.value))
    const shown = presented === undefined ? null : valid(this.signer.open('guests', roomId, presented))
    const current = shown && (!stored || shown.doc.at > stored.doc.at) ? shown : stored
    if (current) return { current, repair: current !== stored, signed: current }
    // a forged or unreadable entry is replaced by an empty list
    return { current: null, repair: raw !== undefined, signed: this.signer.sign(guestList(roomId, chatroom.since, [], this.clock.now())) }
  }

  // ---- checks ------------------------------------------------------------------------------------

  private requireHost(state: RoomState, caller: Profile): Live {
    if (state.state === 'absent' || state.state === 'over') throw new ApiError('ROOM_NOT_FOUND')
    if (state.state === 'unknown') throw new ApiError('NOT_ALLOWED', '暂时无法确认主播身份，请稍后再试')
    if (state.claim.doc.host.id !== caller.id) throw new ApiError('NOT_ALLOWED', '只有主播可以这样做')
    return state
  }
}
