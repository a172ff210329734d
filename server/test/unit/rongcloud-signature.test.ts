import { encodeForm, rongCloudSignature } from '../../src/upstream/rongcloud'

describe('RongCloud request signing', () => {
  test("the documented example: sha1(secret + nonce + timestamp)", () => {
    // https://docs.rongcloud.cn/im/server/signature/
    expect(rongCloudSignature('Y1W2MeFwwwRxa0', '14314', '1408710653000')).toBe('30be0bbca9c9b2e27578701e9fda2358a814c88f')
  })

  test('form bodies repeat a key for each value and skip absent ones', () => {
    expect(encodeForm({ chatroomId: 'room-1', userId: ['a', 'b'], minute: 5, needNotify: true, extra: undefined })).toBe(
      'chatroomId=room-1&userId=a&userId=b&minute=5&needNotify=true',
    )
    expect(encodeForm({ name: '小 明&' })).toBe('name=%E5%B0%8F+%E6%98%8E%26')
  })
})
