/** Display formatting for chat times, in Chinese conventions. */

const pad = (n: number): string => (n < 10 ? `0${n}` : String(n))

/** 'HH:mm' today, '昨天 HH:mm' yesterday, 'M月D日 HH:mm' otherwise (local time). */
export function formatChatTime(sentAt: number, now: number = Date.now()): string {
  const at = new Date(sentAt)
  const clock = `${pad(at.getHours())}:${pad(at.getMinutes())}`
  const today = new Date(now)
  today.setHours(0, 0, 0, 0)
  const dayStart = today.getTime()
  if (sentAt >= dayStart) return clock
  if (sentAt >= dayStart - 24 * 3600 * 1000) return `昨天 ${clock}`
  return `${at.getMonth() + 1}月${at.getDate()}日 ${clock}`
}

/** Badge text: the count, or '99+' past 99; '' for none. */
export function badgeText(count: number): string {
  if (!count || count < 0) return ''
  return count > 99 ? '99+' : String(count)
}

/** The first character of a name, for the placeholder avatar. */
export function initial(name: string): string {
  for (const ch of name.trim()) return ch.toUpperCase()
  return '?'
}

/** A stable hue (0-359) for a user id: letter avatars keep their colour on every phone (FNV-1a). */
export function hueOf(id: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash % 360
}

/** A count as a person reads it: 9999, 1.2万, 3.4亿. */
export function countText(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '0'
  if (n < 10000) return String(Math.floor(n))
  const [unit, size] = n < 1e8 ? ['万', 1e4] : ['亿', 1e8]
  const value = Math.floor((n / size) * 10) / 10
  return `${value % 1 === 0 ? value.toFixed(0) : value.toFixed(1)}${unit}`
}

/** How long a room has been live: '刚刚开播', '12 分钟', '1 小时 5 分钟'. */
export function liveForText(since: number, now: number = Date.now()): string {
  const minutes = Math.floor(Math.max(0, now - since) / 60000)
  if (minutes < 1) return '刚刚开播'
  if (minutes < 60) return `已播 ${minutes} 分钟`
  const hours = Math.floor(minutes / 60)
  return minutes % 60 ? `已播 ${hours} 小时 ${minutes % 60} 分钟` : `已播 ${hours} 小时`
}
