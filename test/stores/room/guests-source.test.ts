/** The guest list's two sources (stores/room/guests-source.ts), alone. */
import { AppError } from '../../../miniprogram/core/errors'
import { createDocumentVerifier, type HostClaimDoc } from '../../../miniprogram/core/signed-docs'
import type { Profile } from '../../../miniprogram/core/types'
import { decodeSignal, encodeGuestList, encodeSignal, type Signal } from '../../../miniprogram/core/wire'
import { DEMO_PUBLIC_KEY } from '../../../miniprogram/services/demo'
import { guestList, hostClaim, signed } from '../../../miniprogram/services/demo/backend-docs'
import { acceptedHostClaim, GuestListFeed, guestSourceFor, HostGuestList, listSignal, SignedGuestList } from '../../../miniprogram/stores/room/guests-source'

const a: Profile = { id: 'a', name: '小爱' }
const b: Profile = { id: 'b', name: '小波' }
const ROOM = '123456'
const SINCE = 1_700_000_000_000

function fakeRts(options: { writeFails?: boolean } = {}) {
  const signals: Signal[] = []
  const writes: [string, string][] = []
  return {
    signals,
    writes,
    rts: {
      sendRoomSignal: async (s: Signal) => void signals.push(s),
      setRoomEntry: async (key: string, value: string) => {
        if (options.writeFails) throw new AppError('NOT_CONNECTED')
        writes.push([key, value])
      },
    },
  }
}

describe('HostGuestList (no backend)', () => {
  test('a missing attribute is an empty list, a malformed one changes nothing', () => {
    const source = new HostGuestList(fakeRts().rts)
    expect(source.fromSnapshot({})).toEqual([])
    expect(source.fromSnapshot({ guests: encodeGuestList([a]) })).toEqual([a])
    expect(source.fromEntry('guests', '[{"id":"a"}]')).toBeNull()
    expect(source.fromEntry('guests', encodeGuestList([a, b, { id: 'c', name: 'c' }, { id: 'd', name: 'd' }]))).toBeNull()
    expect(source.fromEntry('guests', encodeGuestList([a, a]))).toBeNull()
    expect(source.fromEntry('other', encodeGuestList([a]))).toBeNull()
  })

  test('a change sends the signal with the attribute write; a failed write takes the signal back', async () => {
    const ok = fakeRts()
    await expect(new HostGuestList(ok.rts).change([a], {}, [])).resolves.toEqual([a])
    expect(ok.writes).toEqual([['guests', encodeGuestList([a])]])
    expect(ok.signals).toEqual([{ type: 'guests', guests: [a] }])

    const failing = fakeRts({ writeFails: true })
    await expect(new HostGuestList(failing.rts).change([a, b], {}, [a])).rejects.toMatchObject({ code: 'NOT_CONNECTED' })
    expect(failing.signals).toEqual([
      { type: 'guests', guests: [a, b] },
      { type: 'guests', guests: [a] },
    ])
  })

  test('three profiles at their longest fit one signal and come through whole', () => {
    const longest = (id: string): Profile => ({ id: id.repeat(64), name: '😀'.repeat(20), avatar: `https://x/${'a'.repeat(502)}` })
    const guests = [longest('x'), longest('y'), longest('z')]
    expect(decodeSignal(encodeSignal(listSignal(guests)))).toEqual({ type: 'guests', guests })
  })
})

describe('SignedGuestList (backend)', () => {
  const now = () => SINCE + 1000
  const documents = createDocumentVerifier({ publicKey: DEMO_PUBLIC_KEY, now })
  const claim: HostClaimDoc = hostClaim(ROOM, { id: 'h', name: '主播' }, SINCE, SINCE + 90_000)
  const list = (guests: Profile[], at: number, since = SINCE, roomId = ROOM) => signed(guestList(roomId, since, guests, at)).token
  const backend = (answer: string) => ({ addGuest: async () => ({ guestList: answer }), removeGuest: async () => ({ guestList: answer }) })

  test('only a verified list of this room and this claim counts, never an older one; a deletion keeps the last', () => {
    const source = new SignedGuestList(backend(''), documents, claim)
    expect(source.fromSnapshot({})).toEqual([])
    expect(source.fromEntry('sig-guests', list([a], SINCE + 10))).toEqual([a])
    expect(source.fromEntry('sig-guests', list([b], SINCE + 5))).toBeNull()
    expect(source.fromEntry('sig-guests', list([b], SINCE + 20, SINCE - 1))).toBeNull()
    expect(source.fromEntry('sig-guests', list([b], SINCE + 20, SINCE, '654321'))).toBeNull()
    expect(source.fromEntry('sig-guests', `${list([b], SINCE + 20).split('.')[0]}.${'A'.repeat(86)}`)).toBeNull()
    expect(source.fromEntry('sig-guests', null)).toBeNull()
    expect(source.fromSnapshot({})).toBeNull()
    expect(source.fromSignal()).toBeNull()
    expect(source.fromEntry('guests', encodeGuestList([b]))).toBeNull()
    expect(source.fromEntry('sig-guests', list([a, b], SINCE + 30))).toEqual([a, b])
  })

  test('the server’s answer is verified too; an answer a newer KV list overtook keeps the newer', async () => {
    const source = new SignedGuestList(backend(list([a], SINCE + 10)), documents, claim)
    await expect(source.change([a], { add: a })).resolves.toEqual([a])
    expect(source.fromEntry('sig-guests', list([a, b], SINCE + 20))).toEqual([a, b])
    await expect(source.change([a], { add: a })).resolves.toEqual([a, b])
    const forged = new SignedGuestList(backend(`${list([a], SINCE + 40).split('.')[0]}.${'A'.repeat(86)}`), documents, claim)
    await expect(forged.change([a], { add: a })).rejects.toMatchObject({ code: 'NETWORK' })
  })

  test('the seam: the room’s sig-host counts only with a backend and a verifier, for this room and its recorded host', () => {
    const token = signed(claim).token
    const deps = { rts: fakeRts().rts, backend: backend(''), documents }
    expect(acceptedHostClaim(deps, ROOM, 'h', { 'sig-host': token })).toEqual(claim)
    expect(acceptedHostClaim(deps, ROOM, 'someone-else', { 'sig-host': token })).toBeNull()
    expect(acceptedHostClaim(deps, '654321', 'h', { 'sig-host': token })).toBeNull()
    expect(acceptedHostClaim({ rts: deps.rts }, ROOM, 'h', { 'sig-host': token })).toBeNull()
    expect(guestSourceFor(deps, claim).signed).toBe(true)
    expect(guestSourceFor(deps, null).signed).toBe(false)
    expect(guestSourceFor({ rts: deps.rts }, claim).signed).toBe(false)
  })
})

describe('GuestListFeed (one room visit)', () => {
  const now = () => SINCE + 1000
  const documents = createDocumentVerifier({ publicKey: DEMO_PUBLIC_KEY, now })
  const claim: HostClaimDoc = hostClaim(ROOM, { id: 'h', name: '主播' }, SINCE, SINCE + 90_000)
  const deps = { rts: fakeRts().rts, backend: { addGuest: async () => ({ guestList: '' }), removeGuest: async () => ({ guestList: '' }) }, documents }
  const room = { id: ROOM, hostId: 'h' }

  test('a claim that shows up late turns the feed signed for good; the signed list seen before it counts then', () => {
    const feed = new GuestListFeed(deps)
    feed.begin(ROOM, 'h', {})
    expect(feed.source.signed).toBe(false)
    expect(feed.entry(room, 'guests', encodeGuestList([b]))).toEqual([b])
    expect(feed.entry(room, 'sig-guests', signed(guestList(ROOM, SINCE, [a], SINCE + 10)).token)).toBeNull()
    expect(feed.entry(room, 'sig-host', signed(claim).token)).toEqual([a])
    expect(feed.source.signed).toBe(true)
    // the host's own attribute no longer counts, nor does the claim going
    expect(feed.entry(room, 'guests', encodeGuestList([b]))).toBeNull()
    expect(feed.entry(room, 'sig-host', null)).toBeNull()
    expect(feed.source.signed).toBe(true)
    feed.reset()
    expect(feed.source.signed).toBe(false)
  })

  test('a signed claim naming someone else than the recorded host does not switch the feed (who hosts is the trust work’s to decide)', () => {
    const feed = new GuestListFeed(deps)
    feed.begin(ROOM, 'h', {})
    const other = signed(hostClaim(ROOM, { id: 'x', name: '冒充' }, SINCE, SINCE + 90_000)).token
    expect(feed.entry(room, 'sig-host', other)).toBeNull()
    expect(feed.source.signed).toBe(false)
  })
})
