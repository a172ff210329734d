/** The lobby's presence bookkeeping on its own (issue 10 items 24 and 26). */
import { Timers } from '../../../miniprogram/core/timers'
import {
  ANSWER_GAP_MS,
  ANSWER_INTERVAL_MS,
  Answerer,
  heartbeatInterval,
  HEARTBEATS_PER_SECOND,
  LOBBY_LIST_CAP,
  presenceTtl,
  Roster,
} from '../../../miniprogram/services/rongcloud/lobby-presence'
import type { Clock } from '../../../miniprogram/services/rongcloud/clock'

beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }))
afterEach(() => jest.useRealTimers())

const clock: Clock = { now: () => Date.now(), schedule: (fn, ms) => { const t = setTimeout(fn, ms); return () => clearTimeout(t) }, random: () => 0.5 }

describe('Answerer', () => {
  function answerer() {
    const timers = new Timers(clock.schedule)
    const answers: number[] = []
    return { timers, answers, a: new Answerer(timers, clock, () => answers.push(Date.now())) }
  }

  it('1,000 different senders at once: one answer, one timer', async () => {
    const { timers, answers, a } = answerer()
    for (let i = 0; i < 1000; i++) a.online(`s${i}`)
    expect(timers.count).toBe(1)
    await jest.advanceTimersByTimeAsync(ANSWER_GAP_MS)
    expect(answers).toHaveLength(1)
  })

  it('one sender repeating itself: answered once per ANSWER_INTERVAL_MS', async () => {
    const { answers, a } = answerer()
    for (let t = 0; t < 2 * ANSWER_INTERVAL_MS; t += 200) {
      a.online('flood')
      await jest.advanceTimersByTimeAsync(200)
    }
    expect(answers).toHaveLength(2)
  })

  it('answers are at least ANSWER_GAP_MS apart whoever asks', async () => {
    const { answers, a } = answerer()
    for (let i = 0; i < 200; i++) {
      a.online(`s${i}`)
      a.offline(`s${i}`)
      await jest.advanceTimersByTimeAsync(100)
    }
    await jest.advanceTimersByTimeAsync(ANSWER_GAP_MS)
    for (let i = 1; i < answers.length; i++) expect(answers[i] - answers[i - 1]).toBeGreaterThanOrEqual(ANSWER_GAP_MS)
    expect(answers.length).toBeLessThanOrEqual(Math.ceil((200 * 100) / ANSWER_GAP_MS) + 1)
  })

  it('someone who said offline is answered again when they come back', async () => {
    const { answers, a } = answerer()
    a.online('b')
    await jest.advanceTimersByTimeAsync(ANSWER_GAP_MS)
    a.offline('b')
    a.online('b')
    await jest.advanceTimersByTimeAsync(ANSWER_GAP_MS)
    expect(answers).toHaveLength(2)
  })
})

describe('Roster', () => {
  it('lists the LOBBY_LIST_CAP heard of most recently, and remembers a bounded number', () => {
    const roster = new Roster(() => Date.now())
    for (let i = 0; i < 1000; i++) {
      roster.heard({ id: `p${i}`, name: `人${i}` })
      jest.advanceTimersByTime(1)
    }
    expect(roster.list()).toHaveLength(LOBBY_LIST_CAP)
    expect(roster.list()[0].id).toBe('p999')
    expect(roster.size).toBeLessThanOrEqual(200)
  })

  it('drops whoever was not heard of or listed by RongCloud within the time to live', () => {
    const roster = new Roster(() => Date.now())
    roster.heard({ id: 'quiet', name: '安静' })
    roster.heard({ id: 'listed', name: '在列' })
    jest.advanceTimersByTime(presenceTtl(30) - 1)
    roster.confirm(['listed'])
    jest.advanceTimersByTime(2)
    expect(roster.expire(presenceTtl(30))).toBe(true)
    expect(roster.list().map((p) => p.id)).toEqual(['listed'])
  })
})

test('a lobby of any size sends at most HEARTBEATS_PER_SECOND heartbeats a second in all', () => {
  for (const n of [21, 100, 1000, 10_000]) expect(n / (heartbeatInterval(n) / 1000)).toBeLessThanOrEqual(HEARTBEATS_PER_SECOND)
})
