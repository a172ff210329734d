/**
 * Simulated people for demo mode, so one person in DevTools sees a living app: some wait in the
 * lobby and answer private messages, some host rooms of their own (a proper host claim and a
 * published fake stream), and lobby people now and then visit a real person's room as audience
 * and chat. They use the same RtsService / RtcService as the app and behave as honest clients
 * (they respect mutes and leave ended rooms). Off unless started; stop() removes every trace.
 *
 * Their behaviour repeats for as long as they run: with fake timers advance time
 * (jest.advanceTimersByTimeAsync), never runAllTimers.
 */
import { generateRoomNumber } from '../../core/room-number'
import type { Profile } from '../../core/types'
import { decodeHostClaim, decodeMuteList, decodeSignal, encodeHostClaim, encodeMuteList, encodeProfile, memberKey, ROOM_KEYS } from '../../core/wire'
import type { PrivateMessageEvent, RoomEvent, RtcService, RtsService, Unsubscribe } from '../types'
import type { Hub } from './hub'
import { hubOf, type DemoNetwork } from './network'

type Range = readonly [number, number]

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

const HOST_PEOPLE: Profile[] = [
  { id: 'sim-dawei', name: '大卫' },
  { id: 'sim-xiaowen', name: '晓雯' },
]
const LOBBY_PEOPLE: Profile[] = [
  { id: 'sim-xiaolin', name: '小林' },
  { id: 'sim-amay', name: '阿May' },
  { id: 'sim-laozhou', name: '老周' },
]

const PRIVATE_REPLIES = [
  '你好呀！很高兴认识你 😊',
  '哈哈，我也是这么想的',
  '今天过得怎么样？',
  '刚看完一场直播，挺有意思的',
  '嗯嗯，收到～',
  '好呀，有空一起看直播！',
]
const HOST_LINES = ['欢迎来到我的直播间！', '大家好，今天随便聊聊～', '想看什么可以在公屏告诉我', '谢谢大家的陪伴 ❤️', '画面清楚吗？']
const HOST_REPLIES = ['谢谢你的留言～', '欢迎欢迎！', '说得好！', '哈哈，有道理']
const AUDIENCE_LINES = ['主播好！', '来啦来啦', '哈哈哈哈', '支持一下 👍', '这个有意思', '画面挺清楚的']
const MAX_VISITORS_PER_ROOM = 2
const CLAIM_ATTEMPTS = 5

const DEFAULTS = {
  replyDelayMs: [1500, 4000] as Range,
  chatEveryMs: [8000, 20000] as Range,
  visitEveryMs: [10000, 30000] as Range,
  visitLengthMs: [40000, 120000] as Range,
}

const ignore = (): undefined => undefined

/** Timers on the network's scheduler (so stats() sees them) that stop() can cancel. */
class Timers {
  private readonly cancels = new Set<() => void>()
  stopped = false

  constructor(
    private readonly hub: Hub,
    private readonly random: () => number,
  ) {}

  after(range: Range | number, task: () => void): void {
    if (this.stopped) return
    const ms = typeof range === 'number' ? range : range[0] + this.random() * (range[1] - range[0])
    const cancel = this.hub.scheduler.after(ms, () => {
      this.cancels.delete(cancel)
      if (!this.stopped) task()
    })
    this.cancels.add(cancel)
  }

  every(range: Range, task: () => void): void {
    this.after(range, () => {
      task()
      this.every(range, task)
    })
  }

  stop(): void {
    this.stopped = true
    for (const cancel of this.cancels) cancel()
    this.cancels.clear()
  }
}

interface Visit {
  roomId: string
  hostId: string
  muted: boolean
}

class Peer {
  readonly rts: RtsService
  readonly rtc: RtcService
  private readonly offs: Unsubscribe[] = []
  /** the room I host, once it is open */
  hosting: string | null = null
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
    this.offs.push(
      this.rts.onPrivate((event) => this.onPrivate(event)),
      this.rts.onRoom((event) => this.onRoom(event)),
    )
  }

  async start(host: boolean): Promise<void> {
    await this.rts.connect(this.profile)
    if (host) await this.openRoom()
    else await this.rts.enterLobby()
  }

  private async openRoom(): Promise<void> {
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS && !this.world.timers.stopped; attempt++) {
      const roomId = generateRoomNumber(this.world.random)
      const claim = { key: ROOM_KEYS.host, value: encodeHostClaim({ host: this.profile, since: this.world.now() }) }
      const snapshot = await this.rts.createRoom(roomId, claim)
      if (!snapshot) continue
      this.roomMembers = snapshot.memberCount
      await this.rts.setRoomEntry(memberKey(this.profile.id), encodeProfile(this.profile))
      await this.rts.setRoomEntry(ROOM_KEYS.muted, encodeMuteList([]))
      await this.rtc.join(roomId)
      await this.rtc.publish()
      this.hosting = roomId
      this.world.timers.every(this.world.options.chatEveryMs, () => {
        // talking to an empty room is pointless
        if (this.roomMembers > 1) this.say(this.world.pick(HOST_LINES))
      })
      return
    }
  }

  private say(text: string): void {
    this.rts.sendRoomMessage(text).catch(ignore)
  }

  private onPrivate(event: PrivateMessageEvent): void {
    const from = event.peer
    // people answer people; two simulations answering each other would never stop
    if (this.world.isPeer(from.id) || this.replyPending.has(from.id)) return
    this.replyPending.add(from.id)
    this.world.timers.after(this.world.options.replyDelayMs, () => {
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
          this.world.timers.after(this.world.options.replyDelayMs, () => this.say(this.world.pick(HOST_REPLIES)))
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
    const visit = this.visit
    const signal = decodeSignal(payload)
    // honest client: host-only signals count from the recorded host only
    if (!visit || !signal || senderId !== visit.hostId) return
    if (signal.type === 'room-ended') this.backToLobby()
    else if (signal.type === 'mute' && signal.userId === this.profile.id) visit.muted = true
    else if (signal.type === 'unmute' && signal.userId === this.profile.id) visit.muted = false
  }

  private onEntry(key: string, value: string | null): void {
    const visit = this.visit
    if (!visit) return
    if (key === ROOM_KEYS.host && value === null) this.backToLobby()
    else if (key === ROOM_KEYS.muted) visit.muted = (decodeMuteList(value) ?? []).includes(this.profile.id)
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
    const claim = decodeHostClaim(snapshot.entries[ROOM_KEYS.host])
    if (!claim || this.world.timers.stopped) {
      await this.rts.enterLobby()
      return
    }
    const muted = (decodeMuteList(snapshot.entries[ROOM_KEYS.muted]) ?? []).includes(this.profile.id)
    const visit: Visit = { roomId, hostId: claim.host.id, muted }
    this.visit = visit
    await this.rts.setRoomEntry(memberKey(this.profile.id), encodeProfile(this.profile))
    const { streams } = await this.rtc.join(roomId)
    const hostStream = streams.find((s) => s.userId === visit.hostId)
    if (hostStream) await this.rtc.subscribe(hostStream.id)
    if (this.visit !== visit) return
    this.world.timers.after(this.world.options.replyDelayMs, () => this.visitChat(visit))
    this.world.timers.after(this.world.options.visitLengthMs, () => {
      if (this.visit === visit) this.backToLobby()
    })
  }

  private visitChat(visit: Visit): void {
    if (this.visit !== visit) return
    if (!visit.muted) this.say(this.world.pick(AUDIENCE_LINES))
    this.world.timers.after(this.world.options.chatEveryMs, () => this.visitChat(visit))
  }

  private backToLobby(): void {
    this.visit = null
    this.rtc.leave().catch(ignore)
    this.rts.enterLobby().catch(ignore)
  }

  stop(): void {
    this.hosting = null
    this.visit = null
    for (const off of this.offs) off()
    this.offs.length = 0
    this.rts.disconnect().catch(ignore)
  }
}

interface PeerWorld {
  network: DemoNetwork
  hub: Hub
  timers: Timers
  random: () => number
  now: () => number
  options: Required<Omit<SimulatedPeersOptions, 'random' | 'hosts'>>
  isPeer(userId: string): boolean
  pick<T>(items: readonly T[]): T
  rooms(): { id: string; name: string; roomId: string }[]
}

export function startSimulatedPeers(network: DemoNetwork, options: SimulatedPeersOptions = {}): SimulatedPeers {
  const hub = hubOf.get(network)
  if (!hub) throw new Error('startSimulatedPeers needs a network made by createDemoNetwork')
  const random = options.random ?? Math.random
  const timers = new Timers(hub, random)
  const hostCount = Math.max(0, Math.min(HOST_PEOPLE.length, options.hosts ?? HOST_PEOPLE.length))
  const everyone = [...HOST_PEOPLE.slice(0, hostCount), ...LOBBY_PEOPLE]
  const ids = new Set(everyone.map((p) => p.id))
  const peers: Peer[] = []
  const world: PeerWorld = {
    network,
    hub,
    timers,
    random,
    now: hub.now,
    options: {
      replyDelayMs: options.replyDelayMs ?? DEFAULTS.replyDelayMs,
      chatEveryMs: options.chatEveryMs ?? DEFAULTS.chatEveryMs,
      visitEveryMs: options.visitEveryMs ?? DEFAULTS.visitEveryMs,
      visitLengthMs: options.visitLengthMs ?? DEFAULTS.visitLengthMs,
    },
    isPeer: (userId) => ids.has(userId),
    pick: (items) => items[Math.min(items.length - 1, Math.floor(random() * items.length))],
    rooms: () => peers.flatMap((p) => (p.hosting ? [{ id: p.profile.id, name: p.profile.name, roomId: p.hosting }] : [])),
  }
  everyone.forEach((profile, i) => {
    const peer = new Peer(profile, world)
    peers.push(peer)
    // a simulation that fails to start (network closed, ...) just stays away
    peer.start(i < hostCount).catch(ignore)
    if (i >= hostCount) timers.every(world.options.visitEveryMs, () => void peer.considerVisit().catch(ignore))
  })
  return {
    people: () => everyone.map((p) => ({ ...p })),
    rooms: () => world.rooms().map((r) => r.roomId),
    stop() {
      if (timers.stopped) return
      timers.stop()
      for (const peer of peers) peer.stop()
    },
  }
}
