/** The guest list's two sources (stores/room/guests-source.ts), alone, and the feed that picks one per room visit. */
import { AppError } from '../../../miniprogram/core/errors'
import { createDocumentVerifier, type HostClaimDoc } from '../../../miniprogram/core/signed-docs'
import type { Profile } from '../../../miniprogram/core/types'
import { decodeSignal, encodeGuestList, encodeSignal, type Signal } from '../../../miniprogram/core/wire'
import { DEMO_PUBLIC_KEY } from '../../../miniprogram/services/demo'
import { guestList, hostClaim, signed } from '../../../miniprogram/services/demo/backend-docs'
import type { BackendService } from '../../../miniprogram/services/types'
import type { Trust } from '../../../miniprogram/stores/room/authority'
import { GuestListFeed, HostGuestList, listSignal, SignedGuestList, type GuestAuthority } from '../../../miniprogram/stores/room/guests-source'
import { ed25519 } from '../../../miniprogram/services/demo/ed25519'

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
  const documents = createDocumentVerifier({ publicKey: DEMO_PUBLIC_KEY, now, ed25519 })
  /** a phone without BigInt: it checks no signature, and only the server's own answers count */
  const cannotVerify = createDocumentVerifier({ publicKey: DEMO_PUBLIC_KEY, now, ed25519: null })
  const claim: HostClaimDoc = hostClaim(ROOM, { id: 'h', name: '主播' }, SINCE, SINCE + 90_000)
  const list = (guests: Profile[], at: number, since = SINCE, roomId = ROOM) => signed(guestList(roomId, since, guests, at)).token
  const backend = (answer: string) => ({ addGuest: async () => ({ guestList: answer }), removeGuest: async () => ({ guestList: answer }) }) as unknown as BackendService
  const trustOf = (answer: string, verifier = documents): Trust => ({ backend: backend(answer), documents: verifier })

  test('only a verified list of this room and this claim counts, never an older one; a deletion keeps the last', () => {
    const source = new SignedGuestList(trustOf(''), () => claim)
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
    // the exact signed string held, for the host's heartbeat
    expect(source.token).toBe(list([a, b], SINCE + 30))
  })

  test('the server’s answer is verified too; an answer a newer KV list overtook keeps the newer', async () => {
    const source = new SignedGuestList(trustOf(list([a], SINCE + 10)), () => claim)
    await expect(source.change([a], { add: a })).resolves.toEqual([a])
    expect(source.fromEntry('sig-guests', list([a, b], SINCE + 20))).toEqual([a, b])
    await expect(source.change([a], { add: a })).resolves.toEqual([a, b])
    const forged = new SignedGuestList(trustOf(`${list([a], SINCE + 40).split('.')[0]}.${'A'.repeat(86)}`), () => claim)
    await expect(forged.change([a], { add: a })).rejects.toMatchObject({ code: 'NETWORK' })
  })

  test('lists belong to the claim the room holds now: none held, nothing counts and nothing is sent', async () => {
    let held: HostClaimDoc | null = null
    const source = new SignedGuestList(trustOf(list([a], SINCE + 10)), () => held)
    expect(source.fromEntry('sig-guests', list([a], SINCE + 10))).toBeNull()
    expect(source.fromAnswer(list([a], SINCE + 10))).toBeNull()
    await expect(source.change([a], { add: a })).rejects.toMatchObject({ code: 'NOT_ALLOWED' })
    held = claim
    expect(source.fromEntry('sig-guests', list([a], SINCE + 10))).toEqual([a])
    // another start of the same number (a claim renewed keeps its `since`)
    held = hostClaim(ROOM, claim.host, SINCE + 5000, SINCE + 95_000)
    expect(source.fromEntry('sig-guests', list([a, b], SINCE + 20))).toBeNull()
  })

  test('where this phone cannot verify, lists in KV count for nothing; the server’s answers do', async () => {
    const source = new SignedGuestList(trustOf(list([a, b], SINCE + 20), cannotVerify), () => claim)
    expect(source.fromSnapshot({ 'sig-guests': list([a], SINCE + 10) })).toEqual([])
    expect(source.fromEntry('sig-guests', list([a], SINCE + 10))).toBeNull()
    expect(source.fromAnswer(list([a], SINCE + 10))).toEqual([a])
    await expect(source.change([a, b], { add: b })).resolves.toEqual([a, b])
  })
})

describe('GuestListFeed (one room visit)', () => {
  const now = () => SINCE + 1000
  const documents = createDocumentVerifier({ publicKey: DEMO_PUBLIC_KEY, now, ed25519 })
  const claim: HostClaimDoc = hostClaim(ROOM, { id: 'h', name: '主播' }, SINCE, SINCE + 90_000)
  const trust: Trust = { backend: {} as BackendService, documents }
  const list = (guests: Profile[], at: number) => signed(guestList(ROOM, SINCE, guests, at)).token

  /** RoomAuthority's two members the feed uses: the claim held, and what the heartbeat presents */
  function fakeAuthority(held: HostClaimDoc | null = claim) {
    const authority = {
      hostClaim: held,
      extras: null as null | (() => { guestList?: string }),
      presentWithHeartbeat(extras: () => { guestList?: string }) {
        authority.extras = extras
      },
    }
    return authority satisfies GuestAuthority
  }

  test('with our server the list is the signed one for every visit, whatever the room’s entries say; without, the host’s attribute', () => {
    const feed = new GuestListFeed({ rts: fakeRts().rts, trust, authority: fakeAuthority() })
    feed.begin()
    expect(feed.source.signed).toBe(true)
    expect(feed.source.fromSnapshot({ guests: encodeGuestList([b]) })).toEqual([])
    expect(feed.source.fromEntry('guests', encodeGuestList([b]))).toBeNull()
    expect(feed.source.fromSignal([b])).toBeNull()
    expect(feed.source.fromEntry('sig-guests', list([a], SINCE + 10))).toEqual([a])
    feed.reset()
    expect(feed.source.signed).toBe(true)
    // a new visit holds nothing of the last one
    expect(feed.source.fromSnapshot({})).toEqual([])

    const unsigned = new GuestListFeed({ rts: fakeRts().rts, trust: null, authority: null })
    unsigned.begin()
    expect(unsigned.source.signed).toBe(false)
    expect(unsigned.source.fromSnapshot({ guests: encodeGuestList([b]) })).toEqual([b])
  })

  test('the server’s list from the way in is the first snapshot’s, unless the room’s KV holds a newer one', () => {
    const feed = new GuestListFeed({ rts: fakeRts().rts, trust, authority: fakeAuthority() })
    feed.begin(list([a], SINCE + 10))
    expect(feed.source.fromSnapshot({})).toEqual([a])
    feed.begin(list([a], SINCE + 10))
    expect(feed.source.fromSnapshot({ 'sig-guests': list([a, b], SINCE + 20) })).toEqual([a, b])
    feed.begin(list([a, b], SINCE + 20))
    expect(feed.source.fromSnapshot({ 'sig-guests': list([a], SINCE + 10) })).toEqual([a, b])
  })

  test('the host’s heartbeat presents the signed list held, and nothing before there is one', () => {
    const authority = fakeAuthority()
    const feed = new GuestListFeed({ rts: fakeRts().rts, trust, authority })
    feed.begin()
    expect(authority.extras?.()).toEqual({})
    feed.source.fromEntry('sig-guests', list([a], SINCE + 10))
    expect(authority.extras?.()).toEqual({ guestList: list([a], SINCE + 10) })
    feed.reset()
    expect(authority.extras?.()).toEqual({})
  })
})
