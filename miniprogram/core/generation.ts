/**
 * The stale-result guard. Work that awaits something (joining a room, loading a conversation,
 * connecting) takes the current generation's token when it starts; anything that makes that work
 * pointless (leaving, starting again, disconnecting) moves to the next generation. When the result
 * arrives, a token that is no longer current means the result is stale: it is thrown away.
 */
export class Generation {
  private value = 0

  /** The token of the generation running now. */
  get current(): number {
    return this.value
  }

  /** Starts a new generation (a new attempt, or a stop) and returns its token. */
  next(): number {
    return ++this.value
  }

  isCurrent(token: number): boolean {
    return token === this.value
  }
}
