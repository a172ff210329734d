/**
 * setData bytes (page + components) for ONE new message on the private chat page, with 100, 1,000
 * and 5,000 messages of history in the conversation on screen. The private chat keeps every
 * message it received while open (stores/chat-store.ts: no cap), so unlike the room this is where
 * a long history could make each new message dearer.
 *
 * The history arrives the way a long conversation does: the peer writes while the chat is open
 * (chat.open loads only the newest 20), as fast as the demo's rate limit allows
 * (bench/lib/bytes.ts rateLimitedSender).
 */
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
  const byHistory: Record<string, Awaited<ReturnType<typeof measureAt>>> = {}
  for (const history of HISTORY) {
    const at = await measureAt(history)
    if (at.storeMessages < history) throw new Error(`the conversation holds ${at.storeMessages} messages, not ${history}+`)
    byHistory[String(history)] = at
  }
  return { measured: MEASURED, history: HISTORY, byHistory }
}, 1_800_000)
