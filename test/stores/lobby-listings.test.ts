/**
 * lobby.rooms with our server (stores/lobby-listings.ts): only listings the server signed, for the
 * room their key names, not expired; the first screenful verified before it is shown and the rest
 * on the next turn; a listing leaves when it expires; where this phone cannot verify, the server's
 * list every 3 s while in the lobby.
 */
import { AppError } from '../../miniprogram/core/errors'
import { createDocumentVerifier, type DocumentVerifier } from '../../miniprogram/core/signed-docs'
import { systemSchedule } from '../../miniprogram/core/timers'
import type { RoomListing } from '../../miniprogram/core/types'
import type { BackendService } from '../../miniprogram/services/types'
import { FIRST_LISTINGS, SERVER_LIST_POLL_MS, SignedListings } from '../../miniprogram/stores/lobby-listings'
import { trustOf } from '../../miniprogram/stores/room/authority'
import { testSigner } from '../core/doc-signer'
import { ed25519 } from '../../miniprogram/services/demo/ed25519'

const T0 = Date.UTC(2025, 0, 1, 12)
beforeEach(() => jest.useFakeTimers({ now: T0 }))
afterEach(() => jest.useRealTimers())

const signer = testSigner()
const host = (i: number) => ({ id: `uHost${i}`, name: `主播${i}` })
const roomOf = (i: number) => String(100000 + i)
const listing = (i: number, over: object = {}) =>
  signer.sign({ v: 1, kind: 'listing', roomId: roomOf(i), host: host(i), since: T0 - 1000 * (i + 1), exp: T0 + 90_000, ...over })

function setup(options: { verify?: boolean; inLobby?: () => boolean; listRooms?: () => Promise<string[]> } = {}) {
  const backend = { now: () => Date.now(), listRooms: jest.fn(options.listRooms ?? (() => Promise.resolve([]))) } as unknown as BackendService & { listRooms: jest.Mock }
  const documents: DocumentVerifier | undefined = options.verify === false ? undefined : createDocumentVerifier({ publicKey: signer.publicKey, now: () => Date.now(), ed25519 })
  const shown: RoomListing[][] = []
  const listings = new SignedListings({ trust: trustOf(backend, documents)!, schedule: systemSchedule, show: (rooms) => shown.push(rooms), inLobby: options.inLobby ?? (() => true) })
  return { listings, shown, backend, documents }
}

const entriesOf = (tokens: Record<number, string>) => Object.fromEntries(Object.entries(tokens).map(([i, token]) => [`sig-room-${roomOf(Number(i))}`, token]))

test('100 listings: the first screenful is verified and shown at once, the rest on the next turn, newest first', async () => {
  const { listings, shown, documents } = setup()
  const all: Record<number, string> = {}
  for (let i = 0; i < 100; i++) all[i] = listing(i)
  listings.setEntries(entriesOf(all))
  expect(shown).toHaveLength(1)
  expect(shown[0].map((r) => r.roomId)).toEqual(Array.from({ length: FIRST_LISTINGS }, (_, i) => roomOf(i)))
  expect(documents!.verifications).toBe(FIRST_LISTINGS)
  await jest.advanceTimersByTimeAsync(0)
  expect(shown).toHaveLength(2)
  expect(shown[1]).toHaveLength(100)
  expect(shown[1][0]).toEqual({ roomId: roomOf(0), host: host(0), since: T0 - 1000 })
  expect(documents!.verifications).toBe(100)
  // the same entries again (a change elsewhere): nothing is verified twice
  listings.setEntries({ ...entriesOf(all), other: 'x' })
  await jest.advanceTimersByTimeAsync(0)
  expect(documents!.verifications).toBe(100)
})

test('what does not count: a forged listing, one under another room’s key, another kind, an expired one, keys that are no listing', async () => {
  const { listings, shown } = setup()
  const real = listing(1, { title: '真的' })
  listings.setEntries({
    [`sig-room-${roomOf(1)}`]: real,
    [`sig-room-${roomOf(2)}`]: `${listing(2).split('.')[0]}.${'A'.repeat(86)}`,
    [`sig-room-${roomOf(3)}`]: real, // copied under another number
    [`sig-room-${roomOf(4)}`]: signer.sign({ v: 1, kind: 'host', roomId: roomOf(4), host: host(4), since: T0, exp: T0 + 90_000 }),
    [`sig-room-${roomOf(5)}`]: listing(5, { exp: T0 - 1 }),
    'sig-room-012345': listing(6),
    host: 'x',
  })
  expect(shown.at(-1)).toEqual([{ roomId: roomOf(1), host: host(1), title: '真的', since: T0 - 2000 }])
})

test('how many watch comes with the listing when it says so; a listing with a bad count is not shown', async () => {
  const { listings, shown } = setup()
  listings.setEntries(entriesOf({ 1: listing(1, { viewers: 12 }), 2: listing(2, { viewers: 0 }), 3: listing(3), 4: listing(4, { viewers: -1 }), 5: listing(5, { viewers: 1.5 }), 6: listing(6, { viewers: 1e9 }) }))
  expect(shown.at(-1)).toEqual([
    { roomId: roomOf(1), host: host(1), since: T0 - 2000, viewers: 12 },
    { roomId: roomOf(2), host: host(2), since: T0 - 3000, viewers: 0 },
    { roomId: roomOf(3), host: host(3), since: T0 - 4000 },
  ])
  // the host's next heartbeat renews the listing with a new count
  listings.setEntries(entriesOf({ 1: listing(1, { viewers: 13, exp: T0 + 120_000 }) }))
  expect(shown.at(-1)).toEqual([{ roomId: roomOf(1), host: host(1), since: T0 - 2000, viewers: 13 }])
})

test('a listing leaves the list when it expires, unless renewed', async () => {
  const { listings, shown } = setup()
  listings.setEntries(entriesOf({ 1: listing(1, { exp: T0 + 30_000 }), 2: listing(2, { exp: T0 + 60_000 }) }))
  expect(shown.at(-1)?.map((r) => r.roomId)).toEqual([roomOf(1), roomOf(2)])
  await jest.advanceTimersByTimeAsync(30_001)
  expect(shown.at(-1)?.map((r) => r.roomId)).toEqual([roomOf(2)])
  listings.setEntries(entriesOf({ 2: listing(2, { exp: T0 + 120_000 }) }))
  await jest.advanceTimersByTimeAsync(60_000)
  expect(shown.at(-1)?.map((r) => r.roomId)).toEqual([roomOf(2)])
  await jest.advanceTimersByTimeAsync(30_000)
  expect(shown.at(-1)).toEqual([])
})

test('pull to refresh: the server’s list; a failure rejects and keeps what is shown', async () => {
  const { listings, shown, backend } = setup({ listRooms: () => Promise.resolve([listing(7), listing(8)]) })
  await listings.refresh()
  expect(shown.at(-1)?.map((r) => r.roomId)).toEqual([roomOf(7), roomOf(8)])
  backend.listRooms.mockImplementation(() => Promise.reject(new AppError('NETWORK')))
  await expect(listings.refresh()).rejects.toMatchObject({ code: 'NETWORK' })
  expect(shown.at(-1)?.map((r) => r.roomId)).toEqual([roomOf(7), roomOf(8)])
})

test('where this phone cannot verify, the lobby’s KV counts for nothing: the server’s list, read every 3 s while in the lobby', async () => {
  let here = true
  const { listings, shown, backend } = setup({ verify: false, inLobby: () => here, listRooms: () => Promise.resolve([listing(1)]) })
  listings.setEntries(entriesOf({ 9: listing(9) }))
  expect(shown).toEqual([])
  listings.entered()
  listings.entered() // entering twice starts one poll
  await jest.advanceTimersByTimeAsync(0)
  expect(shown.at(-1)?.map((r) => r.roomId)).toEqual([roomOf(1)])
  await jest.advanceTimersByTimeAsync(2 * SERVER_LIST_POLL_MS)
  expect(backend.listRooms).toHaveBeenCalledTimes(3)
  here = false
  await jest.advanceTimersByTimeAsync(5 * SERVER_LIST_POLL_MS)
  expect(backend.listRooms).toHaveBeenCalledTimes(3)
  here = true
  listings.entered()
  await jest.advanceTimersByTimeAsync(0)
  expect(backend.listRooms).toHaveBeenCalledTimes(4)
})
