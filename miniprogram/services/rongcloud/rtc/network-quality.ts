/**
 * Network quality from live-pusher / live-player net status, as the plugin's report listener
 * hands it over.
 *
 * Thresholds: WeChat's `netQualityLevel` (0 unknown, 1 best, 2 good, 3 fair, 4 poor, 5 very poor,
 * 6 unusable) maps 1-2 → good, 3 → fair, 4-6 → poor. Older base libraries omit the level; then
 * the jitter decides (netJitter under 40 ms good, under 150 ms fair, else poor) as long as
 * data is moving (netSpeed > 0); no usable field → unknown. With several streams the worst wins,
 * since one frozen picture is what a person notices.
 */
import type { IResourceNetStatus } from '@rongcloud/plugin-wechat-rtc'
import type { NetworkQuality } from '../../types'

const RANK: Record<NetworkQuality, number> = { unknown: 0, good: 1, fair: 2, poor: 3 }

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

/** The fields read; both the plugin's ILivePusherNetStatus and a raw native `info` fit. */
export interface NetStatusFields {
  netQualityLevel?: unknown
  netJitter?: unknown
  netSpeed?: unknown
}

export function qualityOf(info: NetStatusFields | null | undefined): NetworkQuality {
  if (!info) return 'unknown'
  const level = num(info.netQualityLevel)
  if (level !== null && level >= 1 && level <= 6) return level <= 2 ? 'good' : level === 3 ? 'fair' : 'poor'
  const jitter = num(info.netJitter)
  const speed = num(info.netSpeed)
  if (jitter === null || speed === null || speed <= 0) return 'unknown'
  return jitter < 40 ? 'good' : jitter < 150 ? 'fair' : 'poor'
}

export function worstQuality(qualities: readonly NetworkQuality[]): NetworkQuality {
  return qualities.reduce<NetworkQuality>((worst, q) => (RANK[q] > RANK[worst] ? q : worst), 'unknown')
}

/** One report of the plugin (the pusher as `sender`, players as `receiver`), worst stream wins. */
export function qualityOfReport(report: IResourceNetStatus): NetworkQuality {
  const parts: NetworkQuality[] = []
  if (report.sender) parts.push(qualityOf(report.sender))
  for (const info of Object.values(report.receiver ?? {})) parts.push(qualityOf(info))
  return worstQuality(parts)
}
