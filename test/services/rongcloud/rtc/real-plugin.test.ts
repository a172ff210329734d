/**
 * The real plugin module, offline: requiring it publishes its contexts on globalThis, and the
 * adapter's single listener receives what the plugin's own code dispatches.
 */
describe('the real @rongcloud/plugin-wechat-rtc module', () => {
  it('sets globalThis.coreContext / pusherContext / playerContext on require', () => {
    jest.isolateModules(() => {
      const g = globalThis as Record<string, unknown>
      delete g.coreContext
      const plugin = require('@rongcloud/plugin-wechat-rtc')
      expect(g.coreContext).toBe(plugin.__innerGetCoreContext__())
      expect(g.pusherContext).toBe(plugin.__innerGetPusherContext__())
      expect(g.playerContext).toBe(plugin.__innerGetPlayerContext__())
      expect(plugin.RCRTCCode.SUCCESS).toBe(10000)
    })
  })

  it("registers one listener per context and receives the plugin's setPusherUrl / setPlayerSrc", () => {
    jest.isolateModules(() => {
      const plugin = require('@rongcloud/plugin-wechat-rtc')
      const { routeMediaUrls } = require('../../../../miniprogram/services/rongcloud/rtc/core-context')
      const context = plugin.__innerGetCoreContext__()
      const add = jest.spyOn(context, 'addEventListener')
      const sink = { pusherUrl: jest.fn(), playerUrl: jest.fn() }
      routeMediaUrls(sink)
      routeMediaUrls(sink)
      expect(add).toHaveBeenCalledTimes(1)

      // what PubCommand does after /exchange
      context.dispatch('setPusherUrl', 'rtmp://push/real')
      expect(sink.pusherUrl).toHaveBeenCalledWith('rtmp://push/real')

      // what subscribe does: the plugin's own RCRemoteStream.__innerSetRtmpUrl
      const logger = { info() {}, warn() {}, error() {}, debug() {}, log() {} }
      const stream = new plugin.RCRemoteStream(logger, 'host1', 'RongCloudRTC', plugin.RCMediaType.AUDIO_VIDEO)
      stream.__innerSetRtmpUrl('rtmp://play/real')
      expect(sink.playerUrl).toHaveBeenCalledWith('host1_RongCloudRTC', 'rtmp://play/real')
      expect(stream.getRTMPUrl()).toBe('rtmp://play/real')
    })
  })
})
