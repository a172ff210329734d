/**
 * Nicknames and room titles: shown to everyone and kept (RongCloud's user record, signed claims
 * and listings), so they are checked before they are accepted and the check FAILS CLOSED:
 * - `risky` or `review` → 422 CONTENT_REJECTED (a doubt is enough for something this public);
 * - WeChat cannot answer within 3 s, or answers an error → 502 NETWORK, nothing is changed.
 * Why closed: a name is set rarely and retrying costs the person a tap, while an unchecked name
 * would be shown in every room and message for as long as it stays. And when WeChat's content
 * check is down, its login API (same host, same platform) mostly is too, so failing open would
 * buy little availability. Verdicts are cached (src/moderation/text-checker.ts), so a returning
 * person's unchanged name costs no call at all on an instance that has seen it.
 */
import type { FastifyBaseLogger } from 'fastify'
import { ApiError } from '../errors'
import type { Trace } from '../upstream/http'
import { SCENE, WeChatError } from '../upstream/wechat'
import type { TextChecker } from './text-checker'

export const FAIL_CLOSED_BUDGET_MS = 3000

const REJECTED = {
  name: '昵称含有不当内容，请修改',
  title: '标题含有不当内容，请修改',
} as const

const UNAVAILABLE = {
  name: '暂时无法检查昵称，请稍后重试',
  title: '暂时无法检查标题，请稍后重试',
} as const

export async function checkPublicText(
  checker: TextChecker,
  log: FastifyBaseLogger,
  openid: string,
  text: string,
  what: 'name' | 'title',
  trace?: Trace,
): Promise<void> {
  const outcome = await checker.checkWithin(openid, SCENE.PROFILE, text, FAIL_CLOSED_BUDGET_MS, trace)
  if (outcome.kind === 'verdict') {
    if (outcome.suggest === 'pass') return
    log.info({ event: `${what}_rejected`, suggest: outcome.suggest, label: outcome.label }, `${what} rejected by the content check`)
    throw new ApiError('CONTENT_REJECTED', REJECTED[what])
  }
  const errcode = outcome.kind === 'error' && outcome.error instanceof WeChatError ? outcome.error.errcode : undefined
  log.warn({ event: 'content_check_unavailable', what, reason: outcome.kind, errcode }, `${what} not accepted: the content check did not answer`)
  throw new ApiError('NETWORK', UNAVAILABLE[what])
}
