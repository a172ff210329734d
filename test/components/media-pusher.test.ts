import * as path from 'path'
import * as simulate from 'miniprogram-simulate'
import type { NativeMediaEvent } from '../../miniprogram/services/types'
import { countTags, dispatchNative, nativeAttrs, nodeIdentity } from './media-helpers'

const ROOT = path.resolve(__dirname, '../../miniprogram')
const TAG = 'wx-live-pusher'

let id = ''
beforeAll(() => {
  // once per file (simulate pitfall 2)
  id = simulate.load(path.join(ROOT, 'components/media-pusher/media-pusher'), { rootPath: ROOT })
})

function render(props: Record<string, unknown>) {
  const comp = simulate.render(id, props)
  comp.attach(document.createElement('parent-wrapper'))
  const events: NativeMediaEvent[] = []
  ;(comp as unknown as { addEventListener(name: string, fn: (e: { detail: NativeMediaEvent }) => void): void }).addEventListener(
    'nativeevent',
    (e) => events.push(e.detail),
  )
  return { comp, events }
}

describe('media-pusher', () => {
  it('renders live-pusher in RTC mode, autopush, with the url and flags from its properties', () => {
    const { comp } = render({ url: 'rtmp://push/1', enableCamera: false, enableMic: true, devicePosition: 'back' })
    const attrs = nativeAttrs(comp, TAG)
    expect(attrs).toMatchObject({
      url: 'rtmp://push/1',
      mode: 'RTC',
      autopush: true,
      enableCamera: false,
      enableMic: true,
      devicePosition: 'back',
    })
  })

  it('defaults: camera and mic on, front camera', () => {
    const { comp } = render({ url: 'rtmp://push/1' })
    expect(nativeAttrs(comp, TAG)).toMatchObject({ enableCamera: true, enableMic: true, devicePosition: 'front' })
  })

  it("is not rendered when url is ''", () => {
    const { comp } = render({ url: '' })
    expect(countTags(comp, TAG)).toBe(0)
  })

  it('follows property changes: mic off, camera switched, url emptied', async () => {
    const { comp } = render({ url: 'rtmp://push/1' })
    comp.setData({ enableMic: false, devicePosition: 'back' })
    await simulate.sleep(0)
    expect(nativeAttrs(comp, TAG)).toMatchObject({ enableMic: false, devicePosition: 'back' })
    comp.setData({ url: '' })
    await simulate.sleep(0)
    expect(countTags(comp, TAG)).toBe(0)
  })

  it('rebuilds the native tag when pusherKey changes, and only then', async () => {
    const { comp } = render({ url: 'rtmp://push/1', pusherKey: 1 })
    const first = nodeIdentity(comp, '.media-pusher')
    expect(first).not.toBeNull()
    comp.setData({ enableMic: false })
    await simulate.sleep(0)
    expect(nodeIdentity(comp, '.media-pusher')).toBe(first)
    comp.setData({ pusherKey: 2 })
    await simulate.sleep(0)
    const second = nodeIdentity(comp, '.media-pusher')
    expect(second).not.toBeNull()
    expect(second).not.toBe(first)
    expect(countTags(comp, TAG)).toBe(1)
    expect(nativeAttrs(comp, TAG)).toMatchObject({ url: 'rtmp://push/1', enableMic: false })
  })

  it('forwards statechange, netstatus and error as one media event with a NativeMediaEvent', async () => {
    const { comp, events } = render({ url: 'rtmp://push/1' })
    await dispatchNative(comp, '.media-pusher', 'statechange', { code: -1307, message: '网络断连' })
    await dispatchNative(comp, '.media-pusher', 'netstatus', { info: { netSpeed: 320, netQualityLevel: 2 } })
    await dispatchNative(comp, '.media-pusher', 'error', { errCode: 10001, errMsg: 'camera denied' })
    await dispatchNative(comp, '.media-pusher', 'statechange', { code: '5000' })
    expect(events).toEqual([
      { source: 'pusher', kind: 'state', code: -1307, message: '网络断连' },
      { source: 'pusher', kind: 'net', info: { netSpeed: 320, netQualityLevel: 2 } },
      { source: 'pusher', kind: 'error', code: 10001, message: 'camera denied' },
      { source: 'pusher', kind: 'state', code: 5000, message: undefined },
    ])
  })

  it('drops a native event without a usable code', async () => {
    const { comp, events } = render({ url: 'rtmp://push/1' })
    await dispatchNative(comp, '.media-pusher', 'statechange', { message: 'no code' })
    await dispatchNative(comp, '.media-pusher', 'netstatus', {})
    expect(events).toEqual([])
  })

  it('restart() stops and starts the native pusher through its context', () => {
    const stop = jest.fn((o: { complete?: () => void }) => o.complete?.())
    const start = jest.fn()
    const w = wx as unknown as Record<string, unknown>
    const original = w.createLivePusherContext
    w.createLivePusherContext = () => ({ stop, start })
    try {
      const { comp } = render({ url: 'rtmp://push/1' })
      ;(comp.instance as unknown as { restart(): void }).restart()
      expect(stop).toHaveBeenCalledTimes(1)
      expect(start).toHaveBeenCalledTimes(1)
    } finally {
      w.createLivePusherContext = original
    }
  })

  it('preview: the camera shows, nothing is pushed (no URL, no autopush), startPreview is called; leaving stops it', async () => {
    const startPreview = jest.fn()
    const stopPreview = jest.fn()
    const w = wx as unknown as Record<string, unknown>
    const original = w.createLivePusherContext
    w.createLivePusherContext = () => ({ startPreview, stopPreview })
    try {
      const { comp } = render({ preview: true, url: 'rtmp://demo.invalid/push/1', beauty: 6, whiteness: 3, devicePosition: 'back' })
      await simulate.sleep(0)
      expect(countTags(comp, TAG)).toBe(1)
      expect(nativeAttrs(comp, TAG)).toMatchObject({ url: '', autopush: false, beauty: 6, whiteness: 3, devicePosition: 'back' })
      expect(startPreview).toHaveBeenCalledTimes(1)
      comp.detach()
      expect(stopPreview).toHaveBeenCalledTimes(1)
    } finally {
      w.createLivePusherContext = original
    }
  })

  it('preview needs no URL; leaving preview for a real push starts pushing on a new native tag', async () => {
    const w = wx as unknown as Record<string, unknown>
    const original = w.createLivePusherContext
    w.createLivePusherContext = () => ({ startPreview: jest.fn(), stopPreview: jest.fn() })
    try {
      const { comp } = render({ preview: true })
      await simulate.sleep(0)
      const previewing = nodeIdentity(comp, '.media-pusher')
      expect(previewing).not.toBeNull()
      comp.setData({ preview: false, url: 'rtmp://push/1' })
      await simulate.sleep(0)
      expect(nativeAttrs(comp, TAG)).toMatchObject({ url: 'rtmp://push/1', autopush: true })
      expect(nodeIdentity(comp, '.media-pusher')).not.toBe(previewing)
    } finally {
      w.createLivePusherContext = original
    }
  })
})
