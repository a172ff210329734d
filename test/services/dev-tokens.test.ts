/** Which configs hold dev tokens and when the app runs on them (issue 10 item 27). */
import type { AppConfig } from '../../miniprogram/config-types'
import { devTokenUsers, runsOnDevTokens } from '../../miniprogram/services/dev-tokens'

const devTokens = (appKey: string, tokens: { userId: string; token: string }[]): AppConfig => ({
  rongcloud: { appKey, tokenSource: { type: 'dev-tokens', tokens } },
})
const endpoint: AppConfig = { rongcloud: { appKey: 'k', tokenSource: { type: 'backend' } }, backend: { url: 'https://example.com', publicKey: 'x' } }

test('the accounts whose tokens ship; an entry without a token ships nothing', () => {
  expect(devTokenUsers(devTokens('k', [{ userId: 'a', token: 't' }, { userId: 'b', token: ' ' }, { userId: '', token: 't2' }]))).toEqual(['a', ''])
  expect(devTokenUsers(devTokens('', [{ userId: 'a', token: 't' }]))).toEqual(['a'])
  expect(devTokenUsers(endpoint)).toEqual([])
})

test('the app runs on them only with an AppKey (without one it is the demo network)', () => {
  expect(runsOnDevTokens(devTokens('k', [{ userId: 'a', token: 't' }]))).toBe(true)
  expect(runsOnDevTokens(devTokens('', [{ userId: 'a', token: 't' }]))).toBe(false)
  expect(runsOnDevTokens(endpoint)).toBe(false)
})
