/** components/chat-list/message-view.ts: the time once per gap, the host's mark. */
import { TIME_GAP_MS, toMessageView } from '../../miniprogram/components/chat-list/message-view'
import type { ChatMessage } from '../../miniprogram/core/types'

const at = new Date(2026, 5, 6, 20, 30).getTime()
const msg = (id: string, from: string, sentAt: number, kind: 'text' | 'system' = 'text'): ChatMessage => ({
  id,
  from: { id: from, name: from === 'h' ? '主播' : '观众' },
  text: id,
  sentAt,
  kind,
})

test('the first message and the first after a gap of 5 minutes show the time; the rest none', () => {
  const a = msg('a', 'x', at)
  const b = msg('b', 'y', at + 60_000)
  const c = msg('c', 'x', at + 60_000 + TIME_GAP_MS - 1)
  const d = msg('d', 'y', at + 60_000 + TIME_GAP_MS - 1 + TIME_GAP_MS)
  const now = at + 3600_000
  expect(toMessageView(a, { now }).time).toBe('20:30')
  expect(toMessageView(b, { previous: a, now }).time).toBe('')
  expect(toMessageView(c, { previous: b, now }).time).toBe('')
  expect(toMessageView(d, { previous: c, now }).time).toBe('20:40')
})

test('the host’s lines are marked, mine are mine, system lines never carry the mark', () => {
  expect(toMessageView(msg('a', 'h', at), { hostId: 'h', myId: 'y' })).toMatchObject({ host: true, mine: false })
  expect(toMessageView(msg('b', 'y', at), { hostId: 'h', myId: 'y' })).toMatchObject({ host: false, mine: true })
  expect(toMessageView(msg('c', 'h', at, 'system'), { hostId: 'h' })).toMatchObject({ host: false, system: true })
  expect(toMessageView(msg('d', 'h', at), {})).toMatchObject({ host: false, mine: false })
})
