/** Page query values are decoded without ever throwing (issue 10 item 23). */
import { safeDecode } from '../../miniprogram/utils/query'
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
