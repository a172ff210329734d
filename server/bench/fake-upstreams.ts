/**
 * The bench's fakes of RongCloud and WeChat in a process of their own (so their work does not
 * delay the load generator). It hands the parent, over IPC, the two base URLs and a batch of
 * wx.login codes issued up front; on 'stats' it answers with the lobby's KV size.
 */
import { FakeRongCloud, FakeRongCloudHttp, FakeWeChat } from '../test/fakes/index'
import { APP_KEY, APP_SECRET, WX_APPID, WX_SECRET } from '../test/support/harness'

async function main(): Promise<void> {
  const rc = new FakeRongCloud(APP_KEY, APP_SECRET)
  rc.rateLimitPerSecond = null
  rc.userLimit = Number.POSITIVE_INFINITY
  rc.calls.push = () => 0 // no call log: a bench run makes hundreds of thousands
  const front = await new FakeRongCloudHttp(rc).listen()
  const wechat = await new FakeWeChat(WX_APPID, WX_SECRET).listen()
  wechat.calls.push = () => 0
  const count = Number(process.env.BENCH_CODES ?? 20000)
  const codes = Array.from({ length: count }, (_, i) => wechat.issueCode(`oBench${i}`.padEnd(28, '0')))
  process.on('message', (m) => {
    if (m === 'stats') process.send!({ lobbyKeys: rc.room('lobby')?.kv.size ?? 0, chatrooms: rc.chatrooms.size })
    if (m === 'exit') void Promise.all([front.close(), wechat.close()]).then(() => process.exit(0))
  })
  process.send!({ rcUrl: front.url, wxUrl: wechat.url, codes })
}

void main()
