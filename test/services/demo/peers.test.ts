import { likesIn } from '../../../miniprogram/core/room-protocol'
import { createDocumentVerifier, peekPayload } from '../../../miniprogram/core/signed-docs'
import { decodeProfile, decodeSignal, encodeHostClaim, encodeMuteList, memberKey, ROOM_KEYS } from '../../../miniprogram/core/wire'
import { DEMO_PUBLIC_KEY, startSimulatedPeers } from '../../../miniprogram/services/demo'
import type { PrivateMessageEvent, RoomEvent } from '../../../miniprogram/services/types'
import { CREATE, L, fails, network, ok, profileOf, record, signedIn } from './helpers'
import { ed25519 } from '../../../miniprogram/services/demo/ed25519'

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

/** A deterministic [0, 1) sequence (LCG), so behaviour repeats run to run. */
function seeded(seed = 42): () => number {
  let state = seed
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296
    return state / 4294967296
  }
}

const fast = { replyDelayMs: [1000, 2000], chatEveryMs: [3000, 5000], visitEveryMs: [2000, 4000], visitLengthMs: [60000, 60000] } as const

async function started() {
  const net = network()
  const baseline = net.stats()
  const peers = startSimulatedPeers(net, { random: seeded(), ...fast })
  await jest.advanceTimersByTimeAsync(10 * L)
  return { net, peers, baseline }
}

describe('simulated peers', () => {
  it('wait in the lobby under Chinese names and host rooms through the server: a signed claim, a signed listing, a stream', async () => {
    const { net, peers } = await started()
    const me = await signedIn(net, 'me')
    const lobby = await ok(me.rts.enterLobby())
    expect(lobby.users.map((u) => u.name).sort()).toEqual(['小林', '老周', '阿May'].sort())
    expect(lobby.onlineCount).toBe(4)
    const rooms = peers.rooms()
    expect(rooms).toHaveLength(2)
    const verifier = createDocumentVerifier({ publicKey: DEMO_PUBLIC_KEY, now: () => Date.now(), ed25519 })
    // the lobby lists them as any room: signed listings in its KV
    expect(verifier.firstValid(Object.entries(lobby.entries ?? {}).map(([key, token]) => [key.slice('sig-room-'.length), token] as [string, string]), 10).map((l) => l.roomId).sort()).toEqual([...rooms].sort())
    const snapshot = await ok(me.rts.joinRoom(rooms[0]))
    const opened = verifier.hostClaim(snapshot.entries['sig-host'], { roomId: rooms[0] })
    const claim = opened.ok ? opened.doc : null
    expect(claim && ['大卫', '晓雯']).toContain(claim?.host.name)
    expect(decodeProfile(snapshot.entries[memberKey(claim?.host.id ?? '')])).toEqual(claim?.host)
    const { streams } = await ok(me.rtc.join(rooms[0]))
    expect(streams).toEqual([{ id: `${claim?.host.id}_RongCloudRTC`, userId: claim?.host.id }])
    const url = await ok(me.rtc.subscribe(streams[0].id))
    expect(url).toMatch(/^rtmp:\/\//)
  })

  it('hosts talk in their room when someone is watching, and answer the audience now and then', async () => {
    const { net, peers } = await started()
    const me = await signedIn(net, 'me')
    const [roomId] = peers.rooms()
    const snapshot = await ok(me.rts.joinRoom(roomId))
    const host = peekPayload(snapshot.entries['sig-host'])?.host as { id: string } | undefined
    expect(host).toBeDefined()
    const events = record<RoomEvent>((l) => me.rts.onRoom(l))
    for (let i = 0; i < 4; i++) {
      await ok(me.rts.sendRoomMessage(`问题${i}`))
      await jest.advanceTimersByTimeAsync(2500)
    }
    await jest.advanceTimersByTimeAsync(10000)
    const fromHost = events.flatMap((e) => (e.type === 'message' && e.message.from.id === host?.id ? [e.message.text] : []))
    expect(fromHost.length).toBeGreaterThanOrEqual(2)
  })

  it('answer a private message after a short delay, in Chinese', async () => {
    const { net, peers } = await started()
    const me = await signedIn(net, 'me')
    const inbox = record<PrivateMessageEvent>((l) => me.rts.onPrivate(l))
    const xiaolin = peers.people().find((p) => p.name === '小林')
    if (!xiaolin) throw new Error('小林 is missing')
    await ok(me.rts.sendPrivate(xiaolin, '你好'))
    expect(inbox).toEqual([])
    await jest.advanceTimersByTimeAsync(fast.replyDelayMs[1] + L)
    expect(inbox).toHaveLength(1)
    expect(inbox[0].peer).toEqual(xiaolin)
    expect(inbox[0].message.text).toMatch(/[\u4e00-\u9fff]/)
    // the first answer tells where a live room is
    expect(peers.rooms().some((roomId) => inbox[0].message.text.includes(roomId))).toBe(true)
  })

  it('do not answer each other', async () => {
    const { net, peers } = await started()
    const [first, second] = peers.people()
    const impostor = net.connect(first)
    // signing in as a simulated person kicks it; its messages to another simulated person get no answer
    await ok(impostor.rts.connect(first))
    const inbox = record<PrivateMessageEvent>((l) => impostor.rts.onPrivate(l))
    await ok(impostor.rts.sendPrivate(second, '你好'))
    await jest.advanceTimersByTimeAsync(fast.replyDelayMs[1] + L)
    expect(inbox).toEqual([])
  })

  it("visit a person's room as audience, write their member entry and chat; leave when it ends", async () => {
    const { net, peers } = await started()
    const me = await signedIn(net, 'me')
    const claim = { key: ROOM_KEYS.host, value: encodeHostClaim({ host: profileOf('me'), since: 1 }) }
    await ok(me.rts.createRoom('777777', claim), CREATE)
    const events = record<RoomEvent>((l) => me.rts.onRoom(l))
    await jest.advanceTimersByTimeAsync(30000)
    const peerIds = new Set(peers.people().map((p) => p.id))
    const memberEntries = events.flatMap((e) => (e.type === 'entry' && e.value ? [e.key] : []))
    expect(memberEntries.some((key) => peerIds.has(key.slice(ROOM_KEYS.memberPrefix.length)))).toBe(true)
    const lines = events.flatMap((e) => (e.type === 'message' ? [e.message] : []))
    expect(lines.length).toBeGreaterThan(0)
    expect(lines.every((m) => peerIds.has(m.from.id))).toBe(true)
    // the room ends: the visitors go back to the lobby
    await ok(me.rts.leaveRoom())
    await jest.advanceTimersByTimeAsync(5 * L)
    const watcher = await signedIn(net, 'w')
    expect((await ok(watcher.rts.enterLobby())).users.filter((u) => peerIds.has(u.id))).toHaveLength(3)
  })

  it('visitors tap the heart now and then (a few taps per signal); a simulated host keeps its room’s like total', async () => {
    const { net, peers } = await started()
    const me = await signedIn(net, 'me')
    const claim = { key: ROOM_KEYS.host, value: encodeHostClaim({ host: profileOf('me'), since: 1 }) }
    await ok(me.rts.createRoom('777777', claim), CREATE)
    const events = record<RoomEvent>((l) => me.rts.onRoom(l))
    await jest.advanceTimersByTimeAsync(30000)
    const likes = events.flatMap((e) => (e.type === 'signal' ? [decodeSignal(e.payload)] : [])).filter((s) => s?.type === 'like')
    expect(likes.length).toBeGreaterThan(0)
    for (const like of likes) expect(like).toEqual({ type: 'like', count: expect.any(Number) })
    await ok(me.rts.leaveRoom())

    // in a simulated host's room: my likes end up in its total, which a late joiner reads
    const [roomId] = peers.rooms()
    await ok(me.rts.joinRoom(roomId))
    for (let i = 0; i < 3; i++) {
      await ok(me.rts.sendRoomSignal({ type: 'like', count: 10 }))
      await jest.advanceTimersByTimeAsync(1000)
    }
    await jest.advanceTimersByTimeAsync(2000)
    const late = await signedIn(net, 'late')
    const snapshot = await ok(late.rts.joinRoom(roomId))
    expect(likesIn(snapshot.entries)).toBeGreaterThanOrEqual(30)
  })

  it('respect a mute: a muted visitor stops chatting', async () => {
    const { net, peers } = await started()
    const me = await signedIn(net, 'me')
    const claim = { key: ROOM_KEYS.host, value: encodeHostClaim({ host: profileOf('me'), since: 1 }) }
    await ok(me.rts.createRoom('777777', claim), CREATE)
    const allPeers = peers.people().map((p) => p.id)
    await ok(me.rts.setRoomEntry(ROOM_KEYS.muted, encodeMuteList(allPeers)))
    const events = record<RoomEvent>((l) => me.rts.onRoom(l))
    await jest.advanceTimersByTimeAsync(30000)
    expect(events.some((e) => e.type === 'entry' && e.value !== null && e.key.startsWith(ROOM_KEYS.memberPrefix))).toBe(true)
    expect(events.filter((e) => e.type === 'message')).toEqual([])
  })

  it('stop() removes every listener, timer and person', async () => {
    const { net, peers, baseline } = await started()
    expect(net.stats().listeners).toBeGreaterThan(baseline.listeners)
    expect(net.stats().timers).toBeGreaterThan(baseline.timers)
    const [hosted] = peers.rooms()
    peers.stop()
    expect(peers.rooms()).toEqual([])
    peers.stop()
    await jest.advanceTimersByTimeAsync(L)
    expect(net.stats()).toEqual(baseline)
    const me = await signedIn(net, 'me')
    expect(await ok(me.rts.enterLobby())).toEqual({ onlineCount: 1, users: [], entries: {} })
    await fails(me.rts.joinRoom(hosted), 'ROOM_NOT_FOUND')
  })
})
