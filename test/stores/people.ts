import { toJS } from 'mobx-miniprogram'
import { createDemoNetwork } from '../../miniprogram/services/demo'
import { createStore, type RootStore, type StoreDeps } from '../../miniprogram/stores'
import type { Profile } from '../../miniprogram/core/types'

export type DemoNetwork = ReturnType<typeof createDemoNetwork>

export interface Person {
  profile: Profile
  store: RootStore
}

/** Waits until the demo network has no pending timers (every request and delivery is done). */
export async function settle(network: DemoNetwork): Promise<void> {
  let quiet = 0
  for (let i = 0; i < 10_000 && quiet < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve))
    quiet = network.stats().timers === 0 ? quiet + 1 : 0
  }
}

let seq = 0
export function profileOf(name: string): Profile {
  seq++
  // RongCloud user ids are ASCII (they become room attribute keys); names carry the Chinese
  return { id: `u${seq}`, name }
}

/** One person: a store on its own client of `network`, signed in. */
export async function person(network: DemoNetwork, name: string, deps: Partial<StoreDeps> = {}): Promise<Person> {
  const profile = profileOf(name)
  const { rts, rtc } = network.connect(profile)
  const store = createStore({ rts, rtc, ...deps })
  await store.session.signIn(profile)
  await settle(network)
  return { profile, store }
}

/** Everything a person can see, as plain data, to compare before and after a rejected action. */
export function snapshot(store: RootStore): unknown {
  const { session, lobby, room, chat } = store
  return toJS({
    session: { me: session.me, connection: session.connection },
    lobby: { onlineCount: lobby.onlineCount, users: lobby.users, conversations: lobby.conversations },
    room: {
      id: room.id,
      role: room.role,
      host: room.host,
      status: room.status,
      endReason: room.endReason,
      memberCount: room.memberCount,
      members: room.members,
      messages: room.messages,
      muted: room.muted,
      canSend: room.canSend,
      media: room.media,
    },
    chat: { peer: chat.peer, messages: chat.messages },
  })
}

export async function expectRejects(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ name: 'AppError', code })
}

export function texts(store: RootStore): string[] {
  return store.room.messages.map((m) => m.text)
}

/** A live room on `network`: a host and two audience members, everything delivered. */
export async function liveRoom(network: DemoNetwork): Promise<{ host: Person; alice: Person; bob: Person; roomId: string }> {
  const host = await person(network, '主播')
  const alice = await person(network, '小爱')
  const bob = await person(network, '小波')
  const roomId = await host.store.room.create()
  await alice.store.room.join(roomId)
  await bob.store.room.join(roomId)
  await settle(network)
  return { host, alice, bob, roomId }
}
