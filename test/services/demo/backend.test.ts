/**
 * The demo network's backend (services/demo/backend-*.ts): our server's rules, signed with the demo
 * key, written into the demo chatrooms' KV under the server's keys, verified by core/signed-docs.
 */
import { createPublicKey, verify } from 'node:crypto'
import { createDocumentVerifier, peekPayload, type GuestListDoc, type HostClaimDoc, type MuteListDoc } from '../../../miniprogram/core/signed-docs'
import { createDemoNetwork, type DemoNetwork } from '../../../miniprogram/services/demo'
import { DEMO_PUBLIC_KEY } from '../../../miniprogram/services/demo-key'
import { hubOf } from '../../../miniprogram/services/demo/network'
import type { BackendService, RoomEvent } from '../../../miniprogram/services/types'
import { fails, L, ok, profileOf, record, type Client } from './helpers'
import { ed25519 } from '../../../miniprogram/services/demo/ed25519'

beforeEach(() => jest.useFakeTimers({ now: Date.UTC(2025, 0, 1, 12) }))
afterEach(() => jest.useRealTimers())

interface Person extends Client {
  backend: BackendService
}

async function person(net: DemoNetwork, id: string): Promise<Person> {
  const profile = profileOf(id)
  const { rts, rtc, backend } = net.connect(profile)
  await ok(rts.connect(profile), net.latencyMs)
  return { profile, rts, rtc, backend }
}

function setup() {
  const net = createDemoNetwork({ latencyMs: L })
  const hub = hubOf.get(net)!
  const verifier = createDocumentVerifier({ publicKey: DEMO_PUBLIC_KEY, now: () => hub.backend.now(), ed25519 })
  const kv = (chatroom: string, key: string) => hub.chatrooms.get(chatroom)?.entries.get(key)?.value
  return { net, hub, verifier, kv }
}

const claimDoc = (verifier: ReturnType<typeof setup>['verifier'], token: string, roomId: string): HostClaimDoc => {
  const opened = verifier.hostClaim(token, { roomId })
  if (!opened.ok) throw new Error(`claim refused: ${opened.reason}`)
  return opened.doc
}

describe('demo backend', () => {
  it('signs in the server’s exact format (node:crypto verifies it with the demo public key)', async () => {
    const { net } = setup()
    const host = await person(net, 'h')
    const { hostClaim } = await ok(host.backend.createRoom({ roomId: '234567' }))
    const [body, sig] = hostClaim.split('.')
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: DEMO_PUBLIC_KEY }, format: 'jwk' })
    expect(verify(null, Buffer.from(body, 'ascii'), key, Buffer.from(sig, 'base64url'))).toBe(true)
    expect(Object.keys(peekPayload(hostClaim)!)).toEqual(['v', 'kind', 'roomId', 'host', 'since', 'exp'])
  })

  it('claim: a verified host claim in the room’s sig-host and a listing in the lobby’s sig-room-<id>', async () => {
    const { net, verifier, kv } = setup()
    const host = await person(net, 'h')
    const created = await ok(host.backend.createRoom({ roomId: '234567', title: '  首播  ' }))
    const claim = claimDoc(verifier, created.hostClaim, '234567')
    expect(claim).toMatchObject({ host: profileOf('h'), title: '首播', exp: Date.now() - L / 2 + 90_000 })
    expect(kv('room-234567', 'sig-host')).toBe(created.hostClaim)
    expect(verifier.listing(kv('lobby', 'sig-room-234567'), { roomId: '234567' })).toMatchObject({ ok: true, doc: { since: claim.since, exp: claim.exp } })
    // the chatroom exists before anyone joins it: the host's phone joins it and finds the claim
    const snapshot = await ok(host.rts.joinRoom('234567'))
    expect(snapshot.entries['sig-host']).toBe(created.hostClaim)
    expect((await ok(host.backend.createRoom({ roomId: '234567' }))).hostClaim).toBe(created.hostClaim) // a retried request
    await fails(host.backend.createRoom({ title: 'x'.repeat(31) }), 'INVALID_TITLE')
    await fails(host.backend.createRoom({ roomId: '012345' }), 'INVALID_ROOM_NUMBER')
  })

  it('taken: a live number is ROOM_TAKEN for anyone else; a number the server picks is free', async () => {
    const { net, verifier } = setup()
    const a = await person(net, 'a')
    const b = await person(net, 'b')
    await ok(a.backend.createRoom({ roomId: '345678' }))
    await fails(b.backend.createRoom({ roomId: '345678' }), 'ROOM_TAKEN')
    const picked = await ok(b.backend.createRoom())
    expect(picked.roomId).toMatch(/^[1-9]\d{5}$/)
    expect(picked.roomId).not.toBe('345678')
    expect(claimDoc(verifier, picked.hostClaim, picked.roomId).host.id).toBe('b')
    // a chatroom someone is in without any claim of ours (the unsigned path) is taken too
    await ok(a.rts.createRoom('456789', { key: 'host', value: 'x' }), 2 * L)
    await fails(b.backend.createRoom({ roomId: '456789' }), 'ROOM_TAKEN')
  })

  it('expiry: without heartbeats the claim ends 90 s on; the room is swept and its number free again', async () => {
    const { net, hub, verifier } = setup()
    const host = await person(net, 'h')
    const fan = await person(net, 'f')
    const first = await ok(host.backend.createRoom({ roomId: '567890' }))
    await ok(fan.rts.joinRoom('567890'))
    const events = record<RoomEvent>((l) => fan.rts.onRoom(l))
    const oldClaim = claimDoc(verifier, first.hostClaim, '567890')
    const { muteList: oldMutes } = await ok(host.backend.mute('567890', 'f'))
    await jest.advanceTimersByTimeAsync(90_000)
    expect(verifier.hostClaim(first.hostClaim, { roomId: '567890' })).toEqual({ ok: false, reason: 'EXPIRED' })
    await fails(fan.backend.getRoom('567890'), 'ROOM_NOT_FOUND')
    expect(await ok(fan.backend.listRooms())).toEqual([])
    expect(events.some((e) => e.type === 'lost')).toBe(true)
    expect(hub.chatrooms.get('room-567890')).toBeUndefined()
    expect(net.stats().housekeeping).toBe(0)
    // someone else opens the number: a later room, to which the old room's lists do not apply
    const again = await ok(fan.backend.createRoom({ roomId: '567890' }))
    const newClaim = claimDoc(verifier, again.hostClaim, '567890')
    expect(newClaim.since).toBeGreaterThan(oldClaim.since)
    expect(verifier.muteList(oldMutes, { claim: newClaim })).toEqual({ ok: false, reason: 'OTHER_ROOM_START' })
  })

  it('heartbeat: keeps the room 90 s past each beat; host only; ROOM_NOT_FOUND once over', async () => {
    const { net, verifier, kv } = setup()
    const host = await person(net, 'h')
    const fan = await person(net, 'f')
    const created = await ok(host.backend.createRoom({ roomId: '678901' }))
    await jest.advanceTimersByTimeAsync(60_000)
    const beat = await ok(host.backend.heartbeat('678901', { hostClaim: created.hostClaim }))
    const renewed = claimDoc(verifier, beat.hostClaim, '678901')
    expect(renewed.exp).toBeGreaterThan(claimDoc(verifier, created.hostClaim, '678901').exp)
    expect(kv('room-678901', 'sig-host')).toBe(beat.hostClaim)
    expect(verifier.listing(kv('lobby', 'sig-room-678901'), { roomId: '678901' })).toMatchObject({ ok: true, doc: { exp: renewed.exp } })
    await fails(fan.backend.heartbeat('678901', { hostClaim: beat.hostClaim }), 'NOT_ALLOWED')
    await jest.advanceTimersByTimeAsync(60_000)
    expect((await ok(fan.backend.getRoom('678901'))).hostClaim).toBe(beat.hostClaim)
    await jest.advanceTimersByTimeAsync(31_000)
    await fails(host.backend.heartbeat('678901', { hostClaim: beat.hostClaim }), 'ROOM_NOT_FOUND')
  })

  it('mutes: host only; a signed list in sig-mutes that only moves forward; the chatroom refuses a muted member', async () => {
    const { net, verifier } = setup()
    const host = await person(net, 'h')
    const fan = await person(net, 'f')
    const created = await ok(host.backend.createRoom({ roomId: '789012' }))
    const claim = claimDoc(verifier, created.hostClaim, '789012')
    await ok(host.rts.joinRoom('789012'))
    await ok(fan.rts.joinRoom('789012'))
    const seen = record<RoomEvent>((l) => fan.rts.onRoom(l))
    await fails(fan.backend.mute('789012', 'h'), 'NOT_ALLOWED')
    expect((await fails(host.backend.mute('789012', 'h'), 'NETWORK')).message).toBe('不能禁言自己')
    const muted = await ok(host.backend.mute('789012', 'f'))
    const first = verifier.muteList(muted.muteList, { claim })
    expect(first).toMatchObject({ ok: true, doc: { muted: ['f'] } })
    await jest.advanceTimersByTimeAsync(2 * L)
    expect(seen).toContainEqual({ type: 'entry', key: 'sig-mutes', value: muted.muteList })
    await fails(fan.rts.sendRoomMessage('还能说话吗'), 'MUTED')
    expect((await ok(fan.backend.getRoom('789012'))).muteList).toBe(muted.muteList)
    const unmuted = await ok(host.backend.unmute('789012', 'f'))
    const second = verifier.muteList(unmuted.muteList, { claim, current: (first as { doc: MuteListDoc }).doc })
    expect(second).toMatchObject({ ok: true, doc: { muted: [] } })
    // the earlier list, written back by anyone, is a replay
    expect(verifier.muteList(muted.muteList, { claim, current: (second as { doc: MuteListDoc }).doc })).toEqual({ ok: false, reason: 'STALE' })
    await ok(fan.rts.sendRoomMessage('可以了'))
  })

  it('guests: host only, members of the room only, at most three; a guest may step down', async () => {
    const { net, verifier, kv } = setup()
    const host = await person(net, 'h')
    const created = await ok(host.backend.createRoom({ roomId: '890123' }))
    const claim = claimDoc(verifier, created.hostClaim, '890123')
    const fans = await Promise.all(['g1', 'g2', 'g3', 'g4', 'away'].map((id) => person(net, id)))
    for (const fan of fans.slice(0, 4)) await ok(fan.rts.joinRoom('890123'))
    await fails(host.backend.addGuest('890123', 'away'), 'NOT_ALLOWED')
    await fails(fans[0].backend.addGuest('890123', 'g2'), 'NOT_ALLOWED')
    let list = ''
    for (const id of ['g1', 'g2', 'g3']) list = (await ok(host.backend.addGuest('890123', id))).guestList
    expect(verifier.guestList(list, { claim })).toMatchObject({ ok: true, doc: { guests: ['g1', 'g2', 'g3'].map(profileOf) } })
    expect(kv('room-890123', 'sig-guests')).toBe(list)
    expect((await fails(host.backend.addGuest('890123', 'g4'), 'ROOM_FULL')).message).toBe('连麦人数已满（最多 3 人）')
    await fails(fans[3].backend.removeGuest('890123', 'g1'), 'NOT_ALLOWED')
    const stepped = await ok(fans[1].backend.removeGuest('890123', 'g2'))
    expect(verifier.guestList(stepped.guestList, { claim })).toMatchObject({ ok: true, doc: { guests: [profileOf('g1'), profileOf('g3')] } })
    expect(verifier.guestList(list, { claim, current: (verifier.guestList(stepped.guestList, { claim }) as { doc: GuestListDoc }).doc })).toEqual({ ok: false, reason: 'STALE' })
    await ok(host.backend.addGuest('890123', 'g4'))
  })

  it('listings: newest first, all verified, gone when the room ends', async () => {
    const { net, verifier } = setup()
    const hosts = await Promise.all(['a', 'b', 'c'].map((id) => person(net, id)))
    for (const [i, h] of hosts.entries()) {
      await ok(h.backend.createRoom({ roomId: `${i + 1}00000` }))
      await jest.advanceTimersByTimeAsync(1000)
    }
    const tokens = await ok(hosts[0].backend.listRooms())
    const shown = verifier.firstValid(tokens.map((t) => [String(peekPayload(t)?.roomId), t] as [string, string]), 10)
    expect(shown.map((l) => [l.roomId, l.host.id])).toEqual([['300000', 'c'], ['200000', 'b'], ['100000', 'a']])
    await ok(hosts[1].backend.endRoom('200000'))
    expect((await ok(hosts[0].backend.listRooms())).map((t) => peekPayload(t)?.roomId)).toEqual(['300000', '100000'])
  })

  it('end: host only; members are told, the chatroom, its documents and the listing go; ending again resolves', async () => {
    const { net, hub, kv } = setup()
    const host = await person(net, 'h')
    const fan = await person(net, 'f')
    await ok(host.backend.createRoom({ roomId: '901234' }))
    await ok(fan.rts.joinRoom('901234'))
    const events = record<RoomEvent>((l) => fan.rts.onRoom(l))
    await fails(fan.backend.endRoom('901234'), 'NOT_ALLOWED')
    await ok(host.backend.endRoom('901234'))
    await jest.advanceTimersByTimeAsync(L)
    expect(events).toContainEqual({ type: 'lost', error: expect.objectContaining({ code: 'ROOM_NOT_FOUND' }) })
    expect(hub.chatrooms.get('room-901234')).toBeUndefined()
    expect(kv('lobby', 'sig-room-901234')).toBeUndefined()
    await ok(host.backend.endRoom('901234'))
    await fails(fan.backend.getRoom('901234'), 'ROOM_NOT_FOUND')
    expect(net.stats().housekeeping).toBe(0)
  })

  it('login and errors as the real adapter has them', async () => {
    const { net } = setup()
    const profile = profileOf('p')
    const { rts, backend } = net.connect(profile)
    await fails(backend.listRooms(), 'TOKEN_INVALID')
    expect((await fails(backend.login({ name: '   ' }), 'NETWORK')).message).toBe('昵称应为 1–20 个字')
    const login = await ok(backend.login({ name: ' 小明 ' }))
    expect(login).toMatchObject({ userId: 'p', profile: { id: 'p', name: '小明' } })
    expect(peekPayload(login.session)).toMatchObject({ kind: 'session', exp: expect.any(Number) })
    await ok(rts.connect(profile))
    net.drop('p')
    await fails(backend.listRooms(), 'NETWORK')
    net.restore('p')
    expect(await ok(backend.listRooms())).toEqual([])
  })
})
