import { UpstreamHttp } from '../../src/upstream/http'
import { WeChatClient, WeChatError } from '../../src/upstream/wechat'
import { FakeWeChat } from '../fakes/index'
import { FakeClock } from '../support/harness'

test('the stable access token is cached per instance, fetched once for concurrent callers, refreshed before it expires', async () => {
  const clock = new FakeClock()
  const wx = await new FakeWeChat('wx1', 's1', clock.now).listen()
  const http = new UpstreamHttp({ timeoutMs: 1000 })
  try {
    const client = new WeChatClient({ appId: 'wx1', appSecret: 's1', baseUrl: wx.url, http, clock })
    const [a, b, c] = await Promise.all([client.accessToken(), client.accessToken(), client.accessToken()])
    expect(a).toBe(b)
    expect(b).toBe(c)
    expect(wx.calls.filter((x) => x.path === '/cgi-bin/stable_token')).toHaveLength(1)
    clock.advance(7200_000 - 5 * 60_000 - 1)
    expect(await client.accessToken()).toBe(a)
    expect(wx.calls).toHaveLength(1)
    clock.advance(2)
    await client.accessToken()
    expect(wx.calls).toHaveLength(2)
    client.dropAccessToken()
    await client.accessToken()
    expect(wx.calls).toHaveLength(3)
    const wrong = new WeChatClient({ appId: 'wx1', appSecret: 'nope', baseUrl: wx.url, http, clock })
    await expect(wrong.accessToken()).rejects.toBeInstanceOf(WeChatError)
  } finally {
    await http.close()
    await wx.close()
  }
})
