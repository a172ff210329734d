/**
 * The remote streams of a room visit and the live-players they get (room.media.players). Every
 * stream published in the RTC room is remembered whether it is played or not: with co-guests a
 * guest may publish before the guest list that allows them reaches this phone, and a stream
 * published by someone who is not on the list (a modified client) is known but never played.
 * `mayPlay` decides (the host's and the accepted guests' streams, never my own); `reconcile` applies
 * a new guest list: newly allowed streams are played, players of streams no longer allowed go.
 */
import { runInAction } from 'mobx-miniprogram'
import { toAppError } from '../../core/errors'
import type { Generation } from '../../core/generation'
import type { RemoteStream, RtcEvent, RtcService } from '../../services/types'
import type { MediaState, PlayerState } from '../types'

const quiet = (): undefined => undefined

export interface StreamPlayersDeps {
  rtc: Pick<RtcService, 'subscribe' | 'unsubscribe'>
  media(): MediaState
  generation: Generation
  mayPlay(stream: RemoteStream): boolean
  connected(): boolean
  /** a player went away: its recovery stops */
  forget(streamId: string): void
}

export class StreamPlayers {
  /** streams published in the RTC room now, by id, whether played or not */
  private readonly offered = new Map<string, RemoteStream>()
  /** subscribes on their way, so a stream is asked for once at a time */
  private readonly subscribing = new Set<string>()
  /** the visible error came from a subscribe: its retry plays again rather than republishing */
  playFailed = false

  constructor(private readonly deps: StreamPlayersDeps) {}

  private get media(): MediaState {
    return this.deps.media()
  }

  /**
   * The streams published in the room, as the RTC join handed them back: the allowed ones are
   * played now, or, while the connection is down (it dropped in the middle of the join), once the
   * room is back (resume).
   */
  async offer(streams: readonly RemoteStream[]): Promise<void> {
    for (const stream of streams) this.offered.set(stream.id, stream)
    if (this.deps.connected()) await this.playAllowed(false)
  }

  /**
   * Back in the room after a reconnect: allowed streams that are not playing because the
   * connection was down (not played yet, or their subscribe failed NOT_CONNECTED) are played now,
   * without waiting for the retry button. Other failures keep their error and its retry.
   */
  resume(): void {
    const error = this.media.error
    if (error && error.code !== 'NOT_CONNECTED') return
    if (error) {
      this.media.error = null
      this.playFailed = false
    }
    void this.playAllowed(false)
  }

  /** The guest list changed: play whom it now allows, stop playing whom it no longer does. */
  reconcile(): void {
    for (const player of this.media.players) {
      const stream = this.offered.get(player.id) ?? { id: player.id, userId: player.userId }
      if (this.deps.mayPlay(stream)) continue
      this.drop(player.id)
      this.deps.rtc.unsubscribe(player.id).catch(quiet)
    }
    void this.playAllowed(false)
  }

  /** Plays every allowed stream not played yet (`again`: those playing too, on new players). */
  async playAllowed(again: boolean): Promise<void> {
    const playing = (s: RemoteStream) => this.media.players.some((p) => p.id === s.id && p.url)
    const streams = [...this.offered.values()].filter((s) => this.deps.mayPlay(s) && (again || !playing(s)))
    await Promise.all(streams.map((s) => this.play(s)))
  }

  /** Subscribes to a stream; a failure shows as a media error with a retry. */
  async play(stream: RemoteStream): Promise<void> {
    if (this.subscribing.has(stream.id)) return
    const gen = this.deps.generation.current
    this.subscribing.add(stream.id)
    try {
      const url = await this.deps.rtc.subscribe(stream.id)
      runInAction(() => {
        // gone from the room, or off the guest list, while the subscribe was on its way
        if (!this.deps.generation.isCurrent(gen) || !this.offered.has(stream.id) || !this.deps.mayPlay(stream)) return
        const previous = this.media.players.find((p) => p.id === stream.id)
        this.setPlayer({ id: stream.id, userId: stream.userId, url, key: previous ? previous.key + 1 : 0 })
      })
    } catch (e) {
      runInAction(() => {
        // a stream that left (or its owner off the guest list) while its subscribe waited is no
        // failure to show: the plugin rejects such a subscribe (services/rongcloud/rtc/remote-streams.ts)
        if (!this.deps.generation.isCurrent(gen) || !this.offered.has(stream.id) || !this.deps.mayPlay(stream)) return
        this.media.error = toAppError(e)
        this.playFailed = true
      })
    } finally {
      this.subscribing.delete(stream.id)
    }
  }

  /** A new live-player for this stream (its key moves on). */
  replay(streamId: string): void {
    const player = this.media.players.find((p) => p.id === streamId)
    if (player) this.setPlayer({ ...player, key: player.key + 1 })
  }

  onRtcEvent(event: Extract<RtcEvent, { type: 'stream-added' | 'stream-removed' | 'player-url' }>): void {
    switch (event.type) {
      case 'stream-added':
        this.offered.set(event.stream.id, event.stream)
        if (this.deps.mayPlay(event.stream)) void this.play(event.stream)
        return
      case 'stream-removed':
        this.offered.delete(event.streamId)
        this.drop(event.streamId)
        return
      case 'player-url': {
        const player = this.media.players.find((p) => p.id === event.streamId)
        if (player && player.url !== event.url) this.setPlayer({ ...player, url: event.url })
        return
      }
    }
  }

  /** Leaving the room: nothing is remembered. */
  clear(): void {
    this.offered.clear()
    this.subscribing.clear()
    this.playFailed = false
  }

  private drop(streamId: string): void {
    this.deps.forget(streamId)
    this.media.players = this.media.players.filter((p) => p.id !== streamId)
  }

  private setPlayer(player: PlayerState): void {
    const others = this.media.players.filter((p) => p.id !== player.id)
    this.media.players = [...others, player]
  }
}
