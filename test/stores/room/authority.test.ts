/**
 * The room's trust with our server (stores/room/authority*.ts), on a hand-made backend and
 * documents signed as the server signs them: which documents count, the claim's expiry, the host's
 * heartbeat, mutes through the server, and the mode where this phone cannot verify.
 */
import { AppError } from '../../../miniprogram/core/errors'
import { createDocumentVerifier, type HostClaimDoc, type MuteListDoc } from '../../../miniprogram/core/signed-docs'
import { systemSchedule } from '../../../miniprogram/core/timers'
import type { BackendRoom, BackendService } from '../../../miniprogram/services/types'
import { HostClaim, SignedList } from '../../../miniprogram/stores/room/authority-docs'
import { CLAIM_CHECK_MS, HEARTBEAT_MS, RoomAuthority, SERVER_POLL_MS, trustMode, trustOf, type AuthorityChange } from '../../../miniprogram/stores/room/authority'
import { testSigner } from '../../core/doc-signer'
import { ed25519 } from '../../../miniprogram/services/demo/ed25519'

const T0 = Date.UTC(2025, 0, 1, 12)
const ROOM = '234567'
const host = { id: 'uHost', name: '主播' }
const rogue = { id: 'uRogue', name: '改装' }
const SINCE = T0 - 1000

beforeEach(() => jest.useFakeTimers({ now: T0 }))
afterEach(() => jest.useRealTimers())

const signer = testSigner()
const claim = (over: Partial<HostClaimDoc> = {}) => signer.sign({ v: 1, kind: 'host', roomId: ROOM, host, since: SINCE, exp: Date.now() + 90_000, ...over })
const mutes = (muted: string[], at: number, over: Partial<MuteListDoc> = {}) => signer.sign({ v: 1, kind: 'mutes', roomId: ROOM, since: SINCE, muted, at, ...over })
const forged = (token: string) => `${token.split('.')[0]}.${'A'.repeat(86)}`

function backendWith(over: Partial<BackendService> = {}): BackendService & { [K in keyof BackendService]: jest.Mock } {
  const fail = () => Promise.reject(new AppError('NETWORK'))
  return {
    login: jest.fn(fail),
    updateProfile: jest.fn(fail),
    createRoom: jest.fn(fail),
    heartbeat: jest.fn(fail),
    endRoom: jest.fn(() => Promise.resolve()),
    listRooms: jest.fn(fail),
    getRoom: jest.fn(fail),
    mute: jest.fn(fail),
    unmute: jest.fn(fail),
    addGuest: jest.fn(fail),
    removeGuest: jest.fn(fail),
    now: jest.fn(() => Date.now()),
    ...over,
  } as never
}

function authorityOn(backend: BackendService, options: { verify?: boolean; guestList?: string } = {}) {
  const documents = options.verify === false ? undefined : createDocumentVerifier({ publicKey: signer.publicKey, now: () => backend.now(), ed25519 })
  const trust = trustOf(backend, documents)!
  const changes: AuthorityChange[] = []
  const authority = new RoomAuthority({
    trust,
    schedule: systemSchedule,
    apply: (change) => changes.push(change),
    reasons: { expired: 'expired', notRenewed: 'not renewed' },
    heartbeatExtras: options.guestList ? () => ({ guestList: options.guestList }) : undefined,
  })
  return { authority, changes, trust }
}

const room = (over: Partial<BackendRoom> = {}): BackendRoom => ({ roomId: ROOM, hostClaim: claim(), muteList: mutes([], SINCE), guestList: null, ...over })

describe('which documents count', () => {
  it('a host claim: the first valid one, then only its renewals', () => {
    const verifier = createDocumentVerifier({ publicKey: signer.publicKey, now: () => Date.now(), ed25519 })
    const held = new HostClaim(verifier)
    const first = claim()
    expect(held.offer(forged(first), ROOM, 'kv')).toBe(false) // bad signature
    expect(held.offer(claim({ roomId: '345678' }), ROOM, 'kv')).toBe(false) // another room's
    expect(held.offer(mutes([], SINCE), ROOM, 'kv')).toBe(false) // another kind
    expect(held.offer(claim({ exp: Date.now() - 1 }), ROOM, 'kv')).toBe(false) // expired
    expect(held.offer(null, ROOM, 'kv')).toBe(false) // deleted
    expect(held.doc).toBeNull()
    expect(held.offer(first, ROOM, 'kv')).toBe(true)
    expect(held.offer(claim({ host: rogue, exp: Date.now() + 500_000 }), ROOM, 'kv')).toBe(false) // someone else, validly signed
    expect(held.offer(claim({ since: SINCE + 1, exp: Date.now() + 500_000 }), ROOM, 'kv')).toBe(false) // another start of the number
    expect(held.offer(claim({ exp: Date.now() + 10_000 }), ROOM, 'kv')).toBe(false) // older
    const renewed = claim({ exp: Date.now() + 120_000 })
    expect(held.offer(renewed, ROOM, 'kv')).toBe(true)
    expect(held.token).toBe(renewed)
    expect(held.offer(null, ROOM, 'kv')).toBe(false)
    expect(held.token).toBe(renewed)
  })

  it('a signed list: only newer, valid lists of this start of the room replace the one held', () => {
    const verifier = createDocumentVerifier({ publicKey: signer.publicKey, now: () => Date.now(), ed25519 })
    const claimDoc = { v: 1, kind: 'host', roomId: ROOM, host, since: SINCE, exp: Date.now() + 90_000 } as HostClaimDoc
    const list = new SignedList<MuteListDoc>((t, e, s) => verifier.muteList(t, e, s))
    const second = mutes(['a'], SINCE + 20)
    expect(list.offer(second, claimDoc, 'kv')).toMatchObject({ muted: ['a'] })
    expect(list.offer(second, claimDoc, 'kv')).toBeNull() // the one held
    expect(list.offer(mutes(['b'], SINCE + 10), claimDoc, 'kv')).toBeNull() // older: a replay
    expect(list.offer(mutes(['b'], SINCE + 30, { since: SINCE - 5 }), claimDoc, 'kv')).toBeNull() // an earlier room's
    expect(list.offer(forged(mutes(['b'], SINCE + 30)), claimDoc, 'kv')).toBeNull()
    expect(list.offer(claim(), claimDoc, 'kv')).toBeNull() // another kind
    expect(list.offer(null, claimDoc, 'kv')).toBeNull() // deleted: only the server removes a list, by writing a newer one
    expect(list.doc?.muted).toEqual(['a'])
    expect(list.offer(mutes([], SINCE + 40), claimDoc, 'server')).toMatchObject({ muted: [] })
  })
})

describe('RoomAuthority', () => {
  it('joining takes the claim from the entries when it verifies; otherwise the server’s answer; none: ROOM_NOT_FOUND', async () => {
    const backend = backendWith({ getRoom: jest.fn(() => Promise.resolve(room({ muteList: mutes(['x'], SINCE + 5) }))) })
    const { authority } = authorityOn(backend)
    await expect(authority.open(ROOM, { 'sig-host': claim({ title: '夜聊' }), 'sig-mutes': mutes(['y'], SINCE + 1) })).resolves.toEqual({ host, title: '夜聊', muted: ['y'] })
    expect(backend.getRoom).not.toHaveBeenCalled()
    // a forged claim in the entries (and the unsigned one any client writes) do not count
    await expect(authority.open(ROOM, { 'sig-host': forged(claim({ host: rogue })), host: JSON.stringify({ v: 1, host: rogue, since: 1 }) })).resolves.toEqual({ host, muted: ['x'] })
    expect(backend.getRoom).toHaveBeenCalledWith(ROOM)
    backend.getRoom.mockImplementation(() => Promise.resolve(room({ hostClaim: null })))
    await expect(authority.open(ROOM, {})).rejects.toMatchObject({ code: 'ROOM_NOT_FOUND' })
    backend.getRoom.mockImplementation(() => Promise.reject(new AppError('ROOM_NOT_FOUND')))
    await expect(authority.open(ROOM, {})).rejects.toMatchObject({ code: 'ROOM_NOT_FOUND' })
  })

  it('the host renews its claim every 30 s with the last claim and guest list it holds; ROOM_NOT_FOUND ends the room', async () => {
    const first = claim()
    const renewals = [claim({ exp: T0 + 30_000 + 90_000 }), claim({ exp: T0 + 60_000 + 90_000 })]
    const backend = backendWith({
      createRoom: jest.fn(() => Promise.resolve({ roomId: ROOM, hostClaim: first })),
      heartbeat: jest.fn(() => Promise.resolve({ hostClaim: renewals.shift()! })),
    })
    const { authority, changes } = authorityOn(backend, { guestList: 'the-guest-list' })
    await expect(authority.create(ROOM, '标题')).resolves.toEqual({ host, muted: [] })
    expect(backend.createRoom).toHaveBeenCalledWith({ roomId: ROOM, title: '标题' })
    authority.start(true)
    await jest.advanceTimersByTimeAsync(HEARTBEAT_MS - 1)
    expect(backend.heartbeat).not.toHaveBeenCalled()
    await jest.advanceTimersByTimeAsync(1)
    expect(backend.heartbeat).toHaveBeenLastCalledWith(ROOM, { hostClaim: first, guestList: 'the-guest-list' })
    const second = backend.heartbeat.mock.results[0].value as Promise<{ hostClaim: string }>
    const renewedToken = (await second).hostClaim
    await jest.advanceTimersByTimeAsync(HEARTBEAT_MS)
    expect(backend.heartbeat).toHaveBeenLastCalledWith(ROOM, { hostClaim: renewedToken, guestList: 'the-guest-list' })
    // the network fails once: tried again 30 s on, the room goes on
    backend.heartbeat.mockImplementationOnce(() => Promise.reject(new AppError('NETWORK')))
    await jest.advanceTimersByTimeAsync(HEARTBEAT_MS)
    expect(changes).toEqual([])
    // what the room's other parts hold (the guest list) is presented from now on; they check against the claim held
    expect(authority.hostClaim).toMatchObject({ host, since: SINCE })
    authority.presentWithHeartbeat(() => ({ guestList: 'a-newer-guest-list' }))
    backend.heartbeat.mockImplementationOnce(() => Promise.reject(new AppError('NETWORK')))
    await jest.advanceTimersByTimeAsync(HEARTBEAT_MS)
    expect(backend.heartbeat).toHaveBeenLastCalledWith(ROOM, { hostClaim: expect.stringMatching(/\./), guestList: 'a-newer-guest-list' })
    backend.heartbeat.mockImplementation(() => Promise.reject(new AppError('ROOM_NOT_FOUND')))
    await jest.advanceTimersByTimeAsync(HEARTBEAT_MS)
    expect(changes).toEqual([{ end: 'not renewed' }])
    const calls = backend.heartbeat.mock.calls.length
    await jest.advanceTimersByTimeAsync(5 * HEARTBEAT_MS)
    expect(backend.heartbeat.mock.calls.length).toBe(calls) // stopped with the room
  })

  it('a taken number is null (draw another); a claim the server signed with another key is refused', async () => {
    const backend = backendWith({ createRoom: jest.fn(() => Promise.reject(new AppError('ROOM_TAKEN'))) })
    const { authority } = authorityOn(backend)
    await expect(authority.create(ROOM, undefined)).resolves.toBeNull()
    expect(backend.createRoom).toHaveBeenCalledWith({ roomId: ROOM })
    backend.createRoom.mockImplementation(() => Promise.reject(new AppError('CONTENT_REJECTED')))
    await expect(authority.create(ROOM, '不当')).rejects.toMatchObject({ code: 'CONTENT_REJECTED' })
    backend.createRoom.mockImplementation(() => Promise.resolve({ roomId: ROOM, hostClaim: testSigner().sign({ v: 1, kind: 'host', roomId: ROOM, host, since: SINCE, exp: Date.now() + 90_000 }) }))
    await expect(authority.create(ROOM, undefined)).rejects.toMatchObject({ code: 'NETWORK' })
  })

  it('the audience: a claim not renewed is checked with the server before it runs out; at its expiry the room is over', async () => {
    const backend = backendWith()
    const { authority, changes } = authorityOn(backend)
    await authority.open(ROOM, { 'sig-host': claim() })
    authority.start(false)
    // renewed through KV after 30 s: the check moves on with it
    await jest.advanceTimersByTimeAsync(30_000)
    const renewed = claim()
    backend.getRoom.mockImplementation(() => Promise.resolve(room({ hostClaim: renewed })))
    authority.onRoomEvent({ type: 'entry', key: 'sig-host', value: renewed })
    await jest.advanceTimersByTimeAsync(90_000 - CLAIM_CHECK_MS - 1)
    expect(backend.getRoom).not.toHaveBeenCalled()
    await jest.advanceTimersByTimeAsync(1)
    expect(backend.getRoom).toHaveBeenCalledTimes(1) // 45 s before expiry, nothing newer came: ask
    // the server knows of nothing newer either (its answer is the claim held): over at expiry
    await jest.advanceTimersByTimeAsync(CLAIM_CHECK_MS - 1)
    expect(changes).toEqual([])
    await jest.advanceTimersByTimeAsync(1)
    expect(changes).toEqual([{ end: 'expired' }])
  })

  it('the audience: a renewal the KV pull missed comes from the server’s answer, and the room goes on', async () => {
    const backend = backendWith()
    const { authority, changes } = authorityOn(backend)
    await authority.open(ROOM, { 'sig-host': claim() })
    authority.start(false)
    backend.getRoom.mockImplementation(() => Promise.resolve(room({ hostClaim: claim({ exp: Date.now() + 90_000 }), muteList: mutes(['m'], SINCE + 9) })))
    await jest.advanceTimersByTimeAsync(90_000 - CLAIM_CHECK_MS)
    expect(backend.getRoom).toHaveBeenCalledTimes(1)
    expect(changes).toEqual([{ muted: ['m'] }])
    await jest.advanceTimersByTimeAsync(CLAIM_CHECK_MS + 10_000)
    expect(changes).toEqual([{ muted: ['m'] }])
  })

  it('mutes go through the server and come back signed; signed lists in KV replace the held one only when newer', async () => {
    const backend = backendWith({
      getRoom: jest.fn(() => Promise.resolve(room())),
      mute: jest.fn(() => Promise.resolve({ muteList: mutes(['bob'], SINCE + 10) })),
      unmute: jest.fn(() => Promise.resolve({ muteList: mutes([], SINCE + 20) })),
    })
    const { authority, changes } = authorityOn(backend)
    await authority.open(ROOM, { 'sig-host': claim() })
    authority.start(false)
    await expect(authority.setMuted('bob', true)).resolves.toEqual(['bob'])
    expect(backend.mute).toHaveBeenCalledWith(ROOM, 'bob')
    authority.onRoomEvent({ type: 'entry', key: 'sig-mutes', value: mutes(['bob'], SINCE + 10) }) // the same list through KV
    authority.onRoomEvent({ type: 'entry', key: 'sig-mutes', value: mutes(['alice'], SINCE + 5) }) // a replay
    authority.onRoomEvent({ type: 'entry', key: 'sig-mutes', value: null })
    expect(changes).toEqual([])
    authority.onRoomEvent({ type: 'entry', key: 'sig-mutes', value: mutes(['carol'], SINCE + 15) })
    expect(changes).toEqual([{ muted: ['carol'] }])
    await expect(authority.setMuted('carol', false)).resolves.toEqual([])
  })

  it('where this phone cannot verify, documents in KV count for nothing: the server is asked when they change (at most every 2 s) and every 15 s', async () => {
    const backend = backendWith({ getRoom: jest.fn(() => Promise.resolve(room({ muteList: mutes(['s'], SINCE + 3) }))) })
    const { authority, changes, trust } = authorityOn(backend, { verify: false })
    expect(trustMode(trust)).toBe('server')
    // a claim straight from the entries is not taken: the server's answer is
    await expect(authority.open(ROOM, { 'sig-host': claim({ host: rogue }) })).resolves.toEqual({ host, muted: ['s'] })
    expect(backend.getRoom).toHaveBeenCalledTimes(1)
    authority.start(false)
    for (let i = 0; i < 5; i++) authority.onRoomEvent({ type: 'entry', key: 'sig-mutes', value: mutes(['kv'], SINCE + 50 + i) })
    expect(changes).toEqual([])
    await jest.advanceTimersByTimeAsync(2000)
    expect(backend.getRoom).toHaveBeenCalledTimes(2) // once for the five changes
    backend.getRoom.mockClear()
    await jest.advanceTimersByTimeAsync(SERVER_POLL_MS * 2)
    expect(backend.getRoom).toHaveBeenCalledTimes(2)
    // over on the server: the room ends
    backend.getRoom.mockImplementation(() => Promise.reject(new AppError('ROOM_NOT_FOUND')))
    await jest.advanceTimersByTimeAsync(SERVER_POLL_MS)
    expect(changes).toEqual([{ end: 'expired' }])
  })

  it('a new visit forgets the last one: late answers and timers of the old room change nothing', async () => {
    let answer: (value: BackendRoom) => void = () => undefined
    const backend = backendWith({ getRoom: jest.fn(() => new Promise<BackendRoom>((resolve) => (answer = resolve))) })
    const { authority, changes } = authorityOn(backend)
    const opening = authority.open(ROOM, {})
    authority.reset(null)
    answer(room())
    await expect(opening).rejects.toMatchObject({ code: 'NOT_ALLOWED' })
    await jest.advanceTimersByTimeAsync(200_000)
    expect(changes).toEqual([])
  })
})
