import { MAX_NAME_CHARS, cleanAvatar, cleanName, readProfile, stripInvisible } from '../../src/profile'

describe('names', () => {
  test('trimmed; 1-20 characters counted as code points', () => {
    expect(cleanName('  小明  ')).toBe('小明')
    expect(cleanName('一二三四五六七八九十一二三四五六七八九十')).toHaveLength(20)
    expect(cleanName('一二三四五六七八九十一二三四五六七八九十一')).toBeNull()
    expect(cleanName('😀'.repeat(MAX_NAME_CHARS))).not.toBeNull() // 40 UTF-16 units, 20 characters
    expect(cleanName('😀'.repeat(MAX_NAME_CHARS + 1))).toBeNull()
    expect(cleanName('')).toBeNull()
    expect(cleanName('   ')).toBeNull()
    expect(cleanName(42)).toBeNull()
    expect(cleanName(null)).toBeNull()
  })

  test('bidi controls, zero-width and control characters are removed before counting', () => {
    expect(cleanName('\u202Eadmin\u202C')).toBe('admin')
    expect(cleanName('a\u200Bd\u200Cm\u2060in\uFEFF')).toBe('admin')
    expect(cleanName('\u200B\u200B\u200B')).toBeNull()
    expect(cleanName('小\n明\t')).toBe('小明')
    expect(cleanName('\u2066' + 'x'.repeat(20) + '\u2069')).toBe('x'.repeat(20))
  })

  test('a zero-width joiner stays inside an emoji sequence only', () => {
    const family = '👨\u200D👩\u200D👧'
    expect(stripInvisible(family)).toBe(family)
    expect(stripInvisible('a\u200Db')).toBe('ab')
    expect(stripInvisible('👍🏻\u200D👍')).toBe('👍🏻\u200D👍')
  })
})

describe('avatars', () => {
  test('https URLs only, bounded', () => {
    expect(cleanAvatar('https://thirdwx.qlogo.cn/mmopen/vi_32/abc/132')).toBe('https://thirdwx.qlogo.cn/mmopen/vi_32/abc/132')
    expect(cleanAvatar('http://a.example/p.png')).toBeNull()
    expect(cleanAvatar('javascript:alert(1)')).toBeNull()
    expect(cleanAvatar('https://user:pw@a.example/p.png')).toBeNull()
    expect(cleanAvatar('https://a.example/p q.png')).toBeNull()
    expect(cleanAvatar('https://a.example/' + 'x'.repeat(600))).toBeNull()
    expect(cleanAvatar('')).toBeNull()
  })

  test('profiles read back must already be clean', () => {
    expect(readProfile({ id: 'uA', name: '小明' })).toEqual({ id: 'uA', name: '小明' })
    expect(readProfile({ id: 'uA', name: ' 小明' })).toBeNull()
    expect(readProfile({ id: 'u A', name: '小明' })).toBeNull()
    expect(readProfile({ id: 'uA', name: '小明', avatar: 'http://x' })).toBeNull()
    expect(readProfile([])).toBeNull()
  })
})
