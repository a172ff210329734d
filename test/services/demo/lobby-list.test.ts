/**
 * The lobby list stays honest (issue 10 C24, C26 on the demo network): capped like RongCloud's
 * member query, a killed app drops off at the next lobby message 30 s on, and nobody's lobby
 * traffic costs anyone else their send budget.
 */
import type { LobbySnapshot } from '../../../miniprogram/services/types'
import { network, ok, profileOf, record, signedIn } from './helpers'

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

describe('demo network: the lobby list', () => {
  it('lists at most 20 others, most recent first; onlineCount counts everyone (C24)', async () => {
    const net = network()
    const people = []
    for (let i = 0; i < 25; i++) {
      const p = await signedIn(net, `p${i}`)
      await ok(p.rts.enterLobby())
      people.push(p)
    }
    const me = await signedIn(net, 'me')
    const snapshot = await ok(me.rts.enterLobby())
    expect(snapshot.onlineCount).toBe(26)
    expect(snapshot.users).toHaveLength(20)
    expect(snapshot.users[0]).toEqual(profileOf('p24'))
    expect(snapshot.users.map((u) => u.id)).not.toContain('p4')
  })

  it('an app killed in the lobby is listed until someone enters or leaves 30 s later (C24)', async () => {
    const net = network()
    const me = await signedIn(net, 'me')
    const killed = await signedIn(net, 'killed')
    await ok(me.rts.enterLobby())
    await ok(killed.rts.enterLobby())
    const seen = record<LobbySnapshot>((l) => me.rts.onLobby(l))
    // the app is killed: its connection just stops
    net.drop('killed')
    await jest.advanceTimersByTimeAsync(20_000)
    const early = await signedIn(net, 'early')
    await ok(early.rts.enterLobby())
    expect(seen.at(-1)?.users.map((u) => u.id)).toEqual(['early', 'killed'])
    await jest.advanceTimersByTimeAsync(10_000)
    // 30 s on, but nothing said in the lobby: still listed
    expect(seen.at(-1)?.users.map((u) => u.id)).toEqual(['early', 'killed'])
    const late = await signedIn(net, 'late')
    await ok(late.rts.enterLobby())
    expect(seen.at(-1)).toEqual({ onlineCount: 3, users: [profileOf('late'), profileOf('early')] })
  })

  it('two clients flooding the lobby with entries and exits cost nobody else a message (C26)', async () => {
    const net = network(0)
    const me = await signedIn(net, 'me')
    const friend = await signedIn(net, 'friend')
    await ok(me.rts.enterLobby(), 5)
    await ok(friend.rts.enterLobby(), 5)
    const flooders = [await signedIn(net, 'f1'), await signedIn(net, 'f2')]
    for (let round = 0; round < 20; round++) {
      for (const f of flooders) {
        void f.rts.enterLobby().catch(() => undefined)
        void f.rts.leaveLobby().catch(() => undefined)
      }
      await jest.advanceTimersByTimeAsync(5)
    }
    // five private messages in one second: exactly my budget, untouched by the flood
    for (let i = 0; i < 5; i++) await ok(me.rts.sendPrivate(profileOf('friend'), `第${i}条`), 5)
  })
})
