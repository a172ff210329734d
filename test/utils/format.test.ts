import { countText, hueOf, liveForText } from '../../miniprogram/utils/format'

test('hueOf: the same id always gives the same hue, ids spread over the circle', () => {
  expect(hueOf('u-wang')).toBe(hueOf('u-wang'))
  const hues = new Set(Array.from({ length: 200 }, (_, i) => Math.floor(hueOf(`user-${i}`) / 30)))
  expect(hues.size).toBe(12)
  for (const id of ['', 'a', '隔壁老王', 'x'.repeat(64)]) {
    expect(hueOf(id)).toBeGreaterThanOrEqual(0)
    expect(hueOf(id)).toBeLessThan(360)
  }
})

test('countText', () => {
  expect(countText(0)).toBe('0')
  expect(countText(9999)).toBe('9999')
  expect(countText(10000)).toBe('1万')
  expect(countText(12_345)).toBe('1.2万')
  expect(countText(99_999_999)).toBe('9999.9万')
  expect(countText(340_000_000)).toBe('3.4亿')
  expect(countText(-1)).toBe('0')
  expect(countText(Number.NaN)).toBe('0')
})

test('liveForText', () => {
  const now = 10_000_000
  expect(liveForText(now - 30_000, now)).toBe('刚刚开播')
  expect(liveForText(now - 12 * 60_000, now)).toBe('已播 12 分钟')
  expect(liveForText(now - 60 * 60_000, now)).toBe('已播 1 小时')
  expect(liveForText(now - 65 * 60_000, now)).toBe('已播 1 小时 5 分钟')
  expect(liveForText(now + 60_000, now)).toBe('刚刚开播')
})
