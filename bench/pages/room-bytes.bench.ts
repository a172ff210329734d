/**
 * setData bytes (page + components) for ONE new chat message on an audience member's room page,
 * with 100 and 500 messages of history. The room keeps the newest 500 (ROOM_MESSAGE_CAP,
 * stores/message-list.ts), so a room with 1,000 or 5,000 messages of history is the same state as
 * one with 500: 500 is the largest the room page ever holds, and the figure covers it. History
 * without a cap is measured on the private chat page (chat-bytes.bench.ts).
 *
 * History goes out as fast as the demo network allows (bench/lib/bytes.ts rateLimitedSender), with
 * the network's clock ending near the real time so the rendered times look like today's. Two
 * senders keep the run short (every store in the room pays for every message).
 */
import { ROOM_MESSAGE_CAP } from '../../miniprogram/stores/message-list'
import { bytesPerMessage, MEASURED, pushHistory, QUIET_MS, rateLimitedSender } from '../lib/bytes'
import { loadInstrumentedPages, openPage } from '../lib/page'
import { network, person, settle, type Person } from '../lib/people'
import { measure, sleep } from '../lib/result'

const HISTORY = [100, ROOM_MESSAGE_CAP]
const SENDERS = 2

beforeAll(() => loadInstrumentedPages())

async function measureAt(history: number) {
  const rounds = Math.ceil((history + MEASURED) / (SENDERS * 5)) + 1
  let clockOffset = -rounds * 1000
  const net = network({ latencyMs: 0, now: () => Date.now() + clockOffset })
  const people: Person[] = []
  const page = { detach: () => {} }
  try {
    const host = await person(net, '主播')
    const viewer = await person(net, '观众')
    const senders: Person[] = []
    for (let i = 0; i < SENDERS; i++) senders.push(await person(net, `观众${i + 1}`))
    people.push(host, viewer, ...senders)
    const roomId = await host.store.room.create()
    for (const p of [viewer, ...senders]) await p.store.room.join(roomId)
    await settle(net)
    Object.assign(page, openPage('room', viewer.store, { roomId }))
    await settle(net)
    await sleep(QUIET_MS)

    const send = rateLimitedSender(senders, (p, text) => p.store.room.send(text), () => (clockOffset += 1000))
    await pushHistory(net, history, SENDERS * 5, send)
    const result = await bytesPerMessage(net, send)
    return { ...result, storeMessages: viewer.store.room.messages.length }
  } finally {
    page.detach()
    await settle(net).catch(() => undefined)
    for (const p of people) p.store.dispose()
    net.close()
  }
}

measure('room-bytes', async () => {
  const byHistory: Record<string, Awaited<ReturnType<typeof measureAt>>> = {}
  for (const history of HISTORY) byHistory[String(history)] = await measureAt(history)
  return { senders: SENDERS, measured: MEASURED, cap: ROOM_MESSAGE_CAP, history: HISTORY, byHistory }
})
