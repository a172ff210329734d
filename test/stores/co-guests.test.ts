/**
 * Co-guests (连麦) across phones on one demo network without a backend (docs/ARCHITECTURE.md
 * "Co-guests"): the host's guest list is the same on every phone, each phone plays the host's and
 * the guests' streams but its own, and whoever is not on the list is never played.
 */
import { createDemoNetwork, streamIdOf } from '../../miniprogram/services/demo'
import { MAX_GUESTS } from '../../miniprogram/core/wire'
import type { RootStore } from '../../miniprogram/stores'
import { expectRejects, liveRoom, person, settle, type DemoNetwork, type Person } from './people'

let network: DemoNetwork
let host: Person
let alice: Person
let bob: Person
let roomId: string

beforeEach(async () => {
  network = createDemoNetwork({ latencyMs: 0 })
  ;({ host, alice, bob, roomId } = await liveRoom(network))
})
afterEach(() => network.close())

const ids = (store: RootStore) => store.room.guests.map((g) => g.id)
/** whose streams this phone plays, by user id */
const playing = (store: RootStore) => store.room.media.players.filter((p) => p.url).map((p) => p.userId).sort()

async function accepted(guest: Person): Promise<void> {
  await guest.store.room.requestMic()
  await settle(network)
  await host.store.room.acceptGuest(guest.profile.id)
  await settle(network)
}

test('request → the host sees it → accept: alice is a guest pushing her camera, and a third person plays both streams', async () => {
  await alice.store.room.requestMic()
  expect(alice.store.room.myMicRequest).toBe('pending')
  await settle(network)
  expect(host.store.room.micRequests).toEqual([alice.profile])
  // only the host sees requests
  expect(bob.store.room.micRequests).toEqual([])

  await host.store.room.acceptGuest(alice.profile.id)
  await settle(network)
  expect(host.store.room.micRequests).toEqual([])
  for (const p of [host, alice, bob]) expect(p.store.room.guests).toEqual([alice.profile])
  expect(alice.store.room.role).toBe('guest')
  expect(alice.store.room.myMicRequest).toBe('none')
  expect(alice.store.room.media.pushUrl).toMatch(/^rtmp:/)
  expect(alice.store.room.can).toMatchObject({ controlMedia: true, leaveMic: true, requestMic: false, like: true, mute: false, endRoom: false })

  expect(playing(bob.store)).toEqual([alice.profile.id, host.profile.id].sort())
  // each phone plays the others, never itself
  expect(playing(host.store)).toEqual([alice.profile.id])
  expect(playing(alice.store)).toEqual([host.profile.id])
})

test('reject: the request goes, the asker sees rejected, and may ask again', async () => {
  await alice.store.room.requestMic()
  await settle(network)
  await host.store.room.rejectGuest(alice.profile.id)
  await settle(network)
  expect(host.store.room.micRequests).toEqual([])
  expect(alice.store.room.myMicRequest).toBe('rejected')
  expect(alice.store.room.role).toBe('audience')
  expect(alice.store.room.media.pushUrl).toBe('')

  await alice.store.room.requestMic()
  await settle(network)
  expect(alice.store.room.myMicRequest).toBe('pending')
  expect(host.store.room.micRequests).toEqual([alice.profile])
})

test('cancel: the request leaves the host’s list; accepting it afterwards is NOT_ALLOWED', async () => {
  await alice.store.room.requestMic()
  await settle(network)
  await alice.store.room.cancelMicRequest()
  expect(alice.store.room.myMicRequest).toBe('none')
  await settle(network)
  expect(host.store.room.micRequests).toEqual([])
  await expectRejects(host.store.room.acceptGuest(alice.profile.id), 'NOT_ALLOWED')
  expect(host.store.room.guests).toEqual([])
})

test('the host removes a guest: off camera everywhere, her stream no longer played, she is audience again', async () => {
  await accepted(alice)
  await host.store.room.removeGuest(alice.profile.id)
  await settle(network)
  for (const p of [host, alice, bob]) expect(p.store.room.guests).toEqual([])
  expect(alice.store.room.role).toBe('audience')
  expect(alice.store.room.media.pushUrl).toBe('')
  expect(playing(bob.store)).toEqual([host.profile.id])
  expect(playing(host.store)).toEqual([])
  // still watching the host
  expect(playing(alice.store)).toEqual([host.profile.id])
  await expectRejects(host.store.room.removeGuest(alice.profile.id), 'NOT_ALLOWED')
})

test('the guest leaves the mic: unpublished, back to audience playing, off the list everywhere', async () => {
  await accepted(alice)
  await alice.store.room.leaveMic()
  expect(alice.store.room.role).toBe('audience')
  expect(alice.store.room.media.pushUrl).toBe('')
  await settle(network)
  for (const p of [host, alice, bob]) expect(p.store.room.guests).toEqual([])
  expect(playing(alice.store)).toEqual([host.profile.id])
  expect(playing(bob.store)).toEqual([host.profile.id])
  // and may ask again
  await accepted(alice)
  expect(alice.store.room.role).toBe('guest')
})

test('the guest leaves the room: off the list everywhere, her stream gone', async () => {
  await accepted(alice)
  await alice.store.room.leave()
  await settle(network)
  expect(alice.store.room.role).toBe('user')
  for (const p of [host, bob]) expect(p.store.room.guests).toEqual([])
  expect(playing(bob.store)).toEqual([host.profile.id])
})

test('a requester who leaves the room leaves the requests', async () => {
  await alice.store.room.requestMic()
  await settle(network)
  await alice.store.room.leave()
  await settle(network)
  expect(host.store.room.micRequests).toEqual([])
})

test('a guest who drops past the reconnect window is taken off; a requester too', async () => {
  network.close()
  network = createDemoNetwork({ latencyMs: 0, offlineTimeoutMs: 50 })
  ;({ host, alice, bob, roomId } = await liveRoom(network))
  await accepted(alice)
  await bob.store.room.requestMic()
  await settle(network)
  network.drop(alice.profile.id)
  network.drop(bob.profile.id)
  await settle(network)
  await new Promise((resolve) => setTimeout(resolve, 80))
  // RongCloud removes an offline member at the first message after the window
  await host.store.room.send('还有人吗')
  await settle(network)
  expect(host.store.room.guests).toEqual([])
  expect(host.store.room.micRequests).toEqual([])
})

test('a guest who drops briefly and comes back stays a guest', async () => {
  await accepted(alice)
  network.drop(alice.profile.id)
  await settle(network)
  network.restore(alice.profile.id)
  await settle(network)
  expect(alice.store.room.status).toBe('live')
  expect(ids(host.store)).toEqual([alice.profile.id])
  expect(alice.store.room.role).toBe('guest')
})

test('the host ends the room: it ends for the guest and the audience; nothing of co-guests is left', async () => {
  await accepted(alice)
  await bob.store.room.requestMic()
  await settle(network)
  await host.store.room.leave()
  await settle(network)
  for (const p of [alice, bob]) {
    expect(p.store.room.status).toBe('ended')
    expect(p.store.room.role).toBe('user')
    expect(p.store.room.guests).toEqual([])
    expect(p.store.room.myMicRequest).toBe('none')
    expect(p.store.room.media.pushUrl).toBe('')
    expect(p.store.room.media.players).toEqual([])
  }
})

test(`at most ${MAX_GUESTS} guests: the fourth accept is ROOM_FULL and its request stays; asking while full is allowed`, async () => {
  const more = [await person(network, '小三'), await person(network, '小四')]
  for (const p of more) await p.store.room.join(roomId)
  await settle(network)
  for (const p of [alice, bob, more[0]]) await accepted(p)
  expect(host.store.room.guests).toHaveLength(3)
  await more[1].store.room.requestMic()
  await settle(network)
  expect(more[1].store.room.myMicRequest).toBe('pending')
  await expectRejects(host.store.room.acceptGuest(more[1].profile.id), 'ROOM_FULL')
  expect(host.store.room.micRequests).toEqual([more[1].profile])
  expect(host.store.room.guests).toHaveLength(3)
  // one steps down: now there is room
  await bob.store.room.leaveMic()
  await settle(network)
  await host.store.room.acceptGuest(more[1].profile.id)
  await settle(network)
  expect(ids(more[1].store)).toEqual([alice.profile.id, more[0].profile.id, more[1].profile.id])
  expect(playing(bob.store)).toEqual([alice.profile.id, host.profile.id, more[0].profile.id, more[1].profile.id].sort())
})

test('a late joiner sees the same guests and plays them', async () => {
  await accepted(alice)
  const late = await person(network, '后来的')
  await late.store.room.join(roomId)
  await settle(network)
  expect(late.store.room.guests).toEqual([alice.profile])
  expect(playing(late.store)).toEqual([alice.profile.id, host.profile.id].sort())
})

test('muting a guest bans chat only: the guest stays on camera', async () => {
  await accepted(alice)
  await host.store.room.mute(alice.profile.id)
  await settle(network)
  expect(alice.store.room.canSend).toBe(false)
  await expectRejects(alice.store.room.send('我还能说话吗'), 'MUTED')
  expect(alice.store.room.role).toBe('guest')
  expect(ids(bob.store)).toEqual([alice.profile.id])
  expect(playing(bob.store)).toContain(alice.profile.id)
})

test('a guest’s own controls: mic, camera and flip; like is allowed too', async () => {
  await accepted(alice)
  await alice.store.room.setMic(false)
  await alice.store.room.setCamera(false)
  await alice.store.room.switchCamera()
  expect(alice.store.room.media).toMatchObject({ micOn: false, cameraOn: false, camera: 'back' })
  expect(() => alice.store.room.like()).not.toThrow()
  // stepping down resets the controls for the next time
  await alice.store.room.leaveMic()
  expect(alice.store.room.media).toMatchObject({ micOn: true, cameraOn: true, camera: 'front', pushUrl: '' })
})

test('someone on the list who did not ask (or took it back) steps down: their camera never goes out', async () => {
  await alice.store.room.requestMic()
  await settle(network)
  // the accept crosses the cancel on the wire
  const accepting = host.store.room.acceptGuest(alice.profile.id)
  await alice.store.room.cancelMicRequest()
  await accepting
  await settle(network)
  expect(alice.store.room.role).toBe('audience')
  expect(alice.store.room.media.pushUrl).toBe('')
  for (const p of [host, alice, bob]) expect(p.store.room.guests).toEqual([])
  expect(await streamsPublished()).toEqual([streamIdOf(host.profile.id)])
})

test('a guest’s app going to the background marks their tile paused on the others’ phones', async () => {
  await accepted(alice)
  alice.store.room.setAppVisible(false)
  await settle(network)
  expect(bob.store.room.media.pausedGuests).toEqual({ [alice.profile.id]: 'background' })
  expect(bob.store.room.media.hostPaused).toBeNull()
  alice.store.room.setAppVisible(true)
  await settle(network)
  expect(bob.store.room.media.pausedGuests).toEqual({})
})

let probes = 0
/** the streams published in the RTC room, as a newcomer's RTC join lists them */
async function streamsPublished(): Promise<string[]> {
  const profile = { id: `probe${++probes}`, name: '旁观' }
  const client = network.connect(profile)
  await client.rts.connect(profile)
  const { streams } = await client.rtc.join(roomId)
  await client.rtc.leave()
  return streams.map((s) => s.id).sort()
}
