/** Bad input gets a clear AppError (stable code, Chinese message) and loses nothing. */
import { createDemoNetwork } from '../../miniprogram/services/demo'
import { expectRejects, person, settle, snapshot, texts, type DemoNetwork, type Person } from './people'

let network: DemoNetwork
let host: Person
let audience: Person
let user: Person

beforeEach(async () => {
  network = createDemoNetwork({ latencyMs: 0 })
  host = await person(network, '主播')
  audience = await person(network, '观众')
  user = await person(network, '路人')
  await audience.store.room.join(await host.store.room.create())
  await settle(network)
})
afterEach(() => network.close())

const badRoomNumbers: [string, unknown][] = [
  ['empty', ''],
  ['five digits', '12345'],
  ['seven digits', '1234567'],
  ['leading zero', '012345'],
  ['full-width digits', '１２３４５６'],
  ['inner space', '12 345'],
  ['trailing space', '123456 '],
  ['letters', 'abcdef'],
  ['sign', '+12345'],
  ['a number, not a string', 123456],
  ['null', null],
]

test.each(badRoomNumbers)('join with %s → INVALID_ROOM_NUMBER, nothing changes', async (_name, input) => {
  const before = snapshot(user.store)
  await expectRejects(user.store.room.join(input as string), 'INVALID_ROOM_NUMBER')
  expect(snapshot(user.store)).toEqual(before)
})

test('join a number nobody hosts → ROOM_NOT_FOUND, back in the lobby', async () => {
  const free = host.store.room.id === '987654' ? '987653' : '987654'
  await expectRejects(user.store.room.join(free), 'ROOM_NOT_FOUND')
  await settle(network)
  expect(user.store.room.status).toBe('idle')
  expect(user.store.room.role).toBe('user')
  expect(user.store.room.id).toBeNull()
  expect(user.store.lobby.onlineCount).toBeGreaterThan(0)
})

const badMessages: [string, unknown, string][] = [
  ['empty', '', 'EMPTY_MESSAGE'],
  ['only spaces', '   \n\t ', 'EMPTY_MESSAGE'],
  ['not a string', 42, 'EMPTY_MESSAGE'],
  ['501 characters', 'a'.repeat(501), 'MESSAGE_TOO_LONG'],
  ['501 emoji', '😀'.repeat(501), 'MESSAGE_TOO_LONG'],
  // issue 10 item 18: it used to be sent and show as a blank line
  ['only zero-width characters', '\u200B\u200C\u200D\u2060\uFEFF', 'EMPTY_MESSAGE'],
]

test.each(badMessages)('public message %s → %s, nothing sent or changed', async (_name, input, code) => {
  const before = snapshot(audience.store)
  const hostBefore = texts(host.store)
  await expectRejects(audience.store.room.send(input as string), code)
  await settle(network)
  expect(snapshot(audience.store)).toEqual(before)
  expect(texts(host.store)).toEqual(hostBefore)
})

test.each(badMessages)('private message %s → %s', async (_name, input, code) => {
  await user.store.chat.open(host.profile.id)
  const before = snapshot(user.store)
  await expectRejects(user.store.chat.send(input as string), code)
  expect(snapshot(user.store)).toEqual(before)
})

test('exactly 500 characters is fine, and text is trimmed', async () => {
  await audience.store.room.send(`  ${'好'.repeat(500)}  `)
  await settle(network)
  expect(texts(host.store)).toContain('好'.repeat(500))
})

test('every rejection carries a Chinese message', async () => {
  const errors = await Promise.allSettled([
    user.store.room.join('1'),
    audience.store.room.send(''),
    audience.store.room.mute(host.profile.id),
    user.store.room.send('x'),
  ])
  for (const result of errors) {
    expect(result.status).toBe('rejected')
    const reason = (result as PromiseRejectedResult).reason as Error
    expect(reason.message).toMatch(/[\u4e00-\u9fff]/)
  }
})

test('the host cannot mute themselves or an empty id', async () => {
  await expectRejects(host.store.room.mute(host.profile.id), 'NOT_ALLOWED')
  await expectRejects(host.store.room.mute(''), 'NOT_ALLOWED')
  expect(host.store.room.muted).toEqual([])
})

test('opening a chat with nobody or myself is refused', async () => {
  await expectRejects(user.store.chat.open(''), 'NOT_ALLOWED')
  await expectRejects(user.store.chat.open(user.profile.id), 'NOT_ALLOWED')
  expect(user.store.chat.peer).toBeNull()
})

// issue 10 item 16: a malformed id used to be accepted and made the whole stored list unreadable,
// so late joiners (and a muted person re-joining) saw nobody muted
test.each([
  ['with a space', 'u 1'],
  ['65 characters', 'x'.repeat(65)],
  ['with a newline', 'u1\n'],
  ['non-ASCII', '用户'],
])('the host cannot mute an id %s; late joiners still see who is muted', async (_name, badId) => {
  await host.store.room.mute(audience.profile.id)
  await expectRejects(host.store.room.mute(badId), 'NOT_ALLOWED')
  await expectRejects(host.store.room.unmute(badId), 'NOT_ALLOWED')
  expect(host.store.room.muted).toEqual([audience.profile.id])
  await settle(network)
  await user.store.room.join(host.store.room.id as string)
  await settle(network)
  expect(user.store.room.muted).toEqual([audience.profile.id])
  // re-joining does not lift the mute
  await audience.store.room.leave()
  await audience.store.room.join(host.store.room.id as string)
  await settle(network)
  expect(audience.store.room.canSend).toBe(false)
  await expectRejects(audience.store.room.send('我又能说话了吗'), 'MUTED')
})
