import { AppError } from '../../miniprogram/core/errors'
import { Action, ACTIONS, assertCan, can, PERMISSIONS, Role } from '../../miniprogram/core/roles'

/**
 * docs/ARCHITECTURE.md "Roles" and its co-guest rows, written out by hand (not derived from
 * PERMISSIONS) so the two are compared.
 * `subscribe` (pull the host stream) for the host is "—" in the design (there is no host stream to
 * pull for oneself): no; a guest pulls it as the audience does.
 * `publicChat` for the audience and guests is "yes, unless muted": the mute list is checked by the store.
 * `leaveRoom` is not a row of its own; it follows from "leaving as host ends it" and from the
 * audience and guests being in a room: the room roles may leave, a lobby user has nothing to leave.
 * Co-guests: request / cancel a mic request (requestMic): audience; accept / reject / remove a
 * guest (manageGuests): host; push own camera (publish) and own mic / camera / flip
 * (controlMedia): host and guest; leave the mic: guest; mute and end: host only; like: audience and guests.
 */
const EXPECTED: Record<Action, Record<Role, boolean>> = {
  privateChat: { user: true, host: false, audience: false, guest: false },
  createRoom: { user: true, host: false, audience: false, guest: false },
  joinRoom: { user: true, host: false, audience: false, guest: false },
  publish: { user: false, host: true, audience: false, guest: true },
  subscribe: { user: false, host: false, audience: true, guest: true },
  publicChat: { user: false, host: true, audience: true, guest: true },
  mute: { user: false, host: true, audience: false, guest: false },
  controlMedia: { user: false, host: true, audience: false, guest: true },
  endRoom: { user: false, host: true, audience: false, guest: false },
  leaveRoom: { user: false, host: true, audience: true, guest: true },
  like: { user: false, host: false, audience: true, guest: true },
  requestMic: { user: false, host: false, audience: true, guest: false },
  manageGuests: { user: false, host: true, audience: false, guest: false },
  leaveMic: { user: false, host: false, audience: false, guest: true },
}

const ROLES: Role[] = ['user', 'host', 'audience', 'guest']
const CASES = (Object.keys(EXPECTED) as Action[]).flatMap((action) =>
  ROLES.map((role) => [role, action, EXPECTED[action][role]] as const),
)

describe('PERMISSIONS', () => {
  it('has exactly the actions of the design table', () => {
    expect([...ACTIONS].sort()).toEqual(Object.keys(EXPECTED).sort())
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(EXPECTED).sort())
  })

  it('names only known roles, each once', () => {
    for (const roles of Object.values(PERMISSIONS) as readonly (readonly Role[])[]) {
      expect(new Set(roles).size).toBe(roles.length)
      for (const role of roles) expect(ROLES).toContain(role)
    }
  })

  it.each(CASES)('%s may %s: %p', (role, action, allowed) => {
    expect(can(role, action)).toBe(allowed)
  })

  it.each(CASES)('assertCan(%s, %s) throws NOT_ALLOWED exactly when forbidden', (role, action, allowed) => {
    if (allowed) {
      expect(() => assertCan(role, action)).not.toThrow()
      return
    }
    let thrown: unknown
    try {
      assertCan(role, action)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(AppError)
    expect((thrown as AppError).code).toBe('NOT_ALLOWED')
    expect((thrown as AppError).message).toMatch(/[\u4e00-\u9fff]/)
  })

  it('gives the lobby user no room action and the room roles no lobby action', () => {
    const lobbyActions: Action[] = ['privateChat', 'createRoom', 'joinRoom']
    for (const action of ACTIONS) {
      const isLobby = lobbyActions.includes(action)
      expect(can('user', action)).toBe(isLobby)
      if (isLobby) {
        expect(can('host', action)).toBe(false)
        expect(can('audience', action)).toBe(false)
        expect(can('guest', action)).toBe(false)
      }
    }
  })

  it('refuses an unknown role', () => {
    expect(can('admin' as Role, 'mute')).toBe(false)
    expect(() => assertCan('admin' as Role, 'endRoom')).toThrow(AppError)
  })
})
