/**
 * The chatroom switch alone (stores/chatroom-switch.ts), over hand-made services: steps one after
 * another, the newest intent wins, repairs, the lobby entry retried, a leave made offline carried
 * out when the service re-enters the room by itself.
 */
import { AppError } from '../../miniprogram/core/errors'
import { ChatroomSwitch, LOBBY_RETRY_MS, type ChatroomDeps, type Turn } from '../../miniprogram/stores/chatroom-switch'

interface Fake {
  deps: ChatroomDeps
  calls: string[]
  online: { value: boolean }
  failLobby: { times: number }
  failSignal: { value: boolean }
}

function fake(): Fake {
  const calls: string[] = []
  const online = { value: true }
  const failLobby = { times: 0 }
  const failSignal = { value: false }
  const deps: ChatroomDeps = {
    rts: {
      leaveRoom: async () => {
        calls.push('leaveRoom')
      },
      sendRoomSignal: async (signal) => {
        calls.push(`signal:${signal.type}`)
        if (failSignal.value) throw new AppError('NOT_CONNECTED')
      },
    },
    rtc: {
      leave: async () => {
        calls.push('rtc.leave')
      },
    },
    connected: () => online.value,
    enterLobby: async () => {
      calls.push('enterLobby')
      if (failLobby.times > 0) {
        failLobby.times--
        throw new AppError('NETWORK')
      }
    },
    schedule: (fn, ms) => {
      const handle = setTimeout(fn, ms)
      return () => clearTimeout(handle)
    },
  }
  return { deps, calls, online, failLobby, failSignal }
}

/** A step that waits until released, recording what it saw of its turn. */
function gatedStep(log: string[], name: string) {
  let release: () => void = () => undefined
  const gate = new Promise<void>((resolve) => (release = resolve))
  const step = async (turn: Turn) => {
    log.push(`${name} starts${turn.superseded ? ' superseded' : ''}`)
    await gate
    log.push(`${name} ends${turn.superseded ? ' superseded' : ''}`)
  }
  return { step, release }
}

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

test('steps run one after another; a newer intent marks the running and the waiting ones superseded', async () => {
  const { deps } = fake()
  const switcher = new ChatroomSwitch(deps)
  const log: string[] = []
  const a = gatedStep(log, 'a')
  const b = gatedStep(log, 'b')
  const c = gatedStep(log, 'c')
  const first = switcher.go('room', a.step)
  const second = switcher.go('lobby', b.step)
  await jest.advanceTimersByTimeAsync(0)
  expect(log).toEqual(['a starts superseded'])
  const third = switcher.go('room', c.step)
  a.release()
  await first
  await jest.advanceTimersByTimeAsync(0)
  b.release()
  await second
  c.release()
  await third
  expect(log).toEqual(['a starts superseded', 'a ends superseded', 'b starts superseded', 'b ends superseded', 'c starts', 'c ends'])
  expect(switcher.wanted).toBe('room')
})

test('toLobby leaves first, then enters the lobby; a toLobby overtaken by a join does not enter it', async () => {
  const { deps, calls } = fake()
  const switcher = new ChatroomSwitch(deps)
  const toLobby = switcher.toLobby(async () => {
    calls.push('leaving')
  })
  const join = switcher.go('room', async () => {
    calls.push('join')
  })
  await toLobby
  await join
  expect(calls).toEqual(['leaving', 'join'])
  await switcher.toLobby()
  expect(calls).toEqual(['leaving', 'join', 'enterLobby'])
})

test('offline the lobby is not entered; restore() enters it once connected, and does nothing while a room is wanted', async () => {
  const { deps, calls, online } = fake()
  const switcher = new ChatroomSwitch(deps)
  online.value = false
  await switcher.toLobby()
  expect(calls).toEqual([])
  online.value = true
  await switcher.restore()
  expect(calls).toEqual(['enterLobby'])
  await switcher.go('room', async () => undefined)
  await switcher.restore()
  expect(calls).toEqual(['enterLobby'])
})

test('a lobby entry that fails while connected is tried again, until a new intent', async () => {
  const { deps, calls, failLobby } = fake()
  const switcher = new ChatroomSwitch(deps)
  failLobby.times = 2
  await switcher.toLobby()
  expect(calls).toEqual(['enterLobby'])
  await jest.advanceTimersByTimeAsync(LOBBY_RETRY_MS[0])
  expect(calls).toEqual(['enterLobby', 'enterLobby'])
  await jest.advanceTimersByTimeAsync(LOBBY_RETRY_MS[1])
  expect(calls).toEqual(['enterLobby', 'enterLobby', 'enterLobby'])
  await jest.advanceTimersByTimeAsync(120_000)
  expect(calls).toHaveLength(3)

  failLobby.times = 1
  await switcher.toLobby()
  expect(calls).toHaveLength(4)
  await switcher.go('room', async () => undefined)
  await jest.advanceTimersByTimeAsync(120_000)
  expect(calls).toHaveLength(4)
  switcher.dispose()
})

test('a host whose end could not be sent (offline): when the service re-enters the room, the others are told, then out and into the lobby', async () => {
  const { deps, calls, failSignal } = fake()
  const switcher = new ChatroomSwitch(deps)
  failSignal.value = true
  await switcher.toLobby(() => switcher.leaveRoom('123456', true))
  expect(calls).toEqual(['signal:room-ended', 'rtc.leave', 'leaveRoom', 'enterLobby'])
  failSignal.value = false
  calls.length = 0
  await switcher.undoRejoin('123456')
  expect(calls).toEqual(['signal:room-ended', 'rtc.leave', 'leaveRoom', 'enterLobby'])
  // told once: a second re-entry only leaves
  calls.length = 0
  await switcher.undoRejoin('123456')
  expect(calls).toEqual(['leaveRoom', 'rtc.leave', 'enterLobby'])
})

test('a re-entry by the service is left alone while a room is wanted (the join moves the service out of it)', async () => {
  const { deps, calls } = fake()
  const switcher = new ChatroomSwitch(deps)
  await switcher.go('room', async () => undefined)
  await switcher.undoRejoin('123456')
  expect(calls).toEqual([])
})
