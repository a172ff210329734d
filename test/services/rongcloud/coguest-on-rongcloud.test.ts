/**
 * Co-guests (连麦, docs/ARCHITECTURE.md "Co-guests") with both services on the RongCloud adapters:
 * signalling over the fake RongCloud IM server (fake-sdk), media over the RTC adapter on the
 * multi-phone plugin fake (rtc/fake-rtc-server.ts, rtc/fake-hub-room.ts). Each phone runs its own
 * copy of the app and of the plugin (rtc/hub-phones.ts). "Plays" is checked twice: the store's
 * live-player URLs, and what the fake media gateway actually relays to that phone.
 */
import type { Profile } from '../../../miniprogram/core/types'
import { MAX_GUESTS } from '../../../miniprogram/core/wire'
import type { RootStore } from '../../../miniprogram/stores'
import { FakeImLib, FakeRongCloudServer } from './fake-sdk'
import { fixedTokens } from './helpers'
import { FakeRtcServer } from './rtc/fake-rtc-server'
import { loadPhone, rtcPhone, type RtcPhone } from './rtc/hub-phones'

interface Person {
  profile: Profile
  store: RootStore
  im: FakeImLib
  phone: RtcPhone
}

let im: FakeRongCloudServer
let rtc: FakeRtcServer
let people: Person[]
let host: Person
let alice: Person
let bob: Person
let roomId: string

/** Lets every IM delivery and RTC round trip, notice and queued plugin command run (fake time). */
async function settle(ms = 3000): Promise<void> {
  await jest.advanceTimersByTimeAsync(ms)
}

async function done<T>(p: Promise<T>, ms = 3000): Promise<T> {
  await settle(ms)
  return p
}

async function person(id: string, name: string): Promise<Person> {
  const profile = { id, name }
  const modules = loadPhone()
  const client = new FakeImLib(im)
  client.init({ appkey: 'test-app-key' })
  const tokens = fixedTokens(id, im.addUser(id))
  const rts = modules.rts.createRongCloudRts({ lib: client, SignalMessage: modules.messages.registerSignalMessage(client), tokens })
  const phone = rtcPhone(rtc, id, modules)
  const store = modules.stores.createStore({ rts, rtc: phone.rtc })
  await done(store.session.signIn(profile))
  const p = { profile, store, im: client, phone }
  people.push(p)
  return p
}

/** whose streams the store plays (live-players with a URL), by user id */
const playing = (p: Person) =>
  p.store.room.media.players
    .filter((x) => x.url)
    .map((x) => x.userId)
    .sort()

/** whose streams the media gateway relays to this phone, by user id */
const relayed = (p: Person) => [...rtc.relayed(p.profile.id).keys()].map((msid) => msid.split('_')[0]).sort()

/** the store's players are the gateway's relays: same streams, same URLs */
function expectPlaysWhatIsRelayed(p: Person): void {
  const relays = rtc.relayed(p.profile.id)
  const players = p.store.room.media.players.filter((x) => x.url)
  expect(Object.fromEntries(players.map((x) => [x.id, x.url]))).toEqual(Object.fromEntries(relays))
}

const ids = (p: Person) => p.store.room.guests.map((g) => g.id)

async function accepted(guest: Person): Promise<void> {
  await done(guest.store.room.requestMic())
  await done(host.store.room.acceptGuest(guest.profile.id))
}

async function joinRoom(p: Person): Promise<void> {
  await done(p.store.room.join(roomId))
}

beforeEach(async () => {
  jest.useFakeTimers({ now: 1_700_000_000_000 })
  im = new FakeRongCloudServer()
  rtc = new FakeRtcServer()
  im.rtcRoomAlive = (id) => rtc.roomAlive(id)
  people = []
  host = await person('host', '主播')
  alice = await person('alice', '小爱')
  bob = await person('bob', '小波')
  roomId = await done(host.store.room.create())
  for (const p of [alice, bob]) await joinRoom(p)
})

afterEach(async () => {
  for (const p of people) {
    if (!p.im.connected) p.im.resume()
    rtc.restore(p.profile.id)
    await done(p.store.session.signOut().catch(() => undefined), 500)
  }
  rtc.dispose()
  im.dispose()
  jest.clearAllTimers()
  jest.useRealTimers()
})

describe.each(['message', 'pull'] as const)('RTC changes announced by %s', (announce) => {
  beforeEach(() => {
    rtc.announce = announce
  })

  test('request → accept: the guest publishes; a third person plays the host and the guest, each phone the others', async () => {
    expect(playing(bob)).toEqual(['host'])
    await done(alice.store.room.requestMic())
    expect(host.store.room.micRequests).toEqual([alice.profile])
    await done(host.store.room.acceptGuest('alice'))
    for (const p of [host, alice, bob]) expect(ids(p)).toEqual(['alice'])
    expect(alice.store.room.role).toBe('guest')
    expect(alice.store.room.media.pushUrl).toMatch(/^rtmp:\/\/push\.fake\/.*alice_RongCloudRTC/)
    expect(rtc.published(roomId)).toEqual(['alice_RongCloudRTC', 'host_RongCloudRTC'])

    expect(playing(bob)).toEqual(['alice', 'host'])
    expect(playing(host)).toEqual(['alice'])
    expect(playing(alice)).toEqual(['host'])
    for (const p of [host, alice, bob]) expectPlaysWhatIsRelayed(p)
  })

  test('下麦: the guest unpublishes; the others stop playing her and keep playing the host', async () => {
    await accepted(alice)
    await done(alice.store.room.leaveMic())
    expect(alice.store.room.role).toBe('audience')
    expect(alice.store.room.media.pushUrl).toBe('')
    expect(rtc.published(roomId)).toEqual(['host_RongCloudRTC'])
    for (const p of [host, alice, bob]) expect(ids(p)).toEqual([])
    expect(playing(bob)).toEqual(['host'])
    expect(playing(alice)).toEqual(['host'])
    expect(playing(host)).toEqual([])
    for (const p of [host, alice, bob]) expectPlaysWhatIsRelayed(p)
    expect(relayed(bob)).toEqual(['host'])
  })

  test('the host removes a guest: off camera everywhere, no longer played, the host still played; accepted again, played again', async () => {
    await accepted(alice)
    await done(host.store.room.removeGuest('alice'))
    for (const p of [host, alice, bob]) expect(ids(p)).toEqual([])
    expect(alice.store.room.role).toBe('audience')
    expect(rtc.published(roomId)).toEqual(['host_RongCloudRTC'])
    expect(playing(bob)).toEqual(['host'])
    expect(playing(alice)).toEqual(['host'])
    for (const p of [host, alice, bob]) expectPlaysWhatIsRelayed(p)
    expect(relayed(bob)).toEqual(['host'])

    // accepted again: her new stream (the same msid) is played again by everyone
    await accepted(alice)
    expect(playing(bob)).toEqual(['alice', 'host'])
    expect(playing(host)).toEqual(['alice'])
    for (const p of [host, alice, bob]) expectPlaysWhatIsRelayed(p)
  })
})

test(`at most ${MAX_GUESTS} guests: the fourth accept is ROOM_FULL, its request stays, nothing more is published`, async () => {
  const more = [await person('cara', '小卡'), await person('dan', '小丹')]
  for (const p of more) await joinRoom(p)
  for (const p of [alice, bob, more[0]]) await accepted(p)
  expect(ids(host)).toEqual(['alice', 'bob', 'cara'])
  await done(more[1].store.room.requestMic())
  const fourth = host.store.room.acceptGuest('dan').catch((e: unknown) => e)
  await expect(done(fourth)).resolves.toMatchObject({ code: 'ROOM_FULL' })
  expect(host.store.room.micRequests).toEqual([more[1].profile])
  expect(more[1].store.room.role).toBe('audience')
  expect(rtc.published(roomId)).toEqual(['alice_RongCloudRTC', 'bob_RongCloudRTC', 'cara_RongCloudRTC', 'host_RongCloudRTC'])
  expect(playing(more[1])).toEqual(['alice', 'bob', 'cara', 'host'])
  expect(playing(alice)).toEqual(['bob', 'cara', 'host'])
  for (const p of people) expectPlaysWhatIsRelayed(p)
})

test('a non-guest who publishes anyway (a modified client calling the plugin) is never played', async () => {
  await accepted(alice)
  // bob's phone publishes straight through the plugin, without asking
  const rogue = bob.phone.client.room
  await done(rogue.publishStream('RongCloudRTC'))
  expect(rtc.published(roomId)).toContain('bob_RongCloudRTC')
  // the others' plugins announced it
  expect(host.phone.client.room.told).toContain('onStreamPublish:bob_RongCloudRTC')
  expect(alice.phone.client.room.told).toContain('onStreamPublish:bob_RongCloudRTC')
  expect(playing(host)).toEqual(['alice'])
  expect(playing(alice)).toEqual(['host'])
  for (const p of [host, alice]) {
    expect(relayed(p)).not.toContain('bob')
    expectPlaysWhatIsRelayed(p)
  }
  // a late joiner does not play it either
  const late = await person('erin', '后来的')
  await joinRoom(late)
  expect(playing(late)).toEqual(['alice', 'host'])
  expectPlaysWhatIsRelayed(late)

  // and when it stops, what the others play goes on being relayed
  await done(rogue.unpublishStream())
  for (const p of [host, alice, late]) expectPlaysWhatIsRelayed(p)
  expect(relayed(late)).toEqual(['alice', 'host'])
})

test('the guest drops past the reconnect window: taken off the list, her stream no longer played', async () => {
  await accepted(alice)
  expect(playing(bob)).toEqual(['alice', 'host'])
  alice.im.suspend()
  rtc.drop('alice')
  await settle(31_000)
  // RongCloud removes an offline chatroom member at the first message after 30 s
  await done(host.store.room.send('还有人吗'))
  for (const p of [host, bob]) expect(ids(p)).toEqual([])
  // the RTC server evicted her too: the others' plugins said onUserLeave, not onStreamUnpublish
  expect(rtc.published(roomId)).toEqual(['host_RongCloudRTC'])
  expect(bob.phone.client.room.told).toContain('onUserLeave:alice')
  expect(bob.phone.client.room.told).not.toContain('onStreamUnpublish:alice_RongCloudRTC')
  expect(playing(bob)).toEqual(['host'])
  expect(playing(host)).toEqual([])
  for (const p of [host, bob]) expectPlaysWhatIsRelayed(p)
  expect(relayed(bob)).toEqual(['host'])
})

test('the guest list reaches a phone before the guest’s stream does (its RTC notices late): played once the stream comes', async () => {
  const release = rtc.holdNotices('bob')
  await accepted(alice)
  expect(ids(bob)).toEqual(['alice'])
  expect(playing(bob)).toEqual(['host'])
  release()
  await settle()
  expect(playing(bob)).toEqual(['alice', 'host'])
  expectPlaysWhatIsRelayed(bob)
})

test('the dropped guest comes back, asks again and is accepted: everyone plays her again', async () => {
  await accepted(alice)
  alice.im.suspend()
  rtc.drop('alice')
  await settle(31_000)
  await done(host.store.room.send('还有人吗'))
  expect(ids(host)).toEqual([])
  // back online: she enters the room again and asks again
  alice.im.resume()
  rtc.restore('alice')
  await settle()
  await done(alice.store.room.leave())
  await joinRoom(alice)
  await accepted(alice)
  expect(alice.store.room.role).toBe('guest')
  expect(rtc.published(roomId)).toEqual(['alice_RongCloudRTC', 'host_RongCloudRTC'])
  expect(playing(bob)).toEqual(['alice', 'host'])
  expect(playing(host)).toEqual(['alice'])
  for (const p of [host, alice, bob]) expectPlaysWhatIsRelayed(p)
})

test('a guest’s stream goes while another phone’s subscribe to it waits in its plugin: no hang, she is played when back', async () => {
  // bob goes on camera through a slow gateway: his plugin's queue is held up by his publish, and
  // what the server tells him waits behind it: alice's publish, then her eviction (she dropped,
  // still on the list: no chat message has evicted her from the chatroom yet). When the queue
  // moves, his store asks to play her as her publish is told; the eviction goes ahead of that
  // subscribe, and the subscribe, its stream gone, throws inside the plugin
  await done(bob.store.room.requestMic())
  const slow = rtc.holdExchanges('bob')
  await done(host.store.room.acceptGuest('bob'))
  await accepted(alice)
  alice.im.suspend()
  rtc.drop('alice')
  await settle(31_000)
  expect(ids(bob)).toEqual(['bob', 'alice'])
  expect(bob.phone.client.room.told).toEqual([])
  slow()
  await settle()
  expect(bob.phone.client.room.told).toEqual(['onStreamPublish:alice_RongCloudRTC', 'onUserLeave:alice'])
  expect(bob.phone.client.room.hung).toBe(1)
  expect(bob.store.room.media.pushUrl).toMatch(/^rtmp:/)
  expect(playing(bob)).toEqual(['host'])
  // a stream that went away is no failure to show: no error, no retry button
  expect(bob.store.room.media.error).toBeNull()
  expectPlaysWhatIsRelayed(bob)

  // she is taken off (the next message evicts her), comes back, and is accepted again
  await done(host.store.room.send('还有人吗'))
  alice.im.resume()
  rtc.restore('alice')
  await settle()
  await done(alice.store.room.leave())
  await joinRoom(alice)
  await accepted(alice)
  expect(playing(bob)).toEqual(['alice', 'host'])
  expectPlaysWhatIsRelayed(bob)
})

test('a stream already out when its owner is accepted (published ahead of the list) is played from the list change alone', async () => {
  // bob's phone published before anyone allowed it: known everywhere, played nowhere
  await done(bob.phone.client.room.publishStream('RongCloudRTC'))
  expect(playing(alice)).toEqual(['host'])
  const told = alice.phone.client.room.told.length
  await accepted(bob)
  expect(bob.store.room.role).toBe('guest')
  // no new announcement reached alice: her phone plays bob because the list now allows him
  expect(alice.phone.client.room.told.slice(told).filter((t) => t.startsWith('onStream'))).toEqual([])
  expect(playing(alice)).toEqual(['bob', 'host'])
  expect(playing(host)).toEqual(['bob'])
  for (const p of [host, alice]) expectPlaysWhatIsRelayed(p)
})
