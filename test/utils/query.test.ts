/** Page query values are decoded without ever throwing (issue 10 item 23). */
import { roomIdFromScene, safeDecode } from '../../miniprogram/utils/query'
import { roomNumberFromScan } from '../../miniprogram/utils/scan'

test.each<[string, string | null]>([
  ['123456', '123456'],
  ['%E4%BD%A0%E5%A5%BD', '你好'],
  ['roomId%3D123456', 'roomId=123456'],
  ['12%', null],
  ['%', null],
  ['%E4%BD', null],
  ['%ZZ', null],
  ['', ''],
])('safeDecode(%p) → %p', (input, expected) => {
  expect(safeDecode(input)).toBe(expected)
})

test('a scanned code with a malformed escape is read as it is (the store then judges the number)', () => {
  expect(roomNumberFromScan({ result: '12345%' })).toBe('12345%')
  expect(roomNumberFromScan({ path: 'pages/room/room?roomId=123456&x=%' })).toBe('123456')
})

describe('roomIdFromScene: our mini-program code’s scene (r=<room>), as onLoad gets it', () => {
  test.each<[string, string | null]>([
    ['r%3D123456', '123456'],
    ['r=123456', '123456'],
    ['roomId%3D234567', '234567'],
    ['x%3D1%26r%3D345678', '345678'],
    // the store judges the number itself (a leading 0 is INVALID_ROOM_NUMBER there)
    ['r%3D012345', '012345'],
    ['r%3D12%', null],
    ['r%3D', null],
    ['r%3Dabc', null],
    ['x%3D123456', null],
    ['123456', null],
    ['', null],
  ])('%p → %p', (scene, expected) => {
    expect(roomIdFromScene(scene)).toBe(expected)
  })
})

describe('roomNumberFromScan: the in-app scanner takes our code’s path as well as a number', () => {
  test.each<[{ result?: string; path?: string }, string | null]>([
    [{ result: '', path: 'pages/room/room?scene=r%3D123456' }, '123456'],
    [{ result: '', path: '/pages/room/room?scene=r%3D123456' }, '123456'],
    // encoded twice on its way: still read
    [{ result: '', path: 'pages/room/room?scene=r%253D123456' }, '123456'],
    [{ result: '*ZCN2u8xP', path: 'pages/room/room?scene=r=654321' }, '654321'],
    [{ result: '123456' }, '123456'],
    [{ result: ' 234567 ' }, '234567'],
    [{ path: 'pages/room/room?roomId=345678' }, '345678'],
  ])('%j → %p', (scanned, expected) => {
    expect(roomNumberFromScan(scanned)).toBe(expected)
  })
})
