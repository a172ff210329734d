/** Chatroom KV limits as the RongCloud SDK and server apply them (see services/demo/entry-limits.ts). */
import { AppError } from '../../../miniprogram/core/errors'
import { CREATE, claimOf, fails, network, ok, signedIn } from './helpers'

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

async function inRoom() {
  const net = network()
  const a = await signedIn(net, 'a')
  await ok(a.rts.createRoom('123456', claimOf('a')), CREATE)
  return { net, a }
}

describe('demo network: room entry limits', () => {
  it('keys: 1-128 of [A-Za-z0-9_=+-]', async () => {
    const { a } = await inRoom()
    await ok(a.rts.setRoomEntry('Az09_=+-', 'x'))
    await ok(a.rts.setRoomEntry('k'.repeat(128), 'x'))
    for (const key of ['k'.repeat(129), '', 'm-a b', 'm-wx|123', 'm-user:1', 'm-名字', 'a.b', 'a/b']) {
      const error = await fails(a.rts.setRoomEntry(key, 'x'), 'NOT_ALLOWED')
      expect(error.message).toMatch(/属性名/)
    }
    await fails(a.rts.removeRoomEntry('m-wx|123'), 'NOT_ALLOWED')
  })

  it('values: 1-4096 characters', async () => {
    const { a } = await inRoom()
    await ok(a.rts.setRoomEntry('big', 'x'.repeat(4096)))
    await fails(a.rts.setRoomEntry('big', 'x'.repeat(4097)), 'NOT_ALLOWED')
    const empty = await fails(a.rts.setRoomEntry('empty', ''), 'NOT_ALLOWED')
    expect(empty.message).toMatch(/1-4096/)
  })

  it('at most 100 keys per chatroom, whoever wrote them; changing an existing key is still allowed', async () => {
    const { net, a } = await inRoom()
    const b = await signedIn(net, 'b')
    await ok(b.rts.joinRoom('123456'))
    // the claim is one key already
    for (let i = 1; i < 60; i++) await ok(a.rts.setRoomEntry(`a${i}`, 'x'))
    for (let i = 0; i < 40; i++) await ok(b.rts.setRoomEntry(`b${i}`, 'x'))
    const error = await fails(b.rts.setRoomEntry('b40', 'x'), 'NOT_ALLOWED')
    expect(error.message).toMatch(/100/)
    await ok(a.rts.setRoomEntry('a1', 'changed'))
    await ok(a.rts.removeRoomEntry('a1'))
    await ok(b.rts.setRoomEntry('b40', 'x'))
  })

  it('a refused entry is an AppError with a Chinese message, never NETWORK, and nothing is stored', async () => {
    const { net, a } = await inRoom()
    const error = await fails(a.rts.setRoomEntry('bad key', 'x'), 'NOT_ALLOWED')
    expect(error).toBeInstanceOf(AppError)
    expect(error.code).not.toBe('NETWORK')
    expect(error.message).toMatch(/[\u4e00-\u9fff]/)
    const b = await signedIn(net, 'b')
    expect((await ok(b.rts.joinRoom('123456'))).entries).toEqual({ host: 'claim-a' })
  })
})
