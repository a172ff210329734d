/**
 * Typed fakes of the plugin's client, room and remote stream: each implements the slice of the
 * real class the adapter uses (Pick<...>), so a renamed or retyped SDK method breaks the
 * type-check here. They dispatch on the REAL plugin core context, as the plugin does.
 *
 * As unkind as the plugin ("pp L" = line of @rongcloud/plugin-wechat-rtc/dist/index.js
 * pretty-printed with prettier 3.10.1: npx prettier@3.10.1 --stdin-filepath rtc.js < that file):
 * - the client marks itself joined when a join starts, before it resolves, and answers any join
 *   while it is marked with 50002 REPERT_JOIN_ROOM (pp L2335-2349); a failed join clears the mark
 *   (pp L2350-2353), a thrown one does not (no try there); leaveRoom or a kick-off clears it
 *   (pp L2355-2357, L2367-2373, L2013-2022 then L2182-2186);
 * - the signalling answer 40032 JOIN_REFUSED becomes 53029 SIGNAL_JOIN_RTC_ROOM_REFUSED
 *   (pp L1691-1697), which is "joinType 1 and another device of yours is in the room"
 *   (dist/index.d.ts L86-87), not a full room.
 */
import {
  type RCKickReason,
  RCRTCCode,
  __innerGetCoreContext__,
  type IJoinRTCRoomResp,
  type IResourceNetStatus,
  type IRoomEventListener,
  type ISubParams,
  type RCRTCClient,
  type RCRTCRoom,
  type RCRemoteStream,
} from '@rongcloud/plugin-wechat-rtc'

type Code = { code: RCRTCCode }
const ok = (): Promise<Code> => Promise.resolve({ code: RCRTCCode.SUCCESS })

export class FakeStream implements Pick<RCRemoteStream, 'getMsid' | 'getUserId' | 'getTag' | 'getRTMPUrl'> {
  private url: string | undefined
  constructor(
    readonly userId: string,
    readonly tag = 'RongCloudRTC',
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
  /** what the plugin's __innerSetRtmpUrl does */
  setRtmpUrl(url: string): void {
    __innerGetCoreContext__().dispatch('setPlayerSrc', this.getMsid(), url)
    this.url = url
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

export class FakeRoom implements RoomSlice {
  listener: IRoomEventListener | null = null
  report: ((data: IResourceNetStatus) => void) | null = null
  readonly calls: string[] = []
  /** next result codes, per method; SUCCESS when empty */
  readonly codes: Record<string, RCRTCCode[]> = {}
  pushUrl = 'rtmp://push.example/live/1'
  playUrl = 'rtmp://play.example/live/host'
  subscribedWith: unknown[] = []

  constructor(public streams: FakeStream[] = []) {}

  private next(method: string): Promise<Code> {
    this.calls.push(method)
    const code = this.codes[method]?.shift()
    return code === undefined ? ok() : Promise.resolve({ code })
  }

  registerRoomEventListener(listener: IRoomEventListener | null): void {
    this.listener = listener
  }
  registerReportListener(listener: ((data: IResourceNetStatus) => void) | null): void {
    this.report = listener
  }
  async publishStream(tag?: string): Promise<Code> {
    const result = await this.next(`publishStream:${tag}`)
    // the plugin's PubCommand dispatches the URL before resolving
    if (result.code === RCRTCCode.SUCCESS) __innerGetCoreContext__().dispatch('setPusherUrl', this.pushUrl)
    return result
  }
  async unpublishStream(): Promise<Code> {
    const result = await this.next('unpublishStream')
    if (result.code === RCRTCCode.SUCCESS) __innerGetCoreContext__().dispatch('setPusherUrl', '')
    return result
  }
  async subscribe(params: ISubParams[] | RCRemoteStream[]): Promise<Code> {
    this.subscribedWith = params
    const result = await this.next('subscribe')
    if (result.code === RCRTCCode.SUCCESS) {
      for (const p of params as ISubParams[]) (p.stream as unknown as FakeStream).setRtmpUrl(this.playUrl)
    }
    return result
  }
  unsubscribe(): Promise<Code> {
    return this.next('unsubscribe')
  }
  switchCamera(): void {
    this.calls.push('switchCamera')
  }
  openCamera(): Promise<Code> {
    return this.next('openCamera')
  }
  closeCamera(): Promise<Code> {
    return this.next('closeCamera')
  }
  openMicphone(): Promise<Code> {
    return this.next('openMicphone')
  }
  closeMicphone(): Promise<Code> {
    return this.next('closeMicphone')
  }
  getRemoteStreams(): RCRemoteStream[] {
    return this.streams.map(asStream)
  }
}

export type JoinResult = { code: RCRTCCode; data?: IJoinRTCRoomResp }

const JOIN_REFUSED = 40032 // RTCSignalCode.JOIN_REFUSED

export class FakeClient implements Pick<RCRTCClient, 'joinRTCRoom' | 'leaveRoom'> {
  readonly joinArgs: unknown[][] = []
  readonly left: RCRTCRoom[] = []
  /** queued answers to joinRTCRoom; when empty, a fresh room with `defaultStreams` */
  readonly answers: (JoinResult | Error)[] = []
  readonly rooms: FakeRoom[] = []
  defaultStreams: () => FakeStream[] = () => []
  /** the room the client is in or joining: set when a join starts (the plugin's _crtRoom) */
  current: FakeRoom | null = null
  /** joins answered 50002 because another was marked */
  repeated = 0
  private gate: Promise<void> | null = null

  /** Joins wait from now until the returned function is called (a slow network). */
  holdJoins(): () => void {
    let open: () => void = () => undefined
    const gate = new Promise<void>((resolve) => (open = resolve))
    this.gate = gate
    return () => {
      if (this.gate === gate) this.gate = null
      open()
    }
  }

  async joinRTCRoom(...args: [string, unknown, unknown?]): Promise<JoinResult> {
    this.joinArgs.push(args)
    if (this.current) {
      this.repeated += 1
      return { code: RCRTCCode.REPERT_JOIN_ROOM }
    }
    const marker = new FakeRoom(this.defaultStreams())
    this.current = marker
    if (this.gate) await this.gate
    const answer = this.answers.shift()
    if (answer instanceof Error) throw answer // the mark stays: nothing in the plugin clears it
    const result = answer ?? this.success(marker)
    if (result.code === (JOIN_REFUSED as RCRTCCode)) result.code = RCRTCCode.SIGNAL_JOIN_RTC_ROOM_REFUSED
    if (result.code !== RCRTCCode.SUCCESS || !result.data) {
      if (this.current === marker) this.current = null
      return result
    }
    if (this.current === marker) this.current = result.data.room as unknown as FakeRoom
    return result
  }

  /** The server removes us (or the ping gave up): the app hears onKickOff, then the room is torn down. */
  kickOff(byServer: boolean, reason?: RCKickReason): void {
    const room = this.current
    room?.listener?.onKickOff?.(byServer, reason)
    if (this.current === room) this.current = null
  }

  success(room: FakeRoom, otherUserIds: string[] = []): JoinResult {
    this.rooms.push(room)
    return { code: RCRTCCode.SUCCESS, data: { room: asRoom(room), userIds: otherUserIds, streams: room.getRemoteStreams() } }
  }

  async leaveRoom(room: RCRTCRoom): Promise<void> {
    if ((this.current as unknown) === room) this.current = null
    this.left.push(room)
  }

  get lastRoom(): FakeRoom {
    const room = this.rooms[this.rooms.length - 1]
    if (!room) throw new Error('no room joined')
    return room
  }
}

// the one place a fake crosses into an SDK type (the classes have private members)
export const asStream = (s: FakeStream): RCRemoteStream => s as unknown as RCRemoteStream
export const asRoom = (r: FakeRoom): RCRTCRoom => r as unknown as RCRTCRoom
export const asClient = (c: FakeClient): RCRTCClient => c as unknown as RCRTCClient

/** A schedule whose timers run only when the test says so. */
export function manualSchedule() {
  const timers: { fn: () => void; ms: number; cancelled: boolean }[] = []
  return {
    timers,
    schedule: (fn: () => void, ms: number) => {
      const t = { fn, ms, cancelled: false }
      timers.push(t)
      return () => void (t.cancelled = true)
    },
    /** runs every pending timer once, returning their delays */
    runAll(): number[] {
      const due = timers.splice(0).filter((t) => !t.cancelled)
      due.forEach((t) => t.fn())
      return due.map((t) => t.ms)
    },
  }
}

export const flush = () => new Promise<void>((resolve) => setImmediate(resolve))
