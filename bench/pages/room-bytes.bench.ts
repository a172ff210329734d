/**
 * Row 2: bytes handed to setData (page + components) for ONE new chat message on an audience
 * member's room page, with 100, 1,000 and 5,000 messages of history pushed through the store
 * (beyond its 500 cap too).
 *
 * The chat list appends by path and trims its window in batches: 50 appends, then one full render
 * of the window. So one message alone depends on where in that cycle it lands; 51 new messages in
 * a row hold exactly one trim. Per history size we report the median one, the mean over the 51
 * (the cost per message over time, judged against the target) and the worst one (the trim).
 *
 * History goes out as fast as the demo network allows: the network's clock moves on a second
 * whenever every sender has used its 5 messages per second (the demo's rate limit), ending near
 * the real time so the rendered times look like today's. Two senders keep the run short (every
 * store in the room pays for every message).
 */
import type { DemoNetwork } from '../../miniprogram/services/demo'
import { QUICK, measure, median, sleep } from '../lib/result'
import { network, person, settle, type Person } from '../lib/people'
import {
  isChatList,
  loadInstrumentedPages,
  messageTextsIn,
  onSetData,
  openPage,
  startRecording,
  stopRecording,
  type SetDataCall,
  type SimRoot,
} from '../lib/page'

const HISTORY = [100, 1000, 5000]
const SENDERS = 2
const PER_SECOND = 5
/** one trim cycle of the chat list: 50 appends + 1 full render */
const MEASURED = 51
/** longer than the chat list's coalescing (100 ms) and the bindings' nextTick */
const QUIET_MS = QUICK ? 150 : 250

beforeAll(() => loadInstrumentedPages())

interface Room {
  net: DemoNetwork
  people: Person[]
  page: SimRoot
  /** sends one message as the next sender, moving the network clock as the rate limit needs */
  send(text: string): Promise<void>
}

async function openRoom(history: number): Promise<Room> {
  const rounds = Math.ceil((history + MEASURED) / (SENDERS * PER_SECOND)) + 1
  let clockOffset = -rounds * 1000
  const net = network({ latencyMs: 0, now: () => Date.now() + clockOffset })
  const host = await person(net, '主播')
  const viewer = await person(net, '观众')
  const senders: Person[] = []
  for (let i = 0; i < SENDERS; i++) senders.push(await person(net, `观众${i + 1}`))
  const roomId = await host.store.room.create()
  for (const p of [viewer, ...senders]) await p.store.room.join(roomId)
  await settle(net)
  const page = openPage('room', viewer.store, { roomId })
  await settle(net)
  await sleep(QUIET_MS)

  let used = 0
  const send = async (text: string): Promise<void> => {
    if (used === SENDERS * PER_SECOND) {
      clockOffset += 1000
      used = 0
    }
    const sender = senders[used % SENDERS]
    used++
    await sender.store.room.send(text)
  }
  return { net, people: [host, viewer, ...senders], page, send }
}

/** Sends `text` and waits until the chat list has handed it to the view and things went quiet. */
async function sendAndRender(room: Room, text: string): Promise<void> {
  let rendered = false
  const off = onSetData((call) => {
    if (isChatList(call) && messageTextsIn(call.data).includes(text)) rendered = true
  })
  try {
    await room.send(text)
    const until = Date.now() + 3000
    while (!rendered) {
      if (Date.now() > until) throw new Error(`message "${text}" never reached the room page`)
      await sleep(5)
    }
    await settle(room.net)
    await sleep(QUIET_MS)
  } finally {
    off()
  }
}

const describeCalls = (calls: SetDataCall[]) =>
  calls.map((c) => ({ component: c.component.replace(/^.*\/miniprogram\//, ''), bytes: c.bytes, keys: Object.keys(c.data).slice(0, 5) }))

async function measureAt(history: number) {
  const room = await openRoom(history)
  try {
    for (let sent = 0; sent < history; ) {
      const batch = Math.min(SENDERS * PER_SECOND, history - sent)
      const sends: Promise<void>[] = []
      for (let i = 0; i < batch; i++) sends.push(room.send(`历史消息 ${sent + i + 1}`))
      await Promise.all(sends)
      sent += batch
      await settle(room.net)
    }
    await sleep(QUIET_MS)

    const perMessage: { bytes: number; calls: SetDataCall[] }[] = []
    for (let i = 0; i < MEASURED; i++) {
      startRecording()
      await sendAndRender(room, `新消息 ${i + 1}：大家好，这是一条新的聊天消息`)
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
      storeMessages: room.people[1].store.room.messages.length,
    }
  } finally {
    room.page.detach()
    await settle(room.net).catch(() => undefined)
    for (const p of room.people) p.store.dispose()
    room.net.close()
  }
}

measure('room-bytes', async () => {
  const byHistory: Record<string, Awaited<ReturnType<typeof measureAt>>> = {}
  for (const history of HISTORY) byHistory[String(history)] = await measureAt(history)
  return { senders: SENDERS, measured: MEASURED, byHistory }
})
