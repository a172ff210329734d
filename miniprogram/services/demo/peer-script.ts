/** Who the demo network's simulated people are, what they say and how often (peers.ts). */
import type { Profile } from '../../core/types'

export type Range = readonly [number, number]

export const HOST_PEOPLE: Profile[] = [
  { id: 'sim-dawei', name: '大卫' },
  { id: 'sim-xiaowen', name: '晓雯' },
]
export const LOBBY_PEOPLE: Profile[] = [
  { id: 'sim-xiaolin', name: '小林' },
  { id: 'sim-amay', name: '阿May' },
  { id: 'sim-laozhou', name: '老周' },
]

export const PRIVATE_REPLIES = [
  '你好呀！很高兴认识你 😊',
  '哈哈，我也是这么想的',
  '今天过得怎么样？',
  '刚看完一场直播，挺有意思的',
  '嗯嗯，收到～',
  '好呀，有空一起看直播！',
]
export const HOST_LINES = ['欢迎来到我的直播间！', '大家好，今天随便聊聊～', '想看什么可以在公屏告诉我', '谢谢大家的陪伴 ❤️', '画面清楚吗？']
export const HOST_REPLIES = ['谢谢你的留言～', '欢迎欢迎！', '说得好！', '哈哈，有道理']
export const AUDIENCE_LINES = ['主播好！', '来啦来啦', '哈哈哈哈', '支持一下 👍', '这个有意思', '画面挺清楚的']

export const DEFAULTS = {
  replyDelayMs: [1500, 4000] as Range,
  chatEveryMs: [8000, 20000] as Range,
  visitEveryMs: [10000, 30000] as Range,
  visitLengthMs: [40000, 120000] as Range,
}
