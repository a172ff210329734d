/** stores/room/room-events.ts: incoming room events as a pure reducer (facts + event → change). */
import { AppError } from '../../../miniprogram/core/errors'
import { hostClaimEntry } from '../../../miniprogram/core/room-protocol'
import type { ChatMessage, Profile } from '../../../miniprogram/core/types'
import { encodeMuteList, encodeProfile, encodeSignal } from '../../../miniprogram/core/wire'
import { END_REASONS, reduceRoomEvent, type RoomFacts } from '../../../miniprogram/stores/room/room-events'

const host: Profile = { id: 'h', name: '主播' }
const alice: Profile = { id: 'a', name: '小爱' }
const facts: RoomFacts = { roomId: '123456', hostId: 'h', muted: ['m'], members: { a: alice } }
const message = (id: string, from: string): ChatMessage => ({ id, from: { id: from, name: from }, text: id, sentAt: 1, kind: 'text' })
const signal = (senderId: string, payload: unknown) => ({ type: 'signal' as const, senderId, payload })

describe('room events reducer', () => {
  it('drops a muted member’s public message, keeps everyone else’s and the host’s', () => {
    expect(reduceRoomEvent(facts, { type: 'message', message: message('1', 'm') })).toEqual({ messages: [] })
    expect(reduceRoomEvent(facts, { type: 'message', message: message('2', 'a') }).messages).toHaveLength(1)
    expect(reduceRoomEvent({ ...facts, muted: ['h'] }, { type: 'message', message: message('3', 'h') }).messages).toHaveLength(1)
  })

  it('mute, unmute and room-ended count only from the recorded host, and change only what is new', () => {
    const mute = encodeSignal({ type: 'mute', userId: 'a' })
    expect(reduceRoomEvent(facts, signal('h', mute))).toEqual({ muted: ['m', 'a'] })
    expect(reduceRoomEvent(facts, signal('a', mute))).toEqual({})
    expect(reduceRoomEvent(facts, signal('h', encodeSignal({ type: 'mute', userId: 'm' })))).toEqual({})
    expect(reduceRoomEvent(facts, signal('h', encodeSignal({ type: 'unmute', userId: 'm' })))).toEqual({ muted: [] })
    expect(reduceRoomEvent(facts, signal('h', encodeSignal({ type: 'room-ended' })))).toEqual({ end: END_REASONS.hostEnded })
    expect(reduceRoomEvent(facts, signal('a', encodeSignal({ type: 'room-ended' })))).toEqual({})
    expect(reduceRoomEvent(facts, signal('h', encodeSignal({ type: 'host-paused', paused: true })))).toEqual({ hostPaused: 'background' })
    expect(reduceRoomEvent(facts, signal('h', 'garbage'))).toEqual({})
  })

  it('attributes: the host entry vanishing ends the room; mute list and member profiles follow their entries', () => {
    expect(reduceRoomEvent(facts, { type: 'entry', key: 'host', value: null })).toEqual({ end: END_REASONS.hostLeft })
    expect(reduceRoomEvent(facts, { type: 'entry', key: 'muted', value: encodeMuteList(['x']) })).toEqual({ muted: ['x'] })
    expect(reduceRoomEvent(facts, { type: 'entry', key: 'muted', value: 'broken' })).toEqual({})
    expect(reduceRoomEvent(facts, { type: 'entry', key: 'm-a', value: null })).toEqual({ members: {} })
    expect(reduceRoomEvent(facts, { type: 'entry', key: 'm-b', value: encodeProfile(alice) })).toEqual({})
    expect(reduceRoomEvent(facts, { type: 'entry', key: 'm-h', value: encodeProfile(host) })).toEqual({ members: { a: alice, h: host } })
  })

  it('members counts, lost and rejoined', () => {
    expect(reduceRoomEvent(facts, { type: 'members', count: 3 })).toEqual({ memberCount: 3 })
    expect(reduceRoomEvent(facts, { type: 'members', count: -1 })).toEqual({})
    expect(reduceRoomEvent(facts, { type: 'lost', error: new AppError('ROOM_NOT_FOUND', '房间没了') })).toEqual({ end: '房间没了' })
    const claim = hostClaimEntry(host, 1)
    const snapshot = { roomId: '123456', entries: { [claim.key]: claim.value, muted: encodeMuteList(['a']) }, memberCount: 2, history: [message('4', 'a'), message('5', 'h')] }
    expect(reduceRoomEvent(facts, { type: 'rejoined', snapshot })).toEqual({
      memberCount: 2,
      muted: ['a'],
      members: {},
      messages: [message('5', 'h')],
      likes: { atLeast: 0 },
      // the guest list is read from the same entries (stores/room/co-guests.ts)
      coGuest: { kind: 'snapshot', entries: snapshot.entries },
      live: true,
    })
    expect(reduceRoomEvent(facts, { type: 'rejoined', snapshot: { ...snapshot, roomId: '654321' } })).toEqual({})
    expect(reduceRoomEvent(facts, { type: 'rejoined', snapshot: { ...snapshot, entries: {} } })).toEqual({ end: END_REASONS.hostLeft })
  })
})
