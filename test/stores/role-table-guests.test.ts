/**
 * docs/ARCHITECTURE.md "Roles", the co-guest rows, action by action and role by role on one demo
 * network: user (in the lobby), host, guest (accepted on camera) and audience. A forbidden action
 * rejects with NOT_ALLOWED and changes nothing a person can see.
 */
import { toJS } from 'mobx-miniprogram'
import { createDemoNetwork } from '../../miniprogram/services/demo'
import type { RootStore } from '../../miniprogram/stores'
import { expectRejects, person, settle, snapshot, type DemoNetwork, type Person } from './people'

type RoleName = 'user' | 'host' | 'guest' | 'audience'

let network: DemoNetwork
let host: Person
let guest: Person
let audience: Person
/** an audience member whose request waits: what accept and reject act on */
let asker: Person
let user: Person

beforeEach(async () => {
  network = createDemoNetwork({ latencyMs: 0 })
  host = await person(network, '主播')
  guest = await person(network, '嘉宾')
  audience = await person(network, '观众')
  asker = await person(network, '申请者')
  user = await person(network, '路人')
  const roomId = await host.store.room.create()
  for (const p of [guest, audience, asker]) await p.store.room.join(roomId)
  await settle(network)
  await guest.store.room.requestMic()
  await settle(network)
  await host.store.room.acceptGuest(guest.profile.id)
  await asker.store.room.requestMic()
  await settle(network)
  expect(guest.store.room.role).toBe('guest')
  expect(host.store.room.micRequests).toEqual([asker.profile])
})

afterEach(() => network.close())

const who = (role: RoleName): RootStore => ({ user, host, guest, audience })[role].store

/** what a person sees, co-guests included */
const seen = (store: RootStore) => ({
  ...(snapshot(store) as object),
  coGuests: toJS({ guests: store.room.guests, micRequests: store.room.micRequests, myMicRequest: store.room.myMicRequest, can: store.room.can }),
})

const actions: Record<string, (s: RootStore) => Promise<unknown>> = {
  'request a mic': (s) => s.room.requestMic(),
  'cancel a mic request': (s) => s.room.cancelMicRequest(),
  'accept a request': (s) => s.room.acceptGuest(asker.profile.id),
  'reject a request': (s) => s.room.rejectGuest(asker.profile.id),
  'remove a guest': (s) => s.room.removeGuest(guest.profile.id),
  'switch own camera': (s) => s.room.switchCamera(),
  'own mic off': (s) => s.room.setMic(false),
  'own camera off': (s) => s.room.setCamera(false),
  'leave the mic': (s) => s.room.leaveMic(),
  'public chat': (s) => s.room.send('大家好'),
  'mute a member': (s) => s.room.mute(audience.profile.id),
  'like': async (s) => s.room.like(),
}

// the expected matrix, written out (not derived from core/roles)
const allowed: Record<string, Record<RoleName, boolean>> = {
  'request a mic': { user: false, host: false, guest: false, audience: true },
  'cancel a mic request': { user: false, host: false, guest: false, audience: true },
  'accept a request': { user: false, host: true, guest: false, audience: false },
  'reject a request': { user: false, host: true, guest: false, audience: false },
  'remove a guest': { user: false, host: true, guest: false, audience: false },
  'switch own camera': { user: false, host: true, guest: true, audience: false },
  'own mic off': { user: false, host: true, guest: true, audience: false },
  'own camera off': { user: false, host: true, guest: true, audience: false },
  'leave the mic': { user: false, host: false, guest: true, audience: false },
  'public chat': { user: false, host: true, guest: true, audience: true },
  'mute a member': { user: false, host: true, guest: false, audience: false },
  'like': { user: false, host: false, guest: true, audience: true },
}

const cases = Object.entries(allowed).flatMap(([action, roles]) => (Object.keys(roles) as RoleName[]).map((role) => [action, role, roles[role]] as const))

describe.each(cases)('%s as %s', (action, role, ok) => {
  if (ok) {
    test('is allowed', async () => {
      await expect(actions[action](who(role))).resolves.not.toThrow()
    })
  } else {
    test('is rejected with NOT_ALLOWED and changes no state', async () => {
      const store = who(role)
      const before = seen(store)
      await expectRejects(actions[action](store), 'NOT_ALLOWED')
      await settle(network)
      expect(seen(store)).toEqual(before)
    })
  }
})

describe('media by role', () => {
  test('host and guest push their own camera; everyone plays the others, never themselves', () => {
    for (const p of [host, guest]) expect(p.store.room.media.pushUrl).toMatch(/^rtmp:/)
    for (const p of [audience, asker, user]) expect(p.store.room.media.pushUrl).toBe('')
    const played = (p: Person) => p.store.room.media.players.map((x) => x.userId).sort()
    expect(played(host)).toEqual([guest.profile.id])
    expect(played(guest)).toEqual([host.profile.id])
    expect(played(audience)).toEqual([guest.profile.id, host.profile.id].sort())
    expect(played(user)).toEqual([])
  })

  test('the permissions the views bind to follow the role', () => {
    expect(guest.store.room.can).toEqual({
      publicChat: true, mute: false, controlMedia: true, endRoom: false, leaveRoom: true, subscribe: true,
      like: true, requestMic: false, manageGuests: false, leaveMic: true,
    })
  })
})

describe('ending and leaving', () => {
  test('leaving as guest does not end the room; the guest is off the list', async () => {
    await guest.store.room.leave()
    await settle(network)
    expect(host.store.room.status).toBe('live')
    expect(host.store.room.guests).toEqual([])
  })

  test('the host leaving ends it for the guest too', async () => {
    await host.store.room.leave()
    await settle(network)
    expect(guest.store.room.status).toBe('ended')
    expect(guest.store.room.role).toBe('user')
  })
})
