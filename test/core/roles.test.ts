import { AppError } from '../../miniprogram/core/errors'
import { Action, ACTIONS, assertCan, can, PERMISSIONS, Role } from '../../miniprogram/core/roles'

/**
 * docs/ARCHITECTURE.md "Roles", written out by hand (not derived from PERMISSIONS) so the two are compared.
 * `subscribe` for the host is "—" in the design (there is no host stream to pull for oneself): no.
 * `publicChat` for the audience is "yes, unless muted": the mute list is checked by the store.
 * `leaveRoom` is not a row of its own; it follows from "leaving as host ends it" and from the
 * audience being in a room: both room roles may leave, a lobby user has nothing to leave.
 */
const EXPECTED: Record<Action, Record<Role, boolean>> = {
  privateChat: { user: true, host: false, audience: false },
  createRoom: { user: true, host: false, audience: false },
  joinRoom: { user: true, host: false, audience: false },
  publish: { user: false, host: true, audience: false },
  subscribe: { user: false, host: false, audience: true },
  publicChat: { user: false, host: true, audience: true },
  mute: { user: false, host: true, audience: false },
  controlMedia: { user: false, host: true, audience: false },
  endRoom: { user: false, host: true, audience: false },
  leaveRoom: { user: false, host: true, audience: true },
  like: { user: false, host: false, audience: true },
}

const ROLES: Role[] = ['user', 'host', 'audience']
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
      }
    }
  })

  it('refuses an unknown role', () => {
    expect(can('admin' as Role, 'mute')).toBe(false)
    expect(() => assertCan('admin' as Role, 'endRoom')).toThrow(AppError)
  })
})
