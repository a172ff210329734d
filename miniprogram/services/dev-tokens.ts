/**
 * Dev tokens (config tokenSource `dev-tokens`) are RongCloud tokens copied from the console into
 * config.ts. They ship inside the package and the app picks one by a storage key
 * (services/rongcloud/token-source.ts), so anyone holding the package can sign in as any listed
 * person and read their private chats. Fine in DevTools; never on phones: `npm run preview`
 * refuses to run while the config holds any (scripts/lib/dev-token-guard.js reads this file), and
 * the app marks itself 「开发令牌」 while it runs on them.
 */
import type { AppConfig } from '../config-types'
import { serviceMode } from './mode'

/** The user ids whose tokens the config holds ('' for an entry without one); empty when none. */
export function devTokenUsers(config: AppConfig): string[] {
  const source = config.rongcloud.tokenSource
  if (source.type !== 'dev-tokens') return []
  return source.tokens.filter((t) => typeof t.token === 'string' && t.token.trim()).map((t) => (typeof t.userId === 'string' ? t.userId : ''))
}

/** The app signs in with a dev token: RongCloud is configured and its tokens come from config. */
export function runsOnDevTokens(config: AppConfig): boolean {
  return serviceMode(config) === 'rongcloud' && config.rongcloud.tokenSource.type === 'dev-tokens'
}
