/**
 * setData bytes per new chat message on a page (room or private chat): sends messages one by one,
 * waits until the chat list has handed each to the view and things went quiet, and sums what the
 * page and its components gave setData meanwhile.
 *
 * The chat list appends by path and trims its window in batches: 50 appends, then one full render
 * of the window. One message alone depends on where in that cycle it lands; 51 in a row hold
 * exactly one trim. We report the median one, the mean over the 51 (the cost per message over
 * time, judged against the target) and the worst one (the trim).
 */
import type { DemoNetwork } from './people'
import { settle } from './people'
import { isChatList, messageTextsIn, onSetData, startRecording, stopRecording, type SetDataCall } from './page'
import { QUICK, median, sleep } from './result'

/** one trim cycle of the chat list: 50 appends + 1 full render */
export const MEASURED = 51
/** longer than the chat list's coalescing (100 ms) and the bindings' nextTick */
export const QUIET_MS = QUICK ? 150 : 250

/** Sends `text` and waits until the chat list has handed it to the view and things went quiet. */
async function sendAndRender(net: DemoNetwork, send: (text: string) => Promise<void>, text: string): Promise<void> {
  let rendered = false
  const off = onSetData((call) => {
    if (isChatList(call) && messageTextsIn(call.data).includes(text)) rendered = true
  })
  try {
    await send(text)
    const until = Date.now() + 3000
    while (!rendered) {
      if (Date.now() > until) throw new Error(`message "${text}" never reached the page`)
      await sleep(5)
    }
    await settle(net)
    await sleep(QUIET_MS)
  } finally {
    off()
  }
}

const describeCalls = (calls: SetDataCall[]) =>
  calls.map((c) => ({ component: c.component.replace(/^.*\/miniprogram\//, ''), bytes: c.bytes, keys: Object.keys(c.data).slice(0, 5) }))

export interface BytesPerMessage {
  first: number
  median: number
  mean: number
  max: number
  callsPerMessage: number
  typical: ReturnType<typeof describeCalls>
  worst: ReturnType<typeof describeCalls>
}

/** MEASURED new messages through `send`, each measured alone. */
export async function bytesPerMessage(net: DemoNetwork, send: (text: string) => Promise<void>): Promise<BytesPerMessage> {
  const perMessage: { bytes: number; calls: SetDataCall[] }[] = []
  for (let i = 0; i < MEASURED; i++) {
    startRecording()
    await sendAndRender(net, send, `新消息 ${i + 1}：大家好，这是一条新的聊天消息`)
    const calls = stopRecording()
    perMessage.push({ bytes: calls.reduce((sum, c) => sum + c.bytes, 0), calls })
  }
  const bytes = perMessage.map((m) => m.bytes)
  const typical = median(bytes)
  const worst = perMessage.reduce((a, b) => (b.bytes > a.bytes ? b : a))
  return {
    first: bytes[0],
    median: typical,
    mean: bytes.reduce((a, b) => a + b, 0) / bytes.length,
    max: worst.bytes,
    callsPerMessage: median(perMessage.map((m) => m.calls.length)),
    typical: describeCalls((perMessage.find((m) => m.bytes === typical) ?? perMessage[0]).calls),
    worst: describeCalls(worst.calls),
  }
}

/**
 * Sends `count` history messages, `perRound` at a time (then the network settles). `send` keeps
 * within the demo's rate limit itself (see rateLimitedSender).
 */
export async function pushHistory(net: DemoNetwork, count: number, perRound: number, send: (text: string) => Promise<void>): Promise<void> {
  for (let sent = 0; sent < count; ) {
    const batch = Math.min(perRound, count - sent)
    const sends: Promise<void>[] = []
    for (let i = 0; i < batch; i++) sends.push(send(`历史消息 ${sent + i + 1}`))
    await Promise.all(sends)
    sent += batch
    await settle(net)
  }
  await sleep(QUIET_MS)
}

/**
 * Sends through `senders` in turn as fast as the demo's rate limit (5 per second per sender)
 * allows: the network's clock (moved by `tick`) goes on a second whenever every sender has used
 * its five. History goes out in seconds of real time instead of minutes.
 */
export function rateLimitedSender<S>(senders: S[], send: (sender: S, text: string) => Promise<unknown>, tick: () => void) {
  const perSecond = 5 * senders.length
  let used = 0
  return async (text: string): Promise<void> => {
    if (used === perSecond) {
      tick()
      used = 0
    }
    const sender = senders[used % senders.length]
    used++
    await send(sender, text)
  }
}
