/**
 * docs/ARCHITECTURE.md "Roles", action by action and role by role, on one demo network. A forbidden action
 * rejects with NOT_ALLOWED and changes nothing a person can see.
 */
import { createDemoNetwork } from '../../miniprogram/services/demo'
import type { RootStore } from '../../miniprogram/stores'
import { expectRejects, person, settle, snapshot, type DemoNetwork, type Person } from './people'

type RoleName = 'user' | 'host' | 'audience'

let network: DemoNetwork
let host: Person
let audience: Person
let user: Person
let peer: Person

beforeEach(async () => {
  network = createDemoNetwork({ latencyMs: 0 })
  host = await person(network, '主播')
  audience = await person(network, '观众')
  user = await person(network, '路人')
  peer = await person(network, '好友')
  const roomId = await host.store.room.create()
  await audience.store.room.join(roomId)
  await settle(network)
})

afterEach(() => network.close())

const who = (role: RoleName): RootStore => ({ user, host, audience })[role].store

type Attempt = (store: RootStore) => Promise<unknown>

const actions: Record<string, Attempt> = {
  'private chat (send)': async (s) => {
    await s.chat.open(peer.profile.id)
    return s.chat.send('你好')
  },
  'create room': (s) => s.room.create(),
  'join room by number': (s) => s.room.join(host.store.room.id ?? '100000'),
  'public chat in room': (s) => s.room.send('大家好'),
  'mute a member': (s) => s.room.mute(s === host.store ? audience.profile.id : user.profile.id),
  'unmute a member': (s) => s.room.unmute(audience.profile.id),
  'switch camera': (s) => s.room.switchCamera(),
  'mic off': (s) => s.room.setMic(false),
  'camera off': (s) => s.room.setCamera(false),
}

// the expected matrix, written out (not derived from core/roles)
const allowed: Record<string, Record<RoleName, boolean>> = {
  'private chat (send)': { user: true, host: false, audience: false },
  'create room': { user: true, host: false, audience: false },
  'join room by number': { user: true, host: false, audience: false },
  'public chat in room': { user: false, host: true, audience: true },
  'mute a member': { user: false, host: true, audience: false },
  'unmute a member': { user: false, host: true, audience: false },
  'switch camera': { user: false, host: true, audience: false },
  'mic off': { user: false, host: true, audience: false },
  'camera off': { user: false, host: true, audience: false },
}

const cases = Object.entries(allowed).flatMap(([action, roles]) =>
  (Object.keys(roles) as RoleName[]).map((role) => [action, role, roles[role]] as const),
)

describe.each(cases)('%s as %s', (action, role, ok) => {
  if (ok) {
    test('is allowed', async () => {
      await expect(actions[action](who(role))).resolves.not.toThrow()
    })
  } else {
    test('is rejected with NOT_ALLOWED and changes no state', async () => {
      const store = who(role)
      // opening a chat is allowed for everyone; only the send is role-checked
      if (action === 'private chat (send)') await store.chat.open(peer.profile.id)
      const before = snapshot(store)
      const attempt = action === 'private chat (send)' ? store.chat.send('你好') : actions[action](store)
      await expectRejects(attempt, 'NOT_ALLOWED')
      await settle(network)
      expect(snapshot(store)).toEqual(before)
    })
  }
})

describe('media roles', () => {
  test('the host pushes, the audience plays the host stream, the user does neither', () => {
    expect(host.store.room.role).toBe('host')
    expect(host.store.room.media.pushUrl).not.toBe('')
    expect(host.store.room.media.players).toEqual([])

    expect(audience.store.room.role).toBe('audience')
    expect(audience.store.room.media.pushUrl).toBe('')
    expect(audience.store.room.media.players).toEqual([
      expect.objectContaining({ userId: host.profile.id, url: expect.stringMatching(/\S/) }),
    ])

    expect(user.store.room.role).toBe('user')
    expect(user.store.room.media.pushUrl).toBe('')
    expect(user.store.room.media.players).toEqual([])
  })

  test('the room permissions the views bind to follow the role', () => {
    const none = { requestMic: false, manageGuests: false, leaveMic: false }
    expect(host.store.room.can).toEqual({ publicChat: true, mute: true, controlMedia: true, endRoom: true, leaveRoom: true, subscribe: false, like: false, ...none, manageGuests: true })
    expect(audience.store.room.can).toEqual({ publicChat: true, mute: false, controlMedia: false, endRoom: false, leaveRoom: true, subscribe: true, like: true, ...none, requestMic: true })
    expect(user.store.room.can).toEqual({ publicChat: false, mute: false, controlMedia: false, endRoom: false, leaveRoom: false, subscribe: false, like: false, ...none })
  })
})

describe('ending the room', () => {
  test('leaving as host ends the room for the audience', async () => {
    await host.store.room.leave()
    await settle(network)
    expect(host.store.room.status).toBe('idle')
    expect(audience.store.room.status).toBe('ended')
    expect(audience.store.room.endReason).toMatch(/主播/)
    expect(audience.store.room.canSend).toBe(false)
  })

  test('leaving as audience does not end the room', async () => {
    await audience.store.room.leave()
    await settle(network)
    expect(audience.store.room.status).toBe('idle')
    expect(audience.store.room.role).toBe('user')
    expect(host.store.room.status).toBe('live')
  })

  test('a muted audience member may not chat publicly (MUTED) and nothing changes', async () => {
    await host.store.room.mute(audience.profile.id)
    await settle(network)
    expect(audience.store.room.canSend).toBe(false)
    expect(audience.store.room.sendHint).toMatch(/禁言/)
    const before = snapshot(audience.store)
    await expectRejects(audience.store.room.send('让我说话'), 'MUTED')
    expect(snapshot(audience.store)).toEqual(before)
  })
})
