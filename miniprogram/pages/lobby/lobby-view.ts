/** What the lobby shows, derived from the store: plain data for the template. */
import type { Store } from '../../stores/types'
import { badgeText, countText, formatChatTime, liveForText } from '../../utils/format'

export interface BannerView {
  tone: 'info' | 'warning' | 'error'
  text: string
  /** a retry button (kicked / failed) */
  retry: boolean
}

export function bannerOf(store: Store): BannerView | null {
  const { connection, connectionError } = store.session
  switch (connection) {
    case 'idle':
    case 'connecting':
      return { tone: 'info', text: '正在连接…', retry: false }
    case 'reconnecting':
      return { tone: 'warning', text: '网络不稳定，正在重新连接…', retry: false }
    case 'kicked':
      return { tone: 'error', text: connectionError?.message ?? '你的账号已在其他设备登录', retry: true }
    case 'failed':
      return { tone: 'error', text: connectionError?.message ?? '连接失败，请稍后重试', retry: true }
    default:
      return null
  }
}

/** One live room as a card: who, what, how many watch, for how long. */
export interface LiveCard {
  roomId: string
  hostId: string
  hostName: string
  avatar: string
  title: string
  /** '' when the service does not say */
  viewers: string
  liveFor: string
  label: string
}

export function liveCardsOf(store: Store, now: number): LiveCard[] {
  return store.lobby.rooms.map((r) => {
    const title = r.title ?? `${r.host.name}的直播间`
    const viewers = r.viewers === undefined ? '' : r.viewers > 0 ? `${countText(r.viewers)} 人在看` : '暂无观众'
    const liveFor = liveForText(r.since, now)
    return {
      roomId: r.roomId,
      hostId: r.host.id,
      hostName: r.host.name,
      avatar: r.host.avatar ?? '',
      title,
      viewers,
      liveFor,
      label: `${r.host.name}正在直播：${title}${viewers ? `，${viewers}` : ''}，${liveFor}，房间号 ${r.roomId}`,
    }
  })
}

/**
 * The lobby's count is everyone in it, me included; the list shows the others whose profile is
 * known (at most 20): say both, so the number and the list never seem to disagree.
 */
export function onlineOf(store: Store): { count: string; note: string } {
  const total = store.lobby.onlineCount
  const others = store.lobby.users.length
  const note = others < Math.max(0, total - 1) ? `列出其中 ${others} 位` : ''
  return { count: `${total} 人在线（含我）`, note }
}

export function peopleOf(store: Store): { id: string; name: string; avatar: string }[] {
  return store.lobby.users.map((u) => ({ id: u.id, name: u.name, avatar: u.avatar ?? '' }))
}

export function conversationsOf(store: Store, now: number = Date.now()) {
  return store.lobby.conversations.map((c) => ({
    peerId: c.peer.id,
    name: c.peer.name,
    avatar: c.peer.avatar ?? '',
    last: c.last ? c.last.text : '',
    /** my last message there was refused by content safety: it reached nobody */
    lastBlocked: c.last?.status === 'blocked',
    time: c.last ? formatChatTime(c.last.sentAt, now) : '',
    unread: c.unread,
    badge: badgeText(c.unread),
  }))
}

/**
 * `devTokens`: the app signs in with dev tokens from config.ts, which anyone holding the package can use.
 * `clock`: the minute, ticking while the lobby shows (how long rooms have been live).
 */
export function lobbyFields(store: Store, demo: boolean, devTokens = false, clock: () => number = Date.now): Record<string, () => unknown> {
  return {
    me: () => {
      const me = store.session.me
      return me ? { id: me.id, name: me.name, avatar: me.avatar ?? '' } : null
    },
    connected: () => store.session.connection === 'connected',
    banner: () => bannerOf(store),
    onlineCount: () => store.lobby.onlineCount,
    online: () => onlineOf(store),
    people: () => peopleOf(store),
    conversations: () => conversationsOf(store),
    unreadTotal: () => store.lobby.unreadTotal,
    unreadBadge: () => badgeText(store.lobby.unreadTotal),
    /** the rooms live now, newest first (demo mode: the simulated hosts' too) */
    rooms: () => liveCardsOf(store, clock()),
    demo: () => demo,
    devTokens: () => devTokens,
  }
}
