/**
 * setData bytes (page + components) for ONE new message on the private chat page, after 100, 1,000
 * and 5,000 messages of history arrived in the conversation on screen. The conversation keeps its
 * newest 500 (PRIVATE_MESSAGE_CAP, stores/chat-store.ts): 1,000 and 5,000 messages really arrive
 * and are really trimmed, and the result says how many the store holds, so the rows show what the
 * cap covers (every history from 500 on is the capped state) instead of assuming it.
 *
 * The history arrives the way a long conversation does: the peer writes while the chat is open
 * (chat.open loads only the newest 20), as fast as the demo's rate limit allows
 * (bench/lib/bytes.ts rateLimitedSender).
 */
import { PRIVATE_MESSAGE_CAP } from '../../miniprogram/stores/chat-store'
import { bytesPerMessage, MEASURED, pushHistory, QUIET_MS, rateLimitedSender } from '../lib/bytes'
import { loadInstrumentedPages, openPage } from '../lib/page'
import { network, person, settle, type Person } from '../lib/people'
import { QUICK, measure, sleep } from '../lib/result'

const HISTORY = QUICK ? [100, 1000] : [100, 1000, 5000]

beforeAll(() => loadInstrumentedPages())

async function measureAt(history: number) {
  const rounds = Math.ceil((history + MEASURED) / 5) + 1
  let clockOffset = -rounds * 1000
  const net = network({ latencyMs: 0, now: () => Date.now() + clockOffset })
  const people: Person[] = []
  const page = { detach: () => {} }
  try {
    const reader = await person(net, '读者')
    const writer = await person(net, '笔友')
    people.push(reader, writer)
    await settle(net)
    Object.assign(page, openPage('chat', reader.store, { peerId: writer.profile.id }))
    await settle(net)
    await sleep(QUIET_MS)
    if (reader.store.chat.peer?.id !== writer.profile.id) throw new Error('the chat page did not open the conversation')

    const me = reader.store.session.me
    if (!me) throw new Error('the reader is not signed in')
    const send = rateLimitedSender([writer], (p, text) => p.store.rts.sendPrivate(me, text), () => (clockOffset += 1000))
    await pushHistory(net, history, 5, send)
    const result = await bytesPerMessage(net, send)
    return { ...result, storeMessages: reader.store.chat.messages.length }
  } finally {
    page.detach()
    await settle(net).catch(() => undefined)
    for (const p of people) p.store.dispose()
    net.close()
  }
}

measure('chat-bytes', async () => {
  const byHistory: Record<string, Awaited<ReturnType<typeof measureAt>> & { arrived: number }> = {}
  for (const history of HISTORY) {
    const at = await measureAt(history)
    // every message arrived: the store holds them all, or the newest PRIVATE_MESSAGE_CAP of them
    const expected = Math.min(history + MEASURED, PRIVATE_MESSAGE_CAP)
    if (at.storeMessages !== expected) throw new Error(`the conversation holds ${at.storeMessages} messages, not ${expected} of ${history + MEASURED}`)
    byHistory[String(history)] = { ...at, arrived: history + MEASURED }
  }
  return { measured: MEASURED, cap: PRIVATE_MESSAGE_CAP, history: HISTORY, byHistory }
}, 1_800_000)
