/**
 * The demo network's stand-in for content safety (server/README.md "Content safety"): a small
 * word list instead of WeChat's msgSecCheck, used where our server checks text.
 * - Chat (RongCloud's message callback answering `pass: 0`): a message with a listed word is taken
 *   (the send resolves with its id and counts toward the rate limit) but stored for nobody and
 *   delivered to nobody; the sender hears of it afterwards as RongCloud's MESSAGE_BLOCKED would
 *   tell it (Server.refuses, the 'blocked' push).
 * - Nicknames (PUT /v1/profile, login): 422 CONTENT_REJECTED 「昵称含有不当内容，请修改」
 *   (backend-client.ts).
 * Try it in demo mode: send 「违禁词」 in a room or a private chat, or take it as a nickname.
 */
import { AppError } from '../../core/errors'

/** What the demo refuses; matched as substrings, case-insensitively. */
export const DEMO_BLOCKED_WORDS: readonly string[] = ['违禁词', '代开发票', '赌博网站', 'forbidden-word']

export function hasBlockedWord(text: string): boolean {
  const lower = text.toLowerCase()
  return DEMO_BLOCKED_WORDS.some((word) => lower.includes(word.toLowerCase()))
}

/** The server's answer to a refused nickname (server/src/moderation/public-text.ts). */
export function nameRejected(): AppError {
  return new AppError('CONTENT_REJECTED', '昵称含有不当内容，请修改')
}
