/** The profiles the RongCloud adapter has learnt stay bounded (issue 10 item 22). */
import { createProfileBook, PROFILE_BOOK_CAP } from '../../../miniprogram/services/rongcloud/profiles'

test('remembers at most PROFILE_BOOK_CAP people; the ones heard of most recently stay', () => {
  const book = createProfileBook()
  book.remember({ id: 'friend', name: '老朋友' })
  for (let n = 0; n < PROFILE_BOOK_CAP + 500; n++) {
    book.remember({ id: `p${n}`, name: `人${n}` })
    // a friend who keeps writing is heard of again and again
    if (n % 100 === 0) book.remember({ id: 'friend', name: '老朋友' })
  }
  expect(book.size).toBeLessThanOrEqual(PROFILE_BOOK_CAP)
  expect(book.get('friend')?.name).toBe('老朋友')
  expect(book.get(`p${PROFILE_BOOK_CAP + 499}`)?.name).toBe(`人${PROFILE_BOOK_CAP + 499}`)
  expect(book.get('p0')).toBeUndefined()
  expect(book.resolve('p0')).toEqual({ id: 'p0', name: 'p0' })
})
