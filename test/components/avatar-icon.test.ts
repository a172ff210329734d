/** components/avatar (a colour per user id) and components/ui-icon (one icon set, painted as a mask). */
import * as path from 'path'
import * as simulate from 'miniprogram-simulate'
import { ICON_NAMES, iconUri } from '../../miniprogram/components/ui-icon/icons'
import { hueOf } from '../../miniprogram/utils/format'

const ROOT = path.resolve(__dirname, '../../miniprogram')

let avatarId = ''
let iconId = ''
beforeAll(() => {
  avatarId = simulate.load(path.join(ROOT, 'components/avatar/avatar'), { rootPath: ROOT })
  iconId = simulate.load(path.join(ROOT, 'components/ui-icon/ui-icon'), { rootPath: ROOT })
})

function render(id: string, props: Record<string, unknown>) {
  const comp = simulate.render(id, props)
  comp.attach(document.createElement('parent-wrapper'))
  return comp
}

test('a letter avatar takes its hue from the user id: the same person looks the same everywhere', async () => {
  const a = render(avatarId, { name: '隔壁老王', uid: 'u-wang' })
  const b = render(avatarId, { name: '老王（改了名）', uid: 'u-wang' })
  await simulate.sleep(0)
  expect(a.data.letter).toBe('隔')
  expect(a.data.hue).toBe(hueOf('u-wang'))
  expect(b.data.hue).toBe(a.data.hue)
  expect(a.querySelector('.avatar')?.dom?.getAttribute('style')).toContain(`--avatar-h: ${hueOf('u-wang')}`)
  // no id: the name decides
  const c = render(avatarId, { name: '小林' })
  await simulate.sleep(0)
  expect(c.data.hue).toBe(hueOf('小林'))
})

test('every icon is a small SVG data URI that fits inside a single-quoted url(); an unknown name draws nothing', async () => {
  expect(ICON_NAMES.length).toBeGreaterThanOrEqual(20)
  for (const name of ICON_NAMES) {
    const uri = iconUri(name)
    expect(uri.startsWith('data:image/svg+xml,')).toBe(true)
    expect(uri).not.toContain("'")
    expect(decodeURIComponent(uri.slice('data:image/svg+xml,'.length))).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 24 24".*<\/svg>$/)
    expect(uri.length).toBeLessThan(1500)
  }
  expect(iconUri('no-such-icon')).toBe('')
  const icon = render(iconId, { name: 'heart', size: 48 })
  await simulate.sleep(0)
  const style = icon.querySelector('.ui-icon')?.dom?.getAttribute('style') ?? ''
  expect(style).toContain('mask-image: url(\'data:image/svg+xml,')
  expect(style).toMatch(/width: 48(rpx|px)/) // simulate writes rpx as px 1:1
})

test('a picture that does not load (pending check: 404) falls back to the letter; a new picture is tried again', async () => {
  const a = render(avatarId, { name: '小林', uid: 'u-lin', src: 'https://api.example.com/v1/avatars/pending.png' })
  await simulate.sleep(0)
  expect(a.querySelector('.avatar__img')).toBeDefined()
  a.querySelector('.avatar__img')?.dispatchEvent('error', { detail: { errMsg: 'GET 404' } })
  await simulate.sleep(0)
  expect(a.querySelector('.avatar__img')).toBeUndefined()
  expect(a.querySelector('.avatar__letter')?.dom?.textContent).toBe('小')
  a.setData({ src: 'https://api.example.com/v1/avatars/other.png' })
  await simulate.sleep(0)
  expect(a.querySelector('.avatar__img')).toBeDefined()
})
