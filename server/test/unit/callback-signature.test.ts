import { callbackSignature, readSignedQuery, signatureTimeMs, textsToCheck, verifySignature } from '../../src/moderation/rongcloud-callback'
import { aesKeyOf, decryptPush, encryptPush, pushSignature, verifyMessageSignature, verifyPushSignature } from '../../src/upstream/wechat-push'

const SECRET = 'Y1W2MeFwwwRxa0'

test("RongCloud's callback signature: sha1(AppSecret + nonce + timestamp), the same formula as its API signature", () => {
  // the documented API example (https://docs.rongcloud.cn/im/server/signature/)
  expect(callbackSignature(SECRET, '14314', '1408710653000')).toBe('30be0bbca9c9b2e27578701e9fda2358a814c88f')
  const now = 1408710653000
  const good = { nonce: '14314', timestamp: '1408710653000', signature: '30be0bbca9c9b2e27578701e9fda2358a814c88f' }
  expect(verifySignature(SECRET, good, now)).toBeNull()
  expect(verifySignature(SECRET, { ...good, signature: good.signature.toUpperCase() }, now)).toBeNull()
  expect(verifySignature(SECRET, null, now)).toBe('missing')
  expect(verifySignature(SECRET, good, now + 6 * 60_000)).toBe('stale')
  expect(verifySignature(SECRET, { ...good, nonce: '14315' }, now)).toBe('mismatch')
  expect(verifySignature('other', good, now)).toBe('mismatch')
  // the three spellings of the query, and seconds in the older one
  expect(readSignedQuery({ nonce: 'a', signTimestamp: '1', signature: 'b' })).toEqual({ nonce: 'a', timestamp: '1', signature: 'b' })
  expect(readSignedQuery({ 'rc-nonce': 'a', 'rc-timestamp': '2', 'rc-signature': 'b' })).toEqual({ nonce: 'a', timestamp: '2', signature: 'b' })
  expect(readSignedQuery({ nonce: 'a', timestamp: '3', signature: 'b' })).toEqual({ nonce: 'a', timestamp: '3', signature: 'b' })
  expect(readSignedQuery({ nonce: 'a', signature: 'b' })).toBeNull()
  expect(signatureTimeMs('1408710653')).toBe(1408710653000)
  expect(signatureTimeMs('x')).toBeNull()
})

test('what gets checked in a message', () => {
  const text = JSON.stringify({ content: ' 你好 ', user: { id: 'u1', name: '小明' } })
  expect(textsToCheck('RC:TxtMsg', text)).toEqual([
    { scene: 2, text: '你好', field: 'text' },
    { scene: 1, text: '小明', field: 'name' },
  ])
  const presence = JSON.stringify({ data: JSON.stringify({ v: 1, type: 'presence', state: 'here', profile: { id: 'u1', name: '坏名字' } }) })
  expect(textsToCheck('App:Signal', presence)).toEqual([{ scene: 1, text: '坏名字', field: 'name' }])
  expect(textsToCheck('App:Signal', JSON.stringify({ data: JSON.stringify({ v: 1, type: 'mute', userId: 'u2' }) }))).toEqual([])
  expect(textsToCheck('RC:ImgMsg', JSON.stringify({ content: 'base64…' }))).toEqual([])
  expect(textsToCheck('RC:TxtMsg', 'not json')).toEqual([])
})

test("WeChat's push signature and safe-mode encryption round-trip", () => {
  const token = 'pushToken123'
  const q = { timestamp: '1700000000', nonce: '42' }
  expect(verifyPushSignature(token, { ...q, signature: pushSignature([token, q.timestamp, q.nonce]) })).toBe(true)
  expect(verifyPushSignature(token, { ...q, signature: pushSignature(['other', q.timestamp, q.nonce]) })).toBe(false)
  expect(verifyPushSignature(token, q)).toBe(false)
  const key = aesKeyOf('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG')!
  expect(key).toHaveLength(32)
  expect(aesKeyOf('short')).toBeNull()
  const message = JSON.stringify({ Event: 'wxa_media_check', trace_id: 't1', result: { suggest: 'pass' } })
  const encrypt = encryptPush(key, message, 'wxAPPID')
  expect(decryptPush(key, encrypt, 'wxAPPID')).toBe(message)
  expect(decryptPush(key, encrypt, 'wxOTHER')).toBeNull()
  expect(decryptPush(key, 'AAAA', 'wxAPPID')).toBeNull()
  expect(verifyMessageSignature(token, { ...q, msg_signature: pushSignature([token, q.timestamp, q.nonce, encrypt]) }, encrypt)).toBe(true)
  expect(verifyMessageSignature(token, { ...q, msg_signature: pushSignature([token, q.timestamp, q.nonce, 'x']) }, encrypt)).toBe(false)
})
