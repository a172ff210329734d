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
