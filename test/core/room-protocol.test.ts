/** core/room-protocol.ts: what a room's attributes say, and which signals count from whom. */
import {
  acceptSignal,
  hostClaimEntry,
  hostOpeningEntries,
  listingOf,
  memberEntry,
  membersIn,
  mutedIn,
  resolveHost,
} from '../../miniprogram/core/room-protocol'
import { encodeMuteList, encodeProfile, encodeSignal, ROOM_KEYS } from '../../miniprogram/core/wire'

const host = { id: 'h', name: '主播' }
const guest = { id: 'g', name: '观众', avatar: 'https://a/g.png' }

describe('room protocol', () => {
  it('the host claims the number, then writes its profile and an empty mute list, in that order', () => {
    const claim = hostClaimEntry(host, 1234)
    expect(claim.key).toBe(ROOM_KEYS.host)
    expect(resolveHost({ [claim.key]: claim.value })).toEqual(host)
    expect(listingOf('123456', { [claim.key]: claim.value })).toEqual({ roomId: '123456', host, since: 1234 })
    expect(hostOpeningEntries(host)).toEqual([
      { key: 'm-h', value: encodeProfile(host) },
      { key: ROOM_KEYS.muted, value: encodeMuteList([]) },
    ])
    expect(memberEntry(guest)).toEqual({ key: 'm-g', value: encodeProfile(guest) })
  })

  it('reads no host, no listing, no mute list and no members from missing or malformed attributes', () => {
    expect(resolveHost({})).toBeNull()
    expect(resolveHost({ host: 'claim-a' })).toBeNull()
    expect(listingOf('123456', { host: '{"v":1}' })).toBeNull()
    expect(mutedIn({ muted: 'nope' })).toEqual([])
    // a profile under someone else's key is not a member
    expect(membersIn({ 'm-x': encodeProfile(guest), 'm-g': encodeProfile(guest), other: encodeProfile(host) })).toEqual({ g: guest })
  })

  it('host-only signals count only from the recorded host; presence from anyone; garbage never', () => {
    const mute = encodeSignal({ type: 'mute', userId: 'g' })
    expect(acceptSignal(mute, 'h', 'h')).toEqual({ type: 'mute', userId: 'g' })
    expect(acceptSignal(mute, 'g', 'h')).toBeNull()
    expect(acceptSignal(mute, 'h', null)).toBeNull()
    const presence = encodeSignal({ type: 'presence', state: 'here', profile: guest })
    expect(acceptSignal(presence, 'g', 'h')).toEqual({ type: 'presence', state: 'here', profile: guest })
    expect(acceptSignal('{"v":1,"type":"room-ended"', 'h', 'h')).toBeNull()
  })
})
