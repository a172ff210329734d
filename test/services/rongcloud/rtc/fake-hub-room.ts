/**
 * One phone's @rongcloud/plugin-wechat-rtc on a FakeRtcServer: its client (one room at a time)
 * and its room, keeping what the plugin keeps (the resources it has heard of, its remote stream
 * objects, its subscriptions) the way the plugin keeps it, quirks included. "pp L" = a line of the
 * pretty-printed dist/index.js (see fake-rtc-server.ts):
 * - every call and every notice is a command on the room's one queue, run one at a time, each a
 *   setTimeout(0) after it is pushed (pp L1078-1104). Notices (NORMAL) go ahead of waiting calls
 *   (LOW, the default, pp L480-484: subscribe, unsubscribe, publish, pulls) (pp L1093-1098);
 * - a command that throws is logged and its caller's promise NEVER settles (pp L1059-1065).
 *   Subscribing to a stream whose resource has gone throws in getUriByResourceId (pp L1478-1482),
 *   e.g. when the stream's unpublish notice went ahead of the waiting subscribe;
 * - an unpublish notice first unsubscribes the stream (a gateway round trip; its URL is emptied
 *   with setPlayerSrc ''), then drops it and says onStreamUnpublish (pp L708-745); a new stream
 *   is told with onStreamPublish (pp L630-699), after resubscribing a subscribed stream whose URI
 *   changed, as the small stream (`new F(streams, true)`, pp L695 with L506);
 * - unsubscribing streams none of which is subscribed sends the gateway an empty subscription
 *   list (pp L602-610): with nothing published that is /exit (pp L827), and the gateway stops
 *   relaying the streams the phone still believes it plays;
 * - a user leaving (RCRTC:state) loses their streams with onUserLeave only (pp L1137-1166); a
 *   'join' of a user already known empties their resource list and keeps their streams (pp L1146-1149);
 * - joining is refused while the phone's signalling is down (SIGNAL_DISCONNECTED, pp L1675-1676);
 *   the plugin pings at once and every 5 s, pulls the room status when the server's version is
 *   newer (pp L1915-1925), and after 30 s without an answer gives up by itself: onKickOff(false),
 *   then tears the room down (pp L1347-1372, L2013-2022, L2182-2197).
 */
import {
  RCRTCCode,
  type IJoinRTCRoomResp,
  type IResourceNetStatus,
  type IRoomEventListener,
  type ISubParams,
  type RCRTCClient,
  type RCRTCRoom,
  type RCRemoteStream,
} from '@rongcloud/plugin-wechat-rtc'
import type { CoreContextLike, ExchangeAnswer, FakeRtcServer, Notice, Resource } from './fake-rtc-server'

type Code = { code: RCRTCCode }
const SUCCESS: Code = { code: RCRTCCode.SUCCESS }
const LOW = 0
const NORMAL = 1

export class HubStream implements Pick<RCRemoteStream, 'getMsid' | 'getUserId' | 'getTag' | 'getRTMPUrl' | 'isSubscribed'> {
  private url: string | undefined
  private subscribedFlag = false
  constructor(
    private readonly context: CoreContextLike,
    readonly userId: string,
    readonly tag: string,
  ) {}
  getMsid(): string {
    return `${this.userId}_${this.tag}`
  }
  getUserId(): string {
    return this.userId
  }
  getTag(): string {
    return this.tag
  }
  getRTMPUrl(): string | undefined {
    return this.url
  }
  isSubscribed(): boolean {
    return this.subscribedFlag
  }
  /** __innerSetRtmpUrl (pp L409-411): the dispatch first, on this phone's core context */
  setRtmpUrl(url: string, subscribed: boolean): void {
    this.context.dispatch('setPlayerSrc', this.getMsid(), url)
    this.url = url
    this.subscribedFlag = subscribed
  }
}

type Sub = { stream: HubStream; subTiny: boolean }

/** The plugin's invoker (pp L1032-1117). */
class Invoker {
  private readonly queue: { run: () => Promise<Code>; priority: number; resolve: (code: Code) => void }[] = []
  private busy = false
  destroyed = false
  /** commands that threw: their callers wait forever */
  hung = 0

  push(run: () => Promise<Code>, priority = LOW): Promise<Code> {
    return new Promise((resolve) => {
      if (this.destroyed) return resolve({ code: RCRTCCode.NOT_IN_ROOM })
      const entry = { run, priority, resolve }
      if (priority === LOW || this.queue.length === 0) this.queue.push(entry)
      else {
        const at = this.queue.findIndex((e) => e.priority < priority)
        this.queue.splice(at === -1 ? this.queue.length : at, 0, entry)
      }
      setTimeout(() => void this.execute(), 0)
    })
  }

  private async execute(): Promise<void> {
    if (this.destroyed || this.busy || this.queue.length === 0) return
    this.busy = true
    const { run, resolve } = this.queue.shift()!
    let result: Code
    try {
      result = await run()
    } catch {
      // pp L1059-1065: console.error, next command; `resolve` is never called
      this.hung += 1
      return this.next()
    }
    resolve(result)
    this.next()
  }

  private next(): void {
    this.busy = false
    void this.execute()
  }

  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    this.queue.forEach((e) => e.resolve({ code: RCRTCCode.ROOM_HAS_BEEN_DESTROYED }))
    this.queue.length = 0
  }
}

type RoomSlice = Pick<
  RCRTCRoom,
  | 'registerRoomEventListener'
  | 'registerReportListener'
  | 'publishStream'
  | 'unpublishStream'
  | 'subscribe'
  | 'unsubscribe'
  | 'switchCamera'
  | 'openCamera'
  | 'closeCamera'
  | 'openMicphone'
  | 'closeMicphone'
  | 'getRemoteStreams'
>

export class HubRoom implements RoomSlice {
  listener: IRoomEventListener | null = null
  report: ((data: IResourceNetStatus) => void) | null = null
  /** the plugin's _roomResource: userId → what it last heard they publish (me included) */
  readonly resources = new Map<string, Resource[]>()
  /** the plugin's _remoteStreams, by msid */
  readonly streams = new Map<string, HubStream>()
  subscribed: Sub[] = []
  /** the application callbacks, in order (onStreamPublish:<msid>, onUserLeave:<userId>, ...) */
  readonly told: string[] = []
  /** client's LEAVE listener (pp L2355-2357) */
  onLeave: (() => void) | null = null
  private publishTag: string | null = null
  private pulledVersion = 0
  private readonly invoker = new Invoker()
  private pinger: ReturnType<typeof setTimeout> | null = null
  private lastPing = 0

  constructor(
    private readonly server: FakeRtcServer,
    readonly userId: string,
    readonly roomId: string,
    private readonly context: CoreContextLike,
  ) {}

  /** subscribe / unsubscribe / publish calls (and notices) whose promises will never settle */
  get hung(): number {
    return this.invoker.hung
  }

  get destroyed(): boolean {
    return this.invoker.destroyed
  }

  // ---- the RCRTCRoom slice the adapter uses -------------------------------------------------------

  registerRoomEventListener(listener: IRoomEventListener | null): void {
    this.listener = listener
  }
  registerReportListener(listener: ((data: IResourceNetStatus) => void) | null): void {
    this.report = listener
  }
  publishStream(tag = 'RongCloudRTC'): Promise<Code> {
    return this.invoker.push(() => this.publishCommand(tag))
  }
  unpublishStream(): Promise<Code> {
    return this.invoker.push(() => this.unpublishCommand())
  }
  subscribe(params: ISubParams[] | RCRemoteStream[]): Promise<Code> {
    return this.invoker.push(() => this.subscribeCommand(params as unknown as (Sub | HubStream)[], false))
  }
  unsubscribe(streams: RCRemoteStream[]): Promise<Code> {
    return this.invoker.push(() => this.unsubscribeCommand(streams as unknown as HubStream[]))
  }
  switchCamera(): void {
    this.context.dispatch('switchCamera')
  }
  async openCamera(): Promise<Code> {
    return SUCCESS
  }
  async closeCamera(): Promise<Code> {
    return SUCCESS
  }
  async openMicphone(): Promise<Code> {
    return SUCCESS
  }
  async closeMicphone(): Promise<Code> {
    return SUCCESS
  }
  getRemoteStreams(): RCRemoteStream[] {
    return [...this.streams.values()].map(asStream)
  }

  remoteUserIds(): string[] {
    return [...this.resources.keys()].filter((id) => id !== this.userId)
  }

  // ---- life: join, pings, leave ----------------------------------------------------------------

  initialize(): Promise<Code> {
    return this.invoker.push(() => this.joinCommand())
  }

  /** JoinRTCRoomCommand (pp L1668-1711) */
  private async joinCommand(): Promise<Code> {
    if (!this.server.isOnline(this.userId)) return { code: RCRTCCode.SIGNAL_DISCONNECTED }
    let answer: { resources: Map<string, Resource[]> }
    try {
      answer = await this.server.signal(this.userId, () => this.server.joinMember(this.roomId, this))
    } catch {
      return { code: RCRTCCode.SIGNAL_ERROR }
    }
    // what this user still published from a previous visit is unpublished first (pp L1705-1707)
    if (answer.resources.get(this.userId)?.length) {
      await this.server.signal(this.userId, () => this.server.setResources(this.roomId, this.userId, [])).catch(() => undefined)
      answer.resources.set(this.userId, [])
    }
    for (const [userId, list] of answer.resources) {
      this.resources.set(userId, list)
      for (const r of list) this.streams.set(r.msid, this.streams.get(r.msid) ?? new HubStream(this.context, r.userId, r.tag))
    }
    this.lastPing = Date.now()
    void this.ping()
    return SUCCESS
  }

  private async ping(): Promise<void> {
    this.pinger = null
    if (this.destroyed) return
    const version = await this.server.signal(this.userId, () => this.server.version(this.roomId)).catch(() => null)
    if (this.destroyed) return
    if (version !== null) {
      this.lastPing = Date.now()
      if (version > this.pulledVersion) void this.invoker.push(() => this.pullCommand())
      this.pinger = setTimeout(() => void this.ping(), this.server.pingGapMs)
      return
    }
    if (Date.now() - this.lastPing > this.server.offlineKickMs) return this.kickOff(false)
    this.pinger = setTimeout(() => void this.ping(), 500)
  }

  /** _kickOff (pp L2013-2022): the app hears it, then the room is torn down */
  kickOff(byServer: boolean): void {
    this.call('onKickOff', `onKickOff:${byServer}`, byServer, undefined)
    void this.leaveHandle(!byServer)
  }

  /** __leaveHandle (pp L2182-2197) */
  async leaveHandle(quit: boolean): Promise<void> {
    if (this.destroyed) return
    this.onLeave?.()
    this.invoker.destroy()
    if (this.pinger) clearTimeout(this.pinger)
    this.pinger = null
    if (quit) await this.server.signal(this.userId, () => this.server.quitMember(this.roomId, this.userId, this)).catch(() => undefined)
    await this.server.exit(this.userId)
    this.report = null
    this.listener = null
  }

  /** the server replaced or dropped this session without telling it (a newer join of the same user) */
  destroyQuietly(): void {
    this.invoker.destroy()
    if (this.pinger) clearTimeout(this.pinger)
    this.pinger = null
  }

  /** A notice from the server reaches this phone's SDK (pp L2024-2062, L1896-1906). */
  notify(notice: Notice): void {
    if (this.destroyed) return
    if (this.server.announce === 'pull') {
      void this.invoker.push(() => this.pullCommand())
      return
    }
    if (notice.kind === 'resources') {
      void this.invoker.push(() => this.remoteResources(notice.userId, notice.resources), NORMAL)
    } else {
      const [joined, left] = notice.joined ? [[notice.userId], []] : [[], [notice.userId]]
      void this.invoker.push(() => this.remoteUsers(joined, left), NORMAL)
    }
  }

  // ---- commands ----------------------------------------------------------------------------------

  /** PubCommand (pp L926-1030): gateway first, then the signal that tells the others, then the URL */
  private async publishCommand(tag: string): Promise<Code> {
    if (!/^[a-zA-Z\d-=]+$/.test(tag)) return { code: RCRTCCode.INVALID_TAGS }
    this.publishTag = tag
    const answer = await this.exchange(this.subscribed, false)
    if (answer.code !== RCRTCCode.SUCCESS || !answer.resource) {
      this.publishTag = null
      return { code: answer.code }
    }
    const resource = answer.resource
    try {
      await this.server.signal(this.userId, () => this.server.setResources(this.roomId, this.userId, [resource]))
    } catch {
      this.publishTag = null
      return { code: RCRTCCode.SIGNAL_ERROR }
    }
    this.resources.set(this.userId, [resource])
    this.context.dispatch('setPusherUrl', answer.pushUrl)
    return SUCCESS
  }

  /** UnpubCommand (pp L1252-1307): the others are told first, then the gateway */
  private async unpublishCommand(): Promise<Code> {
    if (!this.publishTag) return SUCCESS
    try {
      await this.server.signal(this.userId, () => this.server.setResources(this.roomId, this.userId, []))
    } catch {
      return { code: RCRTCCode.SIGNAL_ERROR }
    }
    const answer = await this.exchange(this.subscribed, true)
    if (answer.code !== RCRTCCode.SUCCESS) return { code: answer.code }
    this.resources.set(this.userId, [])
    this.publishTag = null
    this.context.dispatch('setPusherUrl', '')
    return SUCCESS
  }

  /** SubscribeCommand (pp L498-571); `force`: the plugin's own resubscribe */
  private async subscribeCommand(params: (Sub | HubStream)[], force: boolean): Promise<Code> {
    const byMsid = new Map<string, Sub>()
    for (const p of params) {
      const sub = p instanceof HubStream ? { stream: p, subTiny: true } : p
      byMsid.set(sub.stream.getMsid(), sub)
    }
    const held = [...this.subscribed]
    const same = (a: Sub, b: Sub) => a.stream.getMsid() === b.stream.getMsid() && a.subTiny === b.subTiny
    const fresh = [...byMsid.values()].filter((w) => !held.length || !held.some((h) => same(h, w)))
    const rest = held.filter((h) => fresh.every((f) => f.stream.getMsid() !== h.stream.getMsid()))
    if (!fresh.length && !force) return SUCCESS
    const all = [...fresh, ...rest]
    const answer = await this.exchange(all, false)
    if (answer.code !== RCRTCCode.SUCCESS) return { code: answer.code }
    for (const { stream } of all) stream.setRtmpUrl(answer.playUrls.get(stream.getMsid()) ?? '', true)
    this.subscribed = all
    return SUCCESS
  }

  /** UnsubCommand (pp L572-620), its "rest" as the plugin computes it */
  private async unsubscribeCommand(streams: HubStream[]): Promise<Code> {
    const held = this.subscribed
    if (!held.length) return SUCCESS
    const unique = [...new Set(streams)]
    const drop = unique.filter((e) => held.some(({ stream }) => e.getMsid() === stream.getMsid()))
    const keep = held.filter(({ stream }) => drop.some((t) => t.getMsid() !== stream.getMsid()))
    const answer = await this.exchange(keep, false)
    if (answer.code !== RCRTCCode.SUCCESS) return { code: answer.code }
    if (drop.length) this.subscribed = this.subscribed.filter(({ stream }) => drop.every((e) => e.getMsid() !== stream.getMsid()))
    drop.forEach((e) => e.setRtmpUrl('', false))
    return SUCCESS
  }

  /** RemoteResourceCommand (pp L1171-1219): the publisher's whole list, diffed by msid */
  private async remoteResources(userId: string, list: Resource[]): Promise<Code> {
    const { published, unpublished } = diff(this.resources.get(userId) ?? [], list, false)
    if (published.length) await this.announcePublished(userId, published)
    if (unpublished.length) await this.announceUnpublished(userId, unpublished)
    return SUCCESS
  }

  /** RemoteUserCommand (pp L1126-1169) */
  private async remoteUsers(joined: string[], left: string[]): Promise<Code> {
    const fresh = joined.filter((id) => !this.resources.has(id))
    for (const id of joined) this.resources.set(id, [])
    if (left.length) {
      const theirs = [...this.streams.values()].filter((s) => left.includes(s.getMsid().split('_')[0]))
      if (theirs.length) await this.unsubscribeCommand(theirs)
      for (const id of left) this.forgetUser(id)
    }
    if (fresh.length) this.call('onUserJoin', `onUserJoin:${fresh}`, fresh)
    if (left.length) this.call('onUserLeave', `onUserLeave:${left}`, left)
    return SUCCESS
  }

  /** PullRTCRoomStatusCommand (pp L1738-1840) with the full status (W, pp L842-890) */
  private async pullCommand(): Promise<Code> {
    let status: { version: number; resources: Map<string, Resource[]> }
    try {
      status = await this.server.signal(this.userId, () => this.server.status(this.roomId))
    } catch {
      return { code: RCRTCCode.SIGNAL_ERROR }
    }
    if (status.version <= this.pulledVersion) return SUCCESS
    this.pulledVersion = status.version
    const local = [...this.resources.keys()]
    const joined: string[] = []
    const published = new Map<string, Resource[]>()
    const unpublished = new Map<string, Resource[]>()
    for (const [userId, list] of status.resources) {
      if (!local.includes(userId)) {
        joined.push(userId)
        published.set(userId, list)
        continue
      }
      const change = diff(this.resources.get(userId) ?? [], list, true)
      published.set(userId, change.published)
      unpublished.set(userId, change.unpublished)
    }
    const gone = local.filter((id) => !status.resources.has(id))
    for (const id of gone) this.resources.delete(id)
    for (const [userId, list] of status.resources) this.resources.set(userId, list)
    if (gone.length) {
      const theirs = [...this.streams.values()].filter((s) => gone.includes(s.getMsid().split('_')[0]))
      if (theirs.length) await this.unsubscribeCommand(theirs)
      for (const id of gone) this.forgetUser(id)
      this.call('onUserLeave', `onUserLeave:${gone}`, gone)
    }
    if (joined.length) this.call('onUserJoin', `onUserJoin:${joined}`, joined)
    for (const [userId, list] of unpublished) if (userId !== this.userId && list.length) await this.announceUnpublished(userId, list)
    // not awaited in the plugin (pp L884-887); a throw there is an unhandled rejection
    for (const [userId, list] of published) if (list.length) this.announcePublished(userId, list).catch(() => undefined)
    return SUCCESS
  }

  /** H (pp L630-707) */
  private async announcePublished(userId: string, list: Resource[]): Promise<void> {
    const held = [...(this.resources.get(userId) ?? [])]
    const created: HubStream[] = []
    const resub: HubStream[] = []
    for (const r of list) {
      const at = held.findIndex((h) => h.msid === r.msid)
      if (at > -1) held[at] = r
      else held.push(r)
      const known = this.streams.get(r.msid)
      if (!known) {
        const stream = new HubStream(this.context, r.userId, r.tag)
        this.streams.set(r.msid, stream)
        created.push(stream)
      } else if (known.isSubscribed()) resub.push(known)
    }
    this.resources.set(userId, held)
    if (resub.length) await this.subscribeCommand(resub, true)
    if (created.length) this.call('onStreamPublish', `onStreamPublish:${created.map((s) => s.getMsid())}`, created.map(asStream))
  }

  /** j (pp L708-745) */
  private async announceUnpublished(userId: string, list: Resource[]): Promise<void> {
    const held = this.resources.get(userId)
    if (held) this.resources.set(userId, held.filter((h) => !list.some((r) => r.msid === h.msid)))
    const gone = list.map((r) => this.streams.get(r.msid))
    // `r.hasVideo()` on a stream it does not hold (pp L725-727)
    if (gone.some((s) => !s)) throw new TypeError("Cannot read properties of undefined (reading 'hasVideo')")
    const streams = gone as HubStream[]
    await this.unsubscribeCommand(streams)
    streams.forEach((s) => this.streams.delete(s.getMsid()))
    this.call('onStreamUnpublish', `onStreamUnpublish:${streams.map((s) => s.getMsid())}`, streams.map(asStream))
  }

  // ---- helpers -----------------------------------------------------------------------------------

  /** X (pp L793-841): the phone's whole subscription, plus its publish unless `noPublish` */
  private async exchange(subs: Sub[], noPublish: boolean): Promise<ExchangeAnswer> {
    const subscribe = subs.map(({ stream }) => ({ msid: stream.getMsid(), uri: this.uriOf(stream) }))
    const publishTag = noPublish ? null : this.publishTag
    if (!subscribe.length && !publishTag) {
      const { code } = await this.server.exit(this.userId)
      return code === RCRTCCode.SUCCESS ? { code, playUrls: new Map() } : { code: code as Exclude<RCRTCCode, RCRTCCode.SUCCESS> }
    }
    return this.server.exchange(this.userId, this.roomId, { publishTag, subscribe })
  }

  /** getUriByResourceId (pp L1478-1482): throws when the user or the resource is not held */
  private uriOf(stream: HubStream): string {
    const list = this.resources.get(stream.getUserId())
    if (!list) throw new TypeError("Cannot read properties of undefined (reading 'filter')")
    const found = list.filter((r) => r.tag === stream.getTag())[0]
    if (!found) throw new TypeError("Cannot read properties of undefined (reading 'uri')")
    return found.uri
  }

  private forgetUser(userId: string): void {
    for (const msid of [...this.streams.keys()]) if (msid.split('_')[0] === userId) this.streams.delete(msid)
    this.resources.delete(userId)
  }

  /** _callAppListener (pp L1933-1947): a throwing listener is logged, nothing more */
  private call(method: keyof IRoomEventListener, note: string, ...args: unknown[]): void {
    this.told.push(note)
    const fn = this.listener?.[method] as ((...a: unknown[]) => void) | undefined
    try {
      fn?.(...args)
    } catch {
      // logged by the plugin
    }
  }
}

/** d (pp L191-209): what a new list publishes and unpublishes against the one held (`byUri`: the pull's way) */
function diff(held: Resource[], next: Resource[], byUri: boolean): { published: Resource[]; unpublished: Resource[] } {
  const left = [...held]
  const published: Resource[] = []
  for (const r of next) {
    const at = byUri ? left.findIndex((h) => h.uri === r.uri) : left.findIndex((h) => h.msid === r.msid)
    if (at === -1) {
      published.push(r)
      continue
    }
    if (left[at].uri !== r.uri) published.push(r)
    left.splice(at, 1)
  }
  return { published, unpublished: left }
}

export class FakeHubClient implements Pick<RCRTCClient, 'joinRTCRoom' | 'leaveRoom'> {
  /** the plugin's _crtRoom: set when a join starts (pp L2335-2349) */
  current: HubRoom | null = null
  readonly rooms: HubRoom[] = []

  constructor(
    readonly server: FakeRtcServer,
    readonly userId: string,
    readonly context: CoreContextLike,
  ) {}

  async joinRTCRoom(roomId: string, ..._rest: unknown[]): Promise<{ code: RCRTCCode; data?: IJoinRTCRoomResp }> {
    if (this.current) return { code: RCRTCCode.REPERT_JOIN_ROOM }
    const room = new HubRoom(this.server, this.userId, roomId, this.context)
    this.current = room
    this.rooms.push(room)
    const { code } = await room.initialize()
    if (code !== RCRTCCode.SUCCESS) {
      this.current = null
      return { code }
    }
    room.onLeave = () => void (this.current = null)
    return { code, data: { room: asRoom(room), userIds: room.remoteUserIds(), streams: room.getRemoteStreams() } }
  }

  /** leaveRoom (pp L2368-2375) */
  async leaveRoom(room: RCRTCRoom): Promise<void> {
    const hubRoom = room as unknown as HubRoom
    if (this.current === hubRoom) {
      hubRoom.onLeave = null
      this.current = null
    }
    await hubRoom.leaveHandle(true)
  }

  /** the room this phone is in now (for a modified client calling the plugin directly) */
  get room(): HubRoom {
    if (!this.current) throw new Error(`${this.userId} is in no RTC room`)
    return this.current
  }
}

// the one place the fakes cross into SDK types (the classes have private members)
export const asStream = (s: HubStream): RCRemoteStream => s as unknown as RCRemoteStream
export const asRoom = (r: HubRoom): RCRTCRoom => r as unknown as RCRTCRoom
export const asHubClient = (c: FakeHubClient): RCRTCClient => c as unknown as RCRTCClient
