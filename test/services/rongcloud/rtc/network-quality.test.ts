import { qualityOf } from '../../../../miniprogram/services/rongcloud/rtc'
import { worstQuality } from '../../../../miniprogram/services/rongcloud/rtc/network-quality'

describe('network quality thresholds', () => {
  it.each([
    [1, 'good'],
    [2, 'good'],
    [3, 'fair'],
    [4, 'poor'],
    [5, 'poor'],
    [6, 'poor'],
  ])('netQualityLevel %i → %s', (level, quality) => {
    expect(qualityOf({ netQualityLevel: level, netJitter: 500, netSpeed: 0 })).toBe(quality)
  })

  it.each([
    [{ netJitter: 10, netSpeed: 300 }, 'good'],
    [{ netJitter: 39, netSpeed: 300 }, 'good'],
    [{ netJitter: 40, netSpeed: 300 }, 'fair'],
    [{ netJitter: 149, netSpeed: 300 }, 'fair'],
    [{ netJitter: 150, netSpeed: 300 }, 'poor'],
    [{ netQualityLevel: 0, netJitter: 10, netSpeed: 300 }, 'good'],
    [{ netJitter: 10, netSpeed: 0 }, 'unknown'],
    [{ netQualityLevel: 'x' }, 'unknown'],
    [{}, 'unknown'],
  ])('without a level, jitter decides while data moves: %j → %s', (info, quality) => {
    expect(qualityOf(info)).toBe(quality)
  })

  it('null is unknown; the worst of several wins', () => {
    expect(qualityOf(null)).toBe('unknown')
    expect(worstQuality(['good', 'poor', 'fair'])).toBe('poor')
    expect(worstQuality(['unknown', 'fair'])).toBe('fair')
    expect(worstQuality([])).toBe('unknown')
  })
})
