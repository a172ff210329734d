import { loadProfile, saveProfile, updateProfile } from '../../miniprogram/platform/profile'
import { badgeText, formatChatTime, initial } from '../../miniprogram/utils/format'
import { roomNumberFromScan } from '../../miniprogram/utils/scan'
import { memberCountLabel } from '../../miniprogram/pages/room/room-view'
import { liveCardsOf, onlineOf } from '../../miniprogram/pages/lobby/lobby-view'
import type { Store } from '../../miniprogram/stores/types'

describe('roomNumberFromScan', () => {
  test.each([
    [{ result: '', path: 'pages/room/room?roomId=123456' }, '123456'],
    [{ result: '', path: 'pages/room/room?scene=roomId%3D234567' }, '234567'],
    [{ result: 'https://example.com/live?from=x&roomId=345678' }, '345678'],
    [{ result: '456789' }, '456789'],
    // handed to the store as found: the store's validation decides (and words the error)
    [{ result: '12 345' }, null],
    [{ result: 'abcdef' }, 'abcdef'],
    [{ result: 'https://example.com/?x=1' }, null],
    [{ result: '' }, null],
  ])('%j → %j', (scanned, expected) => {
    expect(roomNumberFromScan(scanned)).toBe(expected)
  })
})

describe('formatChatTime', () => {
  const now = new Date(2026, 10, 26, 15, 30).getTime()
  test('today: the clock time', () => {
    expect(formatChatTime(new Date(2026, 10, 26, 9, 5).getTime(), now)).toBe('09:05')
  })
  test('yesterday', () => {
    expect(formatChatTime(new Date(2026, 10, 25, 23, 59).getTime(), now)).toBe('昨天 23:59')
  })
  test('earlier: month and day', () => {
    expect(formatChatTime(new Date(2026, 9, 3, 8, 0).getTime(), now)).toBe('10月3日 08:00')
  })
})

test('badgeText and initial', () => {
  expect(badgeText(0)).toBe('')
  expect(badgeText(7)).toBe('7')
  expect(badgeText(100)).toBe('99+')
  expect(initial('  小王')).toBe('小')
  expect(initial('amy')).toBe('A')
  expect(initial('')).toBe('?')
})

describe('profile', () => {
  beforeEach(() => wx.clearStorageSync())

  test('the first load makes a stable random id and a guest name, and remembers them', () => {
    const first = loadProfile()
    expect(first.id).toMatch(/^u[0-9a-z]+$/)
    expect(first.name).toMatch(/^访客[0-9A-Z]{4}$/)
    expect(loadProfile()).toEqual(first)
  })

  test('updates keep the id; names are trimmed and cut to 20 characters; empty falls back to the guest name', () => {
    const { id } = loadProfile()
    const avatar = 'https://api.example.com/v1/avatars/ab.png'
    expect(updateProfile({ name: '  小王  ', avatar })).toEqual({ id, name: '小王', avatar })
    expect(updateProfile({ name: '长'.repeat(30) }).name).toBe('长'.repeat(20))
    expect(updateProfile({ name: '   ' }).name).toMatch(/^访客/)
    expect(loadProfile().avatar).toBe(avatar)
  })

  test('a local picture (chooseAvatar’s temporary path) is never remembered as the avatar; one an older version stored is dropped', () => {
    const { id } = loadProfile()
    // issue 13: no other phone can load these, and our server refuses them at login
    for (const local of ['wxfile://tmp_a.jpg', 'http://tmp/b.jpeg', '/tmp/c.png']) {
      expect(updateProfile({ avatar: local }).avatar).toBeUndefined()
      expect(loadProfile().avatar).toBeUndefined()
    }
    wx.setStorageSync('live-rooms.profile.v1', { id, name: '老版本', avatar: 'wxfile://tmp_old.jpg' })
    expect(loadProfile()).toEqual({ id, name: '老版本' })
    expect(wx.getStorageSync('live-rooms.profile.v1')).toEqual({ id, name: '老版本' })
  })

  test('garbage in storage is replaced by a fresh profile', () => {
    wx.setStorageSync('live-rooms.profile.v1', { id: 42 })
    expect(typeof loadProfile().id).toBe('string')
    saveProfile({ id: 'u1', name: '' })
    expect(loadProfile().name).toMatch(/^访客/)
  })
})

describe('room member count label', () => {
  it('says whom the count includes, and how many of them the list shows', () => {
    expect(memberCountLabel(5, 5, false)).toBe('5 人（含主播和你）')
    expect(memberCountLabel(5, 5, true)).toBe('5 人（含你）')
    expect(memberCountLabel(12, 9, false)).toBe('12 人（含主播和你，显示其中 9 位）')
  })
})

describe('lobby views', () => {
  const storeWith = (lobby: Partial<Store['lobby']>) => ({ lobby: { onlineCount: 0, users: [], rooms: [], ...lobby } }) as unknown as Store

  it('the online count includes me and says so; a shorter list says how many it shows', () => {
    const users = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `u${i}`, name: `人${i}` }))
    expect(onlineOf(storeWith({ onlineCount: 3, users: users(2) }))).toEqual({ count: '3 人在线（含我）', note: '' })
    expect(onlineOf(storeWith({ onlineCount: 1, users: [] }))).toEqual({ count: '1 人在线（含我）', note: '' })
    expect(onlineOf(storeWith({ onlineCount: 25, users: users(20) }))).toEqual({ count: '25 人在线（含我）', note: '列出其中 20 位' })
  })

  it('live cards: a title or the host’s name, viewers when known, how long it has been live', () => {
    const now = 1_000_000_000
    const host = { id: 'h', name: '大卫' }
    const cards = liveCardsOf(
      storeWith({
        rooms: [
          { roomId: '123456', host, title: '夜聊', since: now - 15 * 60_000, viewers: 12_345 },
          { roomId: '234567', host, since: now - 10_000, viewers: 0 },
          { roomId: '345678', host, since: now - 2 * 3600_000 },
        ],
      }),
      now,
    )
    expect(cards.map((c) => [c.title, c.viewers, c.liveFor])).toEqual([
      ['夜聊', '1.2万 人在看', '已播 15 分钟'],
      ['大卫的直播间', '暂无观众', '刚刚开播'],
      ['大卫的直播间', '', '已播 2 小时'],
    ])
    expect(cards[0].label).toBe('大卫正在直播：夜聊，1.2万 人在看，已播 15 分钟，房间号 123456')
  })
})
