import { AppError } from '../../../miniprogram/core/errors'
import { createSendQueue } from '../../../miniprogram/services/rongcloud/send-queue'

beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }))
afterEach(() => jest.useRealTimers())

function recorder() {
  const started: number[] = []
  const task = (i: number) => async () => {
    started.push(i)
    return i
  }
  return { started, task }
}

test('runs up to 5 sends at once, the 6th waits for the window', async () => {
  const queue = createSendQueue()
  const { started, task } = recorder()
  const results = [0, 1, 2, 3, 4, 5].map((i) => queue.run(task(i)))
  expect(started).toEqual([0, 1, 2, 3, 4])
  expect(queue.waiting).toBe(1)
  await jest.advanceTimersByTimeAsync(999)
  expect(started).toHaveLength(5)
  await jest.advanceTimersByTimeAsync(1)
  expect(started).toEqual([0, 1, 2, 3, 4, 5])
  await expect(Promise.all(results)).resolves.toEqual([0, 1, 2, 3, 4, 5])
})

test('keeps order across several windows', async () => {
  const queue = createSendQueue({ maxWaitMs: 5000 })
  const { started, task } = recorder()
  const all = Array.from({ length: 12 }, (_, i) => queue.run(task(i)))
  await jest.advanceTimersByTimeAsync(2000)
  expect(started).toEqual(Array.from({ length: 12 }, (_, i) => i))
  await Promise.all(all)
})

test('a send that would wait too long is rejected with RATE_LIMITED, not dropped', async () => {
  const queue = createSendQueue({ maxWaitMs: 1000 })
  const { started, task } = recorder()
  const accepted = Array.from({ length: 10 }, (_, i) => queue.run(task(i)))
  const refused = queue.run(task(99))
  await expect(refused).rejects.toMatchObject({ code: 'RATE_LIMITED' })
  await jest.advanceTimersByTimeAsync(1000)
  await expect(Promise.all(accepted)).resolves.toHaveLength(10)
  expect(started).not.toContain(99)
})

test('a full queue rejects with RATE_LIMITED', async () => {
  const queue = createSendQueue({ maxQueued: 2, maxWaitMs: 60_000 })
  const { task } = recorder()
  for (let i = 0; i < 7; i++) void queue.run(task(i))
  await expect(queue.run(task(7))).rejects.toBeInstanceOf(AppError)
  await expect(queue.run(task(8))).rejects.toMatchObject({ code: 'RATE_LIMITED' })
})

test('the budget frees up again after a quiet second', async () => {
  const queue = createSendQueue({ maxWaitMs: 0 })
  const { task } = recorder()
  for (let i = 0; i < 5; i++) await queue.run(task(i))
  await expect(queue.run(task(5))).rejects.toMatchObject({ code: 'RATE_LIMITED' })
  await jest.advanceTimersByTimeAsync(1000)
  await expect(queue.run(task(6))).resolves.toBe(6)
})

test('clear() rejects waiting sends with the given error', async () => {
  const queue = createSendQueue()
  const { task } = recorder()
  for (let i = 0; i < 5; i++) void queue.run(task(i))
  const waiting = queue.run(task(5))
  queue.clear(new AppError('NOT_CONNECTED'))
  await expect(waiting).rejects.toMatchObject({ code: 'NOT_CONNECTED' })
  expect(queue.waiting).toBe(0)
})

test('a failing send rejects only its own caller', async () => {
  const queue = createSendQueue()
  const bad = queue.run(async () => {
    throw new AppError('MUTED')
  })
  const good = queue.run(async () => 'ok')
  await expect(bad).rejects.toMatchObject({ code: 'MUTED' })
  await expect(good).resolves.toBe('ok')
})
