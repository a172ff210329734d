/**
 * A simulated host's room, opened the way the app opens one with our server (stores/room/
 * entering-claims.ts claimSigned): POST /v1/rooms with a drawn number (another while it is taken),
 * the chatroom join, its member entry and like total, the RTC room and a published stream; then a
 * heartbeat every 30 s, so its claim and its signed listing in the lobby stay alive for as long as
 * the simulation runs. The lobby learns of it through the same signed listings as of anyone's room.
 */
import { AppError } from '../../core/errors'
import { hostOpeningEntries } from '../../core/room-protocol'
import { generateRoomNumber } from '../../core/room-number'
import type { DocumentVerifier, HostClaimDoc } from '../../core/signed-docs'
import type { Profile } from '../../core/types'
import type { BackendService, RtcService, RtsService } from '../types'
import type { PeerWorld } from './peer-world'

const CLAIM_ATTEMPTS = 5
/** as the app's host (stores/room/authority.ts HEARTBEAT_MS) */
const HEARTBEAT_MS = 30_000

export interface HostingPeer {
  profile: Profile
  rts: RtsService
  rtc: RtcService
  backend: BackendService
  documents: DocumentVerifier
}

/**
 * The room opened, with the claim our server signed for it (what its signed lists belong to), or
 * null when no number could be had (or the simulation stopped).
 */
export async function openHostedRoom(peer: HostingPeer, world: PeerWorld): Promise<{ roomId: string; memberCount: number; claim: HostClaimDoc } | null> {
  for (let attempt = 0; attempt < CLAIM_ATTEMPTS && !world.timers.closed; attempt++) {
    const roomId = generateRoomNumber(world.random)
    let claim: string
    try {
      claim = (await peer.backend.createRoom({ roomId })).hostClaim
    } catch (e) {
      if (e instanceof AppError && e.code === 'ROOM_TAKEN') continue
      throw e
    }
    const opened = peer.documents.hostClaim(claim, { roomId }, 'server')
    if (!opened.ok) throw new AppError('NETWORK', `demo server's claim does not verify: ${opened.reason}`)
    const snapshot = await peer.rts.joinRoom(roomId)
    for (const entry of hostOpeningEntries(peer.profile, true)) await peer.rts.setRoomEntry(entry.key, entry.value)
    await peer.rtc.join(roomId)
    await peer.rtc.publish()
    const beat = () =>
      world.timers.after(HEARTBEAT_MS, () => {
        peer.backend
          .heartbeat(roomId, { hostClaim: claim })
          .then((renewed) => (claim = renewed.hostClaim))
          .catch(() => undefined)
          .finally(beat)
      })
    beat()
    return { roomId, memberCount: snapshot.memberCount, claim: opened.doc }
  }
  return null
}
