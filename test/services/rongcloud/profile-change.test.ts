/**
 * A nickname changed while signed in over RongCloud (issue 10 item 15). The id stored on the phone
 * is never the token's user id (RongCloud assigns it), so changing the name used to fail with
 * 「请先退出当前账号」; now it changes what others see: the lobby and chat lines.
 */
import { createStore } from '../../../miniprogram/stores'
import type { RootStore } from '../../../miniprogram/stores'
import { FakeRongCloudServer } from './fake-sdk'
import { FakeRtcHub } from './fake-rtc-service'
import { makePeer } from './helpers'

let server: FakeRongCloudServer
let media: FakeRtcHub

async function settle(ms = 3000): Promise<void> {
  await jest.advanceTimersByTimeAsync(ms)
}

/** signs in as `phoneId` (the id stored on the phone); the token says `userId` */
async function person(userId: string, phoneId: string, name: string): Promise<RootStore> {
  const peer = makePeer(server, userId)
  const store = createStore({ rts: peer.rts, rtc: media.client(userId) })
  const signedIn = store.session.signIn({ id: phoneId, name })
  await settle()
  await signedIn
  return store
}

beforeEach(() => {
  jest.useFakeTimers({ now: 1_700_000_000_000 })
  server = new FakeRongCloudServer()
  media = new FakeRtcHub()
})
afterEach(() => jest.useRealTimers())

test('a new nickname with the id stored on the phone: accepted, the id stays the token’s', async () => {
  const alice = await person('alice', 'u-phone-a', '小爱')
  const bob = await person('bob', 'u-phone-b', '小波')
  expect(alice.session.me?.id).toBe('alice')
  const renaming = alice.session.signIn({ id: 'u-phone-a', name: '爱丽丝' })
  await settle()
  await expect(renaming).resolves.toBeUndefined()
  expect(alice.session.me).toEqual({ id: 'alice', name: '爱丽丝' })
  // others see it in the lobby
  expect(bob.lobby.users.find((u) => u.id === 'alice')?.name).toBe('爱丽丝')
  // and on chat lines
  await alice.chat.open('bob')
  const sent = alice.chat.send('我改名了')
  await settle()
  await sent
  expect(bob.lobby.conversations.find((c) => c.peer.id === 'alice')?.last?.from.name).toBe('爱丽丝')
  for (const s of [alice, bob]) {
    const out = s.session.signOut()
    await settle(100)
    await out
  }
})

test('an id that is neither the phone’s nor the token’s is refused', async () => {
  const alice = await person('alice', 'u-phone-a', '小爱')
  await expect(alice.session.signIn({ id: 'mallory', name: '冒名' })).rejects.toMatchObject({ code: 'NOT_ALLOWED' })
  expect(alice.session.me).toEqual({ id: 'alice', name: '小爱' })
  const out = alice.session.signOut()
  await settle(100)
  await out
})
