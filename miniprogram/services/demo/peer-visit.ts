/**
 * What a simulated visitor (peers.ts) believes about the room it visits, as an honest client does:
 * in a room of our server's only its signed documents (the claim, the mute and guest lists: the
 * app's stores/room/authority.ts and guests-source.ts), in a room without our server the host's
 * own entries.
 */
import { mutedIn, resolveHost, SIGNED_KEYS } from '../../core/room-protocol'
import type { DocSource, DocumentVerifier, HostClaimDoc } from '../../core/signed-docs'
import type { Profile } from '../../core/types'
import { decodeGuestList, decodeMuteList, ROOM_KEYS } from '../../core/wire'
import type { PeerMicGuest } from './peer-coguests'

export interface Visit {
  roomId: string
  hostId: string
  muted: boolean
  mic?: PeerMicGuest
  /** the room's signed claim, when our server opened it (its mute and guest lists are then signed too) */
  claim: HostClaimDoc | null
}

/** The visit of room `roomId` from the entries found on joining it; null when it has no host (over). */
export function visitOf(documents: DocumentVerifier, roomId: string, entries: Readonly<Record<string, string>>, myId: string): Visit | null {
  // a room of our server's has a signed claim; one opened without a server its `host` entry
  const signed = documents.hostClaim(entries[SIGNED_KEYS.hostClaim], { roomId })
  const claim = signed.ok ? signed.doc : null
  const host = claim ? claim.host : resolveHost(entries)
  if (!host) return null
  const signedMutes = claim ? documents.muteList(entries[SIGNED_KEYS.muteList], { claim }) : null
  const muted = (signedMutes?.ok ? signedMutes.doc.muted : claim ? [] : mutedIn(entries)).includes(myId)
  return { roomId, hostId: host.id, muted, claim }
}

/** An entry of the visited room changed; 'ended' when that ends the visit. */
export function visitEntry(documents: DocumentVerifier, visit: Visit, myId: string, key: string, value: string | null): 'ended' | undefined {
  if (visit.claim) {
    // a room of our server's: only its signed lists count (it ends by its chatroom going: 'lost')
    const mutes = key === SIGNED_KEYS.muteList ? documents.muteList(value, { claim: visit.claim }) : null
    if (mutes?.ok) visit.muted = mutes.doc.muted.includes(myId)
    const guests = key === SIGNED_KEYS.guestList ? signedGuests(documents, value, visit.claim, 'kv') : null
    if (guests) visit.mic?.list(guests)
    return undefined
  }
  if (key === ROOM_KEYS.host && value === null) return 'ended'
  if (key === ROOM_KEYS.muted) visit.muted = (decodeMuteList(value) ?? []).includes(myId)
  else if (key === ROOM_KEYS.guests) visit.mic?.list(decodeGuestList(value) ?? [])
  return undefined
}

/** The guests of a signed list of the room `claim` names; null when it does not verify. */
export function signedGuests(documents: DocumentVerifier, token: string | null, claim: HostClaimDoc, source: DocSource): Profile[] | null {
  const opened = documents.guestList(token, { claim }, source)
  return opened.ok ? opened.doc.guests : null
}
