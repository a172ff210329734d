/**
 * Typed fakes of the plugin's client, room and remote stream: each implements the slice of the
 * real class the adapter uses (Pick<...>), so a renamed or retyped SDK method breaks the
 * type-check here. They dispatch on the REAL plugin core context, as the plugin does.
 */
import {
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

export class FakeClient implements Pick<RCRTCClient, 'joinRTCRoom' | 'leaveRoom'> {
  readonly joinArgs: unknown[][] = []
  readonly left: RCRTCRoom[] = []
  /** queued answers to joinRTCRoom; when empty, a fresh room with `defaultStreams` */
  readonly answers: (JoinResult | Error)[] = []
  readonly rooms: FakeRoom[] = []
  defaultStreams: () => FakeStream[] = () => []

  async joinRTCRoom(...args: [string, unknown, unknown?]): Promise<JoinResult> {
    this.joinArgs.push(args)
    const answer = this.answers.shift()
    if (answer instanceof Error) throw answer
    if (answer) return answer
    return this.success(new FakeRoom(this.defaultStreams()))
  }

  success(room: FakeRoom, otherUserIds: string[] = []): JoinResult {
    this.rooms.push(room)
    return { code: RCRTCCode.SUCCESS, data: { room: asRoom(room), userIds: otherUserIds, streams: room.getRemoteStreams() } }
  }

  async leaveRoom(room: RCRTCRoom): Promise<void> {
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
