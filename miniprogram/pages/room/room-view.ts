/** What the room page shows, derived from the store: plain data for the template. */
import type { HostPauseReason } from '../../core/wire'
import type { Store } from '../../stores/types'
import { stageOf } from './stage-view'

const HOST_PAUSED_TEXT: Record<HostPauseReason, string> = {
  background: '主播暂时离开，马上回来',
  call: '主播正在接听电话，请稍候',
}

const QUALITY_TEXT = { good: '', fair: '网络一般', poor: '网络较差', unknown: '' } as const

/** Whom the member count counts: everyone in the room's chatroom, the host and me included. */
export function memberCountLabel(count: number, listed: number, iAmHost: boolean): string {
  const shown = listed < count ? `，显示其中 ${listed} 位` : ''
  return `${count} 人（含${iAmHost ? '' : '主播和'}你${shown}）`
}

export function membersOf(store: Store) {
  const { room, session } = store
  const hostId = room.host?.id
  const myId = session.me?.id
  return room.members.map((m) => ({
    id: m.id,
    uid: m.id,
    name: m.name,
    avatar: m.avatar ?? '',
    muted: room.muted.includes(m.id),
    isHost: m.id === hostId,
    isMe: m.id === myId,
    isGuest: room.guests.some((g) => g.id === m.id),
  }))
}

/** People for the host's co-guest sheet: who asked, who is on camera. */
export function peopleOf(list: readonly { id: string; name: string; avatar?: string }[]) {
  return list.map((p) => ({ id: p.id, uid: p.id, name: p.name, avatar: p.avatar ?? '' }))
}

const MIC_HINTS = { none: '', pending: '已申请连麦，等待主播同意…', rejected: '主播暂未同意你的连麦申请，可以再试一次' } as const

/** The audience's 连麦 tool and the line above the tools: my request's state, in words. */
export function micRequestOf(store: Store) {
  const state = store.room.myMicRequest
  return { state, label: state === 'pending' ? '取消申请' : '连麦', hint: store.room.can.requestMic ? MIC_HINTS[state] : '' }
}

export function mediaOf(store: Store) {
  const media = store.room.media
  return {
    pushUrl: media.pushUrl,
    players: media.players.map((p) => ({ id: p.id, url: p.url, key: p.key })),
    camera: media.camera,
    micOn: media.micOn,
    cameraOn: media.cameraOn,
    pusherKey: media.pusherKey,
    pausedText: media.hostPaused ? HOST_PAUSED_TEXT[media.hostPaused] : '',
    errorText: media.error ? media.error.message : '',
    qualityText: QUALITY_TEXT[media.networkQuality] ?? '',
  }
}

/**
 * `simulated`: demo mode, where no real video flows (the pusher previews, the player is a
 * placeholder). `focus()`: whose video the person tapped to make the main one (page state).
 */
export function roomFields(store: Store, simulated: boolean, focus: () => string | null = () => null): Record<string, () => unknown> {
  return {
    simulated: () => simulated,
    roomId: () => store.room.id ?? '',
    /** no server of ours vouches for this room (dev tokens): its host and mutes could be forged */
    unsigned: () => store.room.trust === 'unsigned',
    title: () => store.room.title ?? '',
    status: () => store.room.status,
    endReason: () => store.room.endReason ?? '直播已结束',
    host: () => {
      const host = store.room.host
      return host ? { id: host.id, name: host.name, avatar: host.avatar ?? '' } : { id: '', name: '', avatar: '' }
    },
    memberCount: () => store.room.memberCount,
    memberLabel: () =>
      memberCountLabel(store.room.memberCount, store.room.members.length, !!store.room.host && store.room.host.id === store.session.me?.id),
    /** read only once the room ended: while live, likes reach the view through components/like-layer */
    endedLikes: () => (store.room.status === 'ended' ? store.room.likes : 0),
    members: () => membersOf(store),
    can: () => ({ ...store.room.can }),
    canSend: () => store.room.canSend,
    sendHint: () => store.room.sendHint,
    media: () => mediaOf(store),
    stage: () => stageOf(store, focus()),
    micRequests: () => peopleOf(store.room.micRequests),
    guests: () => peopleOf(store.room.guests),
    micRequest: () => micRequestOf(store),
  }
}
