import * as path from 'path'
import * as simulate from 'miniprogram-simulate'
import type { NativeMediaEvent } from '../../../../miniprogram/services/types'
import { countTags, dispatchNative, nativeAttrs, nodeIdentity } from '../../../components/media-helpers'

const ROOT = path.resolve(__dirname, '../../../../miniprogram')
const TAG = 'wx-live-player'

let id = ''
beforeAll(() => {
  id = simulate.load(path.join(ROOT, 'pages/room/components/media-player/media-player'), { rootPath: ROOT })
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

describe('media-player', () => {
  it('renders live-player in RTC mode with autoplay, low-latency cache and the src', () => {
    const { comp } = render({ streamId: 'host_RongCloudRTC', url: 'rtmp://play/1' })
    expect(nativeAttrs(comp, TAG)).toMatchObject({
      src: 'rtmp://play/1',
      mode: 'RTC',
      autoplay: true,
      minCache: '0.2',
      maxCache: '0.8',
    })
  })

  it("is not rendered when url is ''", async () => {
    const { comp } = render({ streamId: 'host_RongCloudRTC', url: '' })
    expect(countTags(comp, TAG)).toBe(0)
    comp.setData({ url: 'rtmp://play/1' })
    await simulate.sleep(0)
    expect(countTags(comp, TAG)).toBe(1)
  })

  it('a new url or playerKey is a new native player (replay)', async () => {
    const { comp } = render({ streamId: 's', url: 'rtmp://play/1' })
    const first = nodeIdentity(comp, '.media-player')
    comp.setData({ playerKey: 1 })
    await simulate.sleep(0)
    const second = nodeIdentity(comp, '.media-player')
    expect(second).not.toBe(first)
    comp.setData({ url: 'rtmp://play/2' })
    await simulate.sleep(0)
    expect(nodeIdentity(comp, '.media-player')).not.toBe(second)
    expect(nativeAttrs(comp, TAG)).toMatchObject({ src: 'rtmp://play/2' })
  })

  it('forwards statechange and netstatus with its streamId', async () => {
    const { comp, events } = render({ streamId: 'host_RongCloudRTC', url: 'rtmp://play/1' })
    await dispatchNative(comp, '.media-player', 'statechange', { code: -2301, message: '网络断连' })
    await dispatchNative(comp, '.media-player', 'netstatus', { info: { netSpeed: 500, videoBitrate: 800 } })
    expect(events).toEqual([
      { source: 'player', streamId: 'host_RongCloudRTC', kind: 'state', code: -2301, message: '网络断连' },
      { source: 'player', streamId: 'host_RongCloudRTC', kind: 'net', info: { netSpeed: 500, videoBitrate: 800 } },
    ])
  })

  it('replay() stops and plays its own player through createLivePlayerContext(id, this)', () => {
    const stop = jest.fn((o: { complete?: () => void }) => o.complete?.())
    const play = jest.fn()
    const create = jest.fn(() => ({ stop, play }))
    const w = wx as unknown as Record<string, unknown>
    const original = w.createLivePlayerContext
    w.createLivePlayerContext = create
    try {
      const { comp } = render({ streamId: 's', url: 'rtmp://play/1' })
      ;(comp.instance as unknown as { replay(): void }).replay()
      expect(create).toHaveBeenCalledWith('media-player', comp.instance)
      expect(play).toHaveBeenCalledTimes(1)
    } finally {
      w.createLivePlayerContext = original
    }
  })

  it('simulated (demo mode): a clear placeholder instead of a player that would only fail', async () => {
    const { comp } = render({ streamId: 'sim-dawei_RongCloudRTC', url: 'rtmp://demo.invalid/play/1', simulated: true })
    await simulate.sleep(0)
    expect(countTags(comp, TAG)).toBe(0)
    expect(comp.querySelector('.demo-stream')?.dom?.textContent).toContain('演示主播 · 无真实画面')
    // no stream yet: no placeholder either (the room says it waits for the host)
    comp.setData({ url: '' })
    await simulate.sleep(0)
    expect(comp.querySelector('.demo-stream')).toBeUndefined()
  })

  it('simulated guest (co-guests): 「演示嘉宾 · 无真实画面」, and in short on a small tile', async () => {
    const { comp } = render({ streamId: 'sim-xiaolin_RongCloudRTC', url: 'rtmp://demo.invalid/play/2', simulated: true, guest: true })
    await simulate.sleep(0)
    expect(countTags(comp, TAG)).toBe(0)
    expect(comp.querySelector('.demo-stream')?.dom?.textContent).toContain('演示嘉宾 · 无真实画面')
    comp.setData({ compact: true })
    await simulate.sleep(0)
    const tile = comp.querySelector('.demo-stream')?.dom?.textContent ?? ''
    expect(tile.replace(/\s+/g, '')).toBe('演示嘉宾无真实画面')
  })
})
