/**
 * The room's videos as the page lays them out (co-guests): one main video full screen and the
 * others as small tiles on the right. Who is on camera: the host, then the guests in the order they
 * came on. My own camera is my live-pusher; everyone else's a live-player, or a "connecting" tile
 * while a guest's stream is not playing yet. Tapping a tile makes it the main video (`focus`); the
 * host is main otherwise. Each video keeps its key whichever place it takes, so swapping moves the
 * native tag instead of making a new one (a new live-pusher would push anew).
 */
import type { HostPauseReason } from '../../core/wire'
import type { Store } from '../../stores/types'

const PAUSED_TILE_TEXT: Record<HostPauseReason, string> = { background: '暂时离开', call: '通话中' }
const GUEST_PAUSED_TEXT: Record<HostPauseReason, string> = {
  background: '嘉宾暂时离开，马上回来',
  call: '嘉宾正在接听电话，请稍候',
}

export interface VideoView {
  /** stable across places: wx:key */
  key: string
  userId: string
  name: string
  /** what the tile's corner says: 主播, 我, or the guest's name */
  label: string
  isHost: boolean
  /** my own video */
  mine: boolean
  main: boolean
  /** the tile's place from the top (0-3); -1 for the main video */
  slot: number
  /** the small text over a paused tile */
  pausedText: string
}

export interface PlayerVideo extends VideoView {
  streamId: string
  url: string
  playerKey: number
}

export interface StageView {
  /** my own camera, when I push (host, guest) */
  pusher: VideoView | null
  players: PlayerVideo[]
  /** guests on camera whose stream is not playing yet */
  waiting: VideoView[]
  /** the main video's pause notice for a guest ('' otherwise: the host's has its own) */
  mainGuestPaused: string
  /** whether the host's picture is the main one (the host notices apply) */
  hostIsMain: boolean
  /** the host's stream is not playing on this phone (the host's own phone: never) */
  hostWaiting: boolean
  /** my own camera is the main video (its notices go over the stage) */
  pusherMain: boolean
  /** tiles there are (moves the chat aside) */
  tiles: number
}

/** `focus`: the user id whose video the person tapped to make main, if any. */
export function stageOf(store: Store, focus: string | null): StageView {
  const { room, session } = store
  const myId = session.me?.id ?? ''
  const host = room.host
  const onCamera = host ? [host, ...room.guests.filter((g) => g.id !== host.id)] : []
  const mainId = focus && onCamera.some((p) => p.id === focus) ? focus : (host?.id ?? '')
  let slot = 0
  const place = (userId: string) => (userId === mainId ? { main: true, slot: -1 } : { main: false, slot: slot++ })
  const hostPlaying = room.media.players.some((p) => p.userId === host?.id && p.url)
  const hostIsMe = !!host && host.id === myId
  const view: StageView = { pusher: null, players: [], waiting: [], mainGuestPaused: '', hostIsMain: mainId === host?.id, hostWaiting: !hostIsMe && !hostPlaying, pusherMain: false, tiles: 0 }
  for (const person of onCamera) {
    const isHost = person.id === host?.id
    const paused = isHost ? room.media.hostPaused : (room.media.pausedGuests[person.id] ?? null)
    const mine = person.id === myId
    const base = { userId: person.id, name: person.name, label: mine ? '我' : isHost ? '主播' : person.name, isHost, mine }
    const pausedText = paused ? PAUSED_TILE_TEXT[paused] : ''
    if (mine) {
      if (room.can.controlMedia && room.media.pushUrl) view.pusher = { ...base, key: 'me', ...place(person.id), pausedText: '' }
      else if (!isHost) view.waiting.push({ ...base, key: `wait-${person.id}`, ...place(person.id), pausedText: '' })
      continue
    }
    const player = room.media.players.find((p) => p.userId === person.id && p.url)
    if (player) view.players.push({ ...base, key: player.id, streamId: player.id, url: player.url, playerKey: player.key, ...place(person.id), pausedText })
    else if (!isHost) view.waiting.push({ ...base, key: `wait-${person.id}`, ...place(person.id), pausedText })
    if (!isHost && paused && person.id === mainId) view.mainGuestPaused = GUEST_PAUSED_TEXT[paused]
  }
  view.tiles = slot
  view.pusherMain = !!view.pusher && view.pusher.main
  return view
}
