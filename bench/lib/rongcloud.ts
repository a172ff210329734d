/**
 * People on the RongCloud adapters (services/rongcloud: createRongCloudRts, createRongCloudRtc)
 * over the fakes of the adapter tests: the fake IMLib on one fake RongCloud server
 * (test/services/rongcloud/fake-sdk) and the fake RTC plugin client (rtc/fake-plugin.ts), with a
 * per-call latency the fakes do not have themselves:
 * - every IMLib call that returns a promise: its request takes LATENCY/2 to reach the server, the
 *   answer LATENCY/2 to come back (the fake server acts in between);
 * - every SDK event pushed to this client arrives LATENCY/2 after the server sent it, in order;
 * - the RTC plugin: joinRTCRoom / leaveRoom and the room's publish / subscribe / media calls each
 *   take LATENCY too (a round trip to RongCloud's media server).
 * Not delayed: the fake SDK's own chatroom KV pulls (its internal requests, not adapter calls).
 */
import type { Profile } from '../../miniprogram/core/types'
import type { ImLib } from '../../miniprogram/services/rongcloud/imlib'
import { registerSignalMessage } from '../../miniprogram/services/rongcloud/messages'
import { createRongCloudRtc } from '../../miniprogram/services/rongcloud/rtc/index'
import { createRongCloudRts } from '../../miniprogram/services/rongcloud/rts'
import { createStore, type RootStore } from '../../miniprogram/stores/index'
import { FakeImLib, FakeRongCloudServer } from '../../test/services/rongcloud/fake-sdk'
import { asClient, FakeClient, FakeStream, type FakeRoom, type JoinResult } from '../../test/services/rongcloud/rtc/fake-plugin'
import { sleep } from './result'

export { FakeRongCloudServer }

/** IMLib calls that go to RongCloud and back (the rest are local: init, listeners, registering types). */
const REMOTE: (keyof ImLib)[] = [
  'connect',
  'disconnect',
  'joinChatRoom',
  'joinExistChatRoom',
  'quitChatRoom',
  'getChatRoomInfo',
  'setChatRoomEntry',
  'removeChatRoomEntry',
  'getChatRoomEntry',
  'getAllChatRoomEntries',
  'getChatroomHistoryMessages',
  'bindRTCRoomForChatroom',
  'sendMessage',
  'getHistoryMessages',
  'getConversationListByTimestamp',
  'getUnreadCount',
  'clearMessagesUnreadStatus',
]

/** `lib` with LATENCY per remote call and LATENCY/2 on every pushed event. */
export function slowImLib(lib: FakeImLib, latencyMs: number): ImLib {
  const half = latencyMs / 2
  const wrapped = new Map<unknown, unknown>()
  const remote = new Set<PropertyKey>(REMOTE)
  return new Proxy(lib as unknown as ImLib, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop)
      if (typeof value !== 'function') return value
      const fn = value as (...args: unknown[]) => unknown
      if (remote.has(prop)) {
        return async (...args: unknown[]) => {
          await sleep(half)
          const result = await fn.apply(target, args)
          await sleep(half)
          return result
        }
      }
      if (prop === 'addEventListener' || prop === 'removeEventListener') {
        return (type: unknown, listener: (...a: unknown[]) => void, ...rest: unknown[]) => {
          if (!wrapped.has(listener)) wrapped.set(listener, (...a: unknown[]) => void setTimeout(() => listener(...a), half))
          return fn.call(target, type, wrapped.get(listener), ...rest)
        }
      }
      return fn.bind(target)
    },
  })
}

/** The fake plugin client with LATENCY per join / leave and per room call. */
export class SlowRtcClient extends FakeClient {
  constructor(private readonly latencyMs: number) {
    super()
  }

  async joinRTCRoom(...args: [string, unknown, unknown?]): Promise<JoinResult> {
    await sleep(this.latencyMs / 2)
    const result = await super.joinRTCRoom(...args)
    const room = result.data?.room as unknown as FakeRoom | undefined
    if (room) slowRoom(room, this.latencyMs)
    await sleep(this.latencyMs / 2)
    return result
  }

  async leaveRoom(...args: Parameters<FakeClient['leaveRoom']>): Promise<void> {
    await sleep(this.latencyMs / 2)
    await super.leaveRoom(...args)
    await sleep(this.latencyMs / 2)
  }
}

/** Every result-code call of the room (publish, subscribe, camera, mic) takes a round trip. */
function slowRoom(room: FakeRoom, latencyMs: number): void {
  // the fake answers all of them through its one private next(); an own property shadows it
  const slot = room as unknown as { next(method: string): Promise<unknown> }
  const next = slot.next.bind(room)
  slot.next = async (method: string) => {
    await sleep(latencyMs / 2)
    const result = await next(method)
    await sleep(latencyMs / 2)
    return result
  }
}

export interface RongCloudPerson {
  profile: Profile
  store: RootStore
  client: FakeImLib
  rtcClient: SlowRtcClient
}

/** A store on the RongCloud adapters over `server`, signed in. `streams`: what its RTC joins find published. */
export async function rongCloudPerson(
  server: FakeRongCloudServer,
  userId: string,
  name: string,
  latencyMs: number,
  streams: () => FakeStream[] = () => [],
): Promise<RongCloudPerson> {
  const client = new FakeImLib(server)
  const lib = slowImLib(client, latencyMs)
  lib.init({ appkey: 'bench-app-key' })
  const token = server.addUser(userId)
  const rts = createRongCloudRts({ lib, SignalMessage: registerSignalMessage(lib), tokens: { fetch: async () => ({ userId, token }) } })
  const rtcClient = new SlowRtcClient(latencyMs)
  rtcClient.defaultStreams = streams
  const rtc = createRongCloudRtc({ client: asClient(rtcClient) })
  const profile = { id: userId, name }
  const store = createStore({ rts, rtc })
  await store.session.signIn(profile)
  return { profile, store, client, rtcClient }
}

export { FakeStream }
