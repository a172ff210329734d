/** What the lobby shows, derived from the store: plain data for the template. */
import type { Store } from '../../stores/types'
import { badgeText, formatChatTime } from '../../utils/format'

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

export function peopleOf(store: Store): { id: string; name: string; avatar: string }[] {
  return store.lobby.users.map((u) => ({ id: u.id, name: u.name, avatar: u.avatar ?? '' }))
}

export function conversationsOf(store: Store, now: number = Date.now()) {
  return store.lobby.conversations.map((c) => ({
    peerId: c.peer.id,
    name: c.peer.name,
    avatar: c.peer.avatar ?? '',
    last: c.last ? c.last.text : '',
    time: c.last ? formatChatTime(c.last.sentAt, now) : '',
    unread: c.unread,
    badge: badgeText(c.unread),
  }))
}

/** `devTokens`: the app signs in with dev tokens from config.ts, which anyone holding the package can use */
export function lobbyFields(store: Store, demo: boolean, devTokens = false): Record<string, () => unknown> {
  return {
    me: () => {
      const me = store.session.me
      return me ? { id: me.id, name: me.name, avatar: me.avatar ?? '' } : null
    },
    connected: () => store.session.connection === 'connected',
    banner: () => bannerOf(store),
    onlineCount: () => store.lobby.onlineCount,
    people: () => peopleOf(store),
    conversations: () => conversationsOf(store),
    unreadTotal: () => store.lobby.unreadTotal,
    unreadBadge: () => badgeText(store.lobby.unreadTotal),
    /** numbers of the rooms live now, newest first (demo mode: the simulated hosts') */
    rooms: () => store.lobby.rooms.map((r) => r.roomId),
    demo: () => demo,
    devTokens: () => devTokens,
  }
}
