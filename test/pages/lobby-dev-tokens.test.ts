/**
 * Running on dev tokens shows (issue 10 item 27): a 「开发令牌」 mark in the lobby's header. Here
 * config.ts says RongCloud with dev tokens; the store still runs on the demo network.
 */
import { exists, text } from '../harness/dom'
import { loadPages, mockWx, newNetwork, openPage, signedInPerson } from '../harness/app'

jest.mock('../../miniprogram/config', () => ({
  config: {
    rongcloud: { appKey: 'abc123', tokenSource: { type: 'dev-tokens', tokens: [{ userId: 'alice', token: 'tok-a' }] } },
  },
}))

beforeAll(() => {
  loadPages()
})

test('the lobby header carries the 开发令牌 mark', async () => {
  mockWx()
  const network = newNetwork()
  const person = await signedInPerson(network, { id: 'alice', name: '小爱' })
  const page = openPage('lobby', person.store)
  expect(exists(page, '.dev-token-mark')).toBe(true)
  expect(text(page, '.dev-token-mark')).toBe('开发令牌')
  expect(exists(page, '.demo-mark')).toBe(false)
  page.detach()
  person.store.dispose()
  network.close()
})
