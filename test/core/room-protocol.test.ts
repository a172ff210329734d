/** core/room-protocol.ts: what a room's attributes say, and which signals count from whom. */
import {
  acceptSignal,
  hostClaimEntry,
  hostOpeningEntries,
  likesIn,
  likeTotalEntry,
  listingOf,
  memberEntry,
  membersIn,
  mutedIn,
  resolveHost,
  titleIn,
} from '../../miniprogram/core/room-protocol'
import { encodeLikeTotal, encodeMuteList, encodeProfile, encodeSignal, ROOM_KEYS } from '../../miniprogram/core/wire'

const host = { id: 'h', name: '主播' }
const guest = { id: 'g', name: '观众', avatar: 'https://a/g.png' }

describe('room protocol', () => {
  it('the host claims the number, then writes its profile, an empty mute list, a like total of 0 and an empty guest list, in that order', () => {
    const claim = hostClaimEntry(host, 1234)
    expect(claim.key).toBe(ROOM_KEYS.host)
    expect(resolveHost({ [claim.key]: claim.value })).toEqual(host)
    expect(listingOf('123456', { [claim.key]: claim.value })).toEqual({ roomId: '123456', host, since: 1234 })
    expect(hostOpeningEntries(host)).toEqual([
      { key: 'm-h', value: encodeProfile(host) },
      { key: ROOM_KEYS.muted, value: encodeMuteList([]) },
      { key: ROOM_KEYS.likes, value: encodeLikeTotal(0) },
      { key: ROOM_KEYS.guests, value: '[]' },
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

  it('a title travels in the host claim: to everyone in the room and to the live list', () => {
    const claim = hostClaimEntry(host, 1234, '周末一起看球')
    expect(resolveHost({ [claim.key]: claim.value })).toEqual(host)
    expect(titleIn({ [claim.key]: claim.value })).toBe('周末一起看球')
    expect(listingOf('123456', { [claim.key]: claim.value })).toEqual({ roomId: '123456', host, title: '周末一起看球', since: 1234 })
    const untitled = hostClaimEntry(host, 1234)
    expect(titleIn({ [untitled.key]: untitled.value })).toBeUndefined()
    expect(titleIn({})).toBeUndefined()
  })

  it('a claim with a malformed title still names the host; the title is dropped', () => {
    for (const title of ['长'.repeat(31), 42, '   ', ['a']]) {
      const value = JSON.stringify({ v: 1, host, since: 1, title })
      expect(resolveHost({ [ROOM_KEYS.host]: value })).toEqual(host)
      expect(titleIn({ [ROOM_KEYS.host]: value })).toBeUndefined()
      expect(listingOf('123456', { [ROOM_KEYS.host]: value })).toEqual({ roomId: '123456', host, since: 1 })
    }
  })

  it('the like total: written by the host, read by late joiners; missing or malformed is 0', () => {
    expect(likeTotalEntry(42)).toEqual({ key: ROOM_KEYS.likes, value: encodeLikeTotal(42) })
    expect(likesIn({ [ROOM_KEYS.likes]: encodeLikeTotal(42) })).toBe(42)
    expect(likesIn({})).toBe(0)
    for (const bad of ['{"v":1,"total":-1}', '{"v":1,"total":1.5}', '{"v":2,"total":3}', 'x', '{"v":1,"total":"3"}']) {
      expect(likesIn({ [ROOM_KEYS.likes]: bad })).toBe(0)
    }
  })

  it('like signals count from anyone in the room but the host', () => {
    const like = encodeSignal({ type: 'like', count: 3 })
    expect(acceptSignal(like, 'a', 'h')).toEqual({ type: 'like', count: 3 })
    expect(acceptSignal(like, 'a', null)).toEqual({ type: 'like', count: 3 })
    expect(acceptSignal(like, 'h', 'h')).toBeNull()
  })
})
