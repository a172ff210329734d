/**
 * Simulated people for demo mode, so one person in DevTools sees a living app: some wait in the
 * lobby and answer private messages, some host rooms of their own (opened through the demo's
 * server as the app opens them, so they reach the lobby as signed listings: peer-hosting.ts), and
 * lobby people now and then visit a real person's room as audience and chat; hosts accept a
 * person's mic request, visitors may ask (peer-coguests.ts). They use the same RtsService /
 * RtcService / BackendService as the app and behave as honest clients (they respect mutes and
 * leave ended rooms). Off unless started; stop() removes every trace.
 *
 * Their behaviour repeats for as long as they run: with fake timers advance time
 * (jest.advanceTimersByTimeAsync), never runAllTimers.
 */
import { acceptSignal, memberEntry, SIGNED_KEYS } from '../../core/room-protocol'
import type { DocumentVerifier, HostClaimDoc } from '../../core/signed-docs'
import { Timers } from '../../core/timers'
import type { Profile } from '../../core/types'
import { ROOM_KEYS } from '../../core/wire'
import type { BackendService, PrivateMessageEvent, RoomEvent, RtcService, RtsService, Unsubscribe } from '../types'
import { hubOf, type DemoNetwork } from './network'
import { MIC_ASK_CHANCE, PeerMicGuest, PeerMicHost, serverGuestWriter, type PeerMicIo } from './peer-coguests'
import { openHostedRoom } from './peer-hosting'
import { signedGuests, visitEntry, visitOf, type Visit } from './peer-visit'
import { HostLikeTally, tapHeartsWhile } from './peer-likes'
import { AUDIENCE_LINES, DEFAULTS, HOST_LINES, HOST_PEOPLE, HOST_REPLIES, LOBBY_PEOPLE, PRIVATE_REPLIES, type Range } from './peer-script'
import { pickFresh, type PeerWorld } from './peer-world'

export interface SimulatedPeersOptions {
  /** [0, 1) like Math.random; inject for deterministic tests */
  random?: () => number
  /** how many of the people host a room of their own (0-2); default 2 */
  hosts?: number
  /** delay before answering a private message; default 1.5-4 s */
  replyDelayMs?: Range
  /** pause between chat lines in a room; default 8-20 s */
  chatEveryMs?: Range
  /** how often a lobby person considers visiting someone's room; default 10-30 s */
  visitEveryMs?: Range
  /** how long a visit lasts; default 40-120 s */
  visitLengthMs?: Range
}

export interface SimulatedPeers {
  /** the simulated people */
  people(): Profile[]
  /** numbers of the rooms they host, for joining one as audience */
  rooms(): string[]
  stop(): void
}

const MAX_VISITORS_PER_ROOM = 2

const ignore = (): undefined => undefined


class Peer {
  readonly rts: RtsService
  readonly rtc: RtcService
  readonly backend: BackendService
  readonly documents: DocumentVerifier
  private readonly offs: Unsubscribe[] = []
  /** the room I host, once it is open, and its like total */
  hosting: string | null = null
  private likes: HostLikeTally | null = null
  private mic: PeerMicHost | null = null // the host's side of co-guests
  /** my room's claim, as our server signed it when opening it (its guest lists belong to it) */
  private hostClaim: HostClaimDoc | null = null
  visit: Visit | null = null
  private roomMembers = 1
  private readonly replyPending = new Set<string>()
  /** people already told where the live rooms are */
  private readonly hinted = new Set<string>()

  constructor(
    readonly profile: Profile,
    private readonly world: PeerWorld,
  ) {
    const client = world.network.connect(profile)
    this.rts = client.rts
    this.rtc = client.rtc
    this.backend = client.backend
    this.documents = client.documents
    this.offs.push(
      this.rts.onPrivate((event) => this.onPrivate(event)),
      this.rts.onRoom((event) => this.onRoom(event)),
    )
  }

  async start(host: boolean): Promise<void> {
    await this.rts.connect(this.profile)
    await this.backend.login({ name: this.profile.name })
    if (host) await this.openRoom()
    else await this.rts.enterLobby()
  }

  private async openRoom(): Promise<void> {
    const opened = await openHostedRoom(this, this.world)
    if (!opened) return
    this.roomMembers = opened.memberCount
    this.hosting = opened.roomId
    this.hostClaim = opened.claim
    this.likes = new HostLikeTally((e) => this.rts.setRoomEntry(e.key, e.value), (ms, task) => this.world.timers.after(ms, task))
    // our server's room: the guest list goes through it and comes back signed
    this.mic = new PeerMicHost(this.micIo(), serverGuestWriter(this.backend, opened.roomId, (token) => signedGuests(this.documents, token, opened.claim, 'server')))
    this.world.every(this.world.options.chatEveryMs, () => {
      // talking to an empty room is pointless
      if (this.roomMembers > 1) this.say(this.world.pick(HOST_LINES))
    })
  }

  private say(text: string): void {
    this.rts.sendRoomMessage(text).catch(ignore)
  }

  private onPrivate(event: PrivateMessageEvent): void {
    const from = event.peer
    // people answer people; two simulations answering each other would never stop
    if (this.world.isPeer(from.id) || this.replyPending.has(from.id)) return
    this.replyPending.add(from.id)
    this.world.later(this.world.options.replyDelayMs, () => {
      this.replyPending.delete(from.id)
      this.rts.sendPrivate(from, this.replyText(from.id)).catch(ignore)
      this.rts.clearUnread(from.id).catch(ignore)
    })
  }

  /** The first answer to someone points at a live room, so a lone person can find one to join. */
  private replyText(personId: string): string {
    const rooms = this.world.rooms().filter((r) => r.id !== this.profile.id)
    const firstTime = !this.hinted.has(personId)
    this.hinted.add(personId)
    if (rooms.length > 0 && (firstTime || this.world.random() < 0.2)) {
      const room = this.world.pick(rooms)
      return `${room.name}正在直播，房间号 ${room.roomId}，快去看看吧！`
    }
    return this.world.pick(PRIVATE_REPLIES)
  }

  private onRoom(event: RoomEvent): void {
    switch (event.type) {
      case 'members':
        this.roomMembers = event.count
        return
      case 'message':
        if (this.hosting && !this.world.isPeer(event.message.from.id) && this.world.random() < 0.6) {
          this.world.later(this.world.options.replyDelayMs, () => this.say(this.world.pick(HOST_REPLIES)))
        }
        return
      case 'signal':
        this.onSignal(event.senderId, event.payload)
        return
      case 'entry':
        this.onEntry(event.key, event.value)
        return
      case 'lost':
        if (this.visit) this.backToLobby()
        return
      case 'rejoined':
        return
    }
  }

  private onSignal(senderId: string, payload: unknown): void {
    const mine = this.hosting ? acceptSignal(payload, senderId, this.profile.id, this.mic?.guestIds) : null
    if (mine?.type === 'like') this.likes?.add(mine.count)
    else if (mine) this.mic?.signal(senderId, mine)
    const visit = this.visit
    // honest client: the same rule as the app's (host-only signals count from the recorded host)
    const signal = visit ? acceptSignal(payload, senderId, visit.hostId) : null
    if (!visit || !signal) return
    if (signal.type === 'room-ended') this.backToLobby()
    else if (signal.type === 'mute' && signal.userId === this.profile.id) visit.muted = true
    else if (signal.type === 'unmute' && signal.userId === this.profile.id) visit.muted = false
    // a room of our server's: only its signed guest list counts (onEntry)
    else if (signal.type === 'guests' && !visit.claim) visit.mic?.list(signal.guests)
    else if (signal.type === 'mic-rejected' && signal.userId === this.profile.id) visit.mic?.rejected()
  }

  private onEntry(key: string, value: string | null): void {
    if (this.hosting && value === null && key.startsWith(ROOM_KEYS.memberPrefix)) this.mic?.memberGone(key.slice(ROOM_KEYS.memberPrefix.length))
    // my room's guest list as the server signed it (a guest stepped down through it, say)
    const mine = this.hostClaim && key === SIGNED_KEYS.guestList ? signedGuests(this.documents, value, this.hostClaim, 'kv') : null
    if (mine) this.mic?.listed(mine)
    if (this.visit && visitEntry(this.documents, this.visit, this.profile.id, key, value) === 'ended') this.backToLobby()
  }

  private micIo(): PeerMicIo & { rtc: RtcService } {
    const { world } = this
    return { rts: this.rts, rtc: this.rtc, after: (range, task) => world.timers.after(range[0] + world.random() * (range[1] - range[0]), task) }
  }

  /** Lobby people: maybe visit a real person's room for a while. */
  async considerVisit(): Promise<void> {
    if (this.visit || this.hosting) return
    const candidates = this.world.hub
      .chatrooms.directory()
      .filter((r) => r.memberIds.some((id) => !this.world.isPeer(id)))
      .filter((r) => r.memberIds.filter((id) => this.world.isPeer(id)).length < MAX_VISITORS_PER_ROOM)
      .filter((r) => r.memberIds.length < 15)
    if (candidates.length === 0 || this.world.random() < 0.4) return
    const { roomId } = this.world.pick(candidates)
    const snapshot = await this.rts.joinRoom(roomId)
    const visit = visitOf(this.documents, roomId, snapshot.entries, this.profile.id)
    if (!visit || this.world.timers.closed) {
      await this.rts.enterLobby()
      return
    }
    this.visit = visit
    const entry = memberEntry(this.profile)
    await this.rts.setRoomEntry(entry.key, entry.value)
    const { streams } = await this.rtc.join(roomId)
    const hostStream = streams.find((s) => s.userId === visit.hostId)
    if (hostStream) await this.rtc.subscribe(hostStream.id)
    if (this.visit !== visit) return
    visit.mic = new PeerMicGuest(this.micIo(), this.profile, () => this.visit === visit)
    visit.mic.maybeAsk(!this.world.isPeer(visit.hostId) && this.world.random() < MIC_ASK_CHANCE)
    this.world.later(this.world.options.replyDelayMs, () => this.visitChat(visit))
    tapHeartsWhile(() => this.visit === visit, this.world.later, this.world.random, (count) => this.rts.sendRoomSignal({ type: 'like', count }))
    this.world.later(this.world.options.visitLengthMs, () => {
      if (this.visit === visit) this.backToLobby()
    })
  }

  private visitChat(visit: Visit): void {
    if (this.visit !== visit) return
    if (!visit.muted) this.say(this.world.pick(AUDIENCE_LINES))
    this.world.later(this.world.options.chatEveryMs, () => this.visitChat(visit))
  }

  private backToLobby(): void {
    this.visit = null
    this.rtc.leave().catch(ignore)
    this.rts.enterLobby().catch(ignore)
  }

  stop(): void {
    // a room of our server's lives on until its claim expires: end it, as its host would
    if (this.hosting) this.backend.endRoom(this.hosting).catch(ignore)
    this.hosting = null
    this.hostClaim = null
    this.mic?.stop()
    this.visit = null
    for (const off of this.offs) off()
    this.offs.length = 0
    this.rts.disconnect().catch(ignore)
  }
}

export function startSimulatedPeers(network: DemoNetwork, options: SimulatedPeersOptions = {}): SimulatedPeers {
  const hub = hubOf.get(network)
  if (!hub) throw new Error('startSimulatedPeers needs a network made by createDemoNetwork')
  const random = options.random ?? Math.random
  const timers = new Timers((fn, ms) => hub.scheduler.after(ms, fn))
  const delay = (range: Range): number => range[0] + random() * (range[1] - range[0])
  const later = (range: Range, task: () => void): void => {
    if (!timers.closed) timers.after(delay(range), task)
  }
  const every = (range: Range, task: () => void): void =>
    later(range, () => {
      task()
      every(range, task)
    })
  const hostCount = Math.max(0, Math.min(HOST_PEOPLE.length, options.hosts ?? HOST_PEOPLE.length))
  const everyone = [...HOST_PEOPLE.slice(0, hostCount), ...LOBBY_PEOPLE]
  const ids = new Set(everyone.map((p) => p.id))
  const peers: Peer[] = []
  const world: PeerWorld = {
    network,
    hub,
    timers,
    later,
    every,
    random,
    now: hub.now,
    options: {
      replyDelayMs: options.replyDelayMs ?? DEFAULTS.replyDelayMs,
      chatEveryMs: options.chatEveryMs ?? DEFAULTS.chatEveryMs,
      visitEveryMs: options.visitEveryMs ?? DEFAULTS.visitEveryMs,
      visitLengthMs: options.visitLengthMs ?? DEFAULTS.visitLengthMs,
    },
    isPeer: (userId) => ids.has(userId),
    pick: pickFresh(random),
    rooms: () => peers.flatMap((p) => (p.hosting ? [{ id: p.profile.id, name: p.profile.name, roomId: p.hosting }] : [])),
  }
  everyone.forEach((profile, i) => {
    const peer = new Peer(profile, world)
    peers.push(peer)
    // a simulation that fails to start (network closed, ...) just stays away
    peer.start(i < hostCount).catch(ignore)
    if (i >= hostCount) every(world.options.visitEveryMs, () => void peer.considerVisit().catch(ignore))
  })
  return {
    people: () => everyone.map((p) => ({ ...p })),
    rooms: () => world.rooms().map((r) => r.roomId),
    stop() {
      if (timers.closed) return
      timers.close()
      for (const peer of peers) peer.stop()
    },
  }
}
