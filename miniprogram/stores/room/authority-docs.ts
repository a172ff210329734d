/**
 * The last valid signed documents of a room, kept the one way the room trusts them (docs/
 * ARCHITECTURE.md "Trust"): a document offered from chatroom KV or from our server's answer replaces
 * the one held only if it verifies (core/signed-docs.ts) and moves forward; anything else (forged,
 * another room's, another kind, expired, older, deleted) is ignored and the held one kept.
 *
 * Small on purpose, so every signed list reads the same way: the mute list (authority.ts) and the
 * guest list (`new SignedList((t, e, s) => documents.guestList(t, e, s))`).
 */
import type { DocSource, DocumentVerifier, GuestListDoc, HostClaimDoc, MuteListDoc, Opened } from '../../core/signed-docs'

type ListDoc = MuteListDoc | GuestListDoc
export type OpenList<D extends ListDoc> = (token: unknown, expect: { claim: HostClaimDoc; current?: D | null }, source?: DocSource) => Opened<D>

/** A signed list of the room (mutes, guests): the newest valid one offered so far. */
export class SignedList<D extends ListDoc> {
  private held: { doc: D; token: string } | null = null

  constructor(private readonly open: OpenList<D>) {}

  get doc(): D | null {
    return this.held?.doc ?? null
  }

  /** the exact signed string held, to present back to the server */
  get token(): string | null {
    return this.held?.token ?? null
  }

  /**
   * Offers a list (null or undefined: the entry is missing or was deleted, which changes nothing:
   * only the server removes a list, and it does so by writing a newer one). Returns the list when
   * it replaced the one held; null when it was ignored or is the one held already.
   */
  offer(token: string | null | undefined, claim: HostClaimDoc, source: DocSource): D | null {
    if (token === null || token === undefined || token === this.held?.token) return null
    const opened = this.open(token, { claim, current: this.held?.doc ?? null }, source)
    if (!opened.ok) return null
    this.held = { doc: opened.doc, token: opened.token }
    return opened.doc
  }

  reset(): void {
    this.held = null
  }
}

/**
 * The room's host claim: the first valid one, then only renewals of it (the same host and the same
 * start, a later expiry). A valid claim of another start of the same number (an earlier room's,
 * written back by anyone while it has not expired) is ignored like a forged one: the room I am in
 * ends only by its own claim expiring, or by the server destroying its chatroom.
 */
export class HostClaim {
  private held: { doc: HostClaimDoc; token: string } | null = null

  constructor(private readonly documents: DocumentVerifier) {}

  get doc(): HostClaimDoc | null {
    return this.held?.doc ?? null
  }

  get token(): string | null {
    return this.held?.token ?? null
  }

  /** True when `token` became the held claim (the first one, or a renewal). */
  offer(token: string | null | undefined, roomId: string, source: DocSource): boolean {
    if (token === null || token === undefined || token === this.held?.token) return false
    const opened = this.documents.hostClaim(token, { roomId }, source)
    if (!opened.ok) return false
    const held = this.held?.doc
    if (held && (opened.doc.since !== held.since || opened.doc.host.id !== held.host.id || opened.doc.exp <= held.exp)) return false
    this.held = { doc: opened.doc, token: opened.token }
    return true
  }

  reset(): void {
    this.held = null
  }
}
