import { createDemoNetwork } from '../../../miniprogram/services/demo'
import type { Unsubscribe } from '../../../miniprogram/services/types'
import { CREATE, L, fails, network, ok, profileOf, signedIn } from './helpers'

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

describe('demo network: stats and leaks', () => {
  it('counts live listeners; unsubscribing twice is harmless', async () => {
    const net = network()
    const { rts, rtc } = net.connect(profileOf('a'))
    const start = net.stats().listeners
    const offs = [rts.onConnection(() => {}), rts.onLobby(() => {}), rts.onRoom(() => {}), rts.onPrivate(() => {}), rtc.onEvent(() => {})]
    const same = () => {}
    offs.push(rts.onRoom(same), rts.onRoom(same))
    expect(net.stats().listeners).toBe(start + 7)
    for (const off of offs) {
      off()
      off()
    }
    expect(net.stats().listeners).toBe(start)
  })

  it('counts pending timers and close() clears them', async () => {
    const net = network()
    const a = await signedIn(net, 'a')
    expect(net.stats().timers).toBe(0)
    void a.rts.enterLobby()
    expect(net.stats().timers).toBe(1)
    net.close()
    expect(net.stats().timers).toBe(0)
  })

  it('100 create/leave cycles return stats to where they started', async () => {
    const net = network()
    const watcher = await signedIn(net, 'w')
    await ok(watcher.rts.enterLobby())
    const start = net.stats()
    for (let i = 0; i < 100; i++) {
      const host = net.connect(profileOf(`h${i}`))
      const guest = net.connect(profileOf(`g${i}`))
      const offs: Unsubscribe[] = []
      for (const c of [host, guest]) {
        offs.push(c.rts.onConnection(() => {}), c.rts.onRoom(() => {}), c.rts.onLobby(() => {}), c.rts.onPrivate(() => {}), c.rtc.onEvent(() => {}))
      }
      await ok(host.rts.connect(profileOf(`h${i}`)))
      await ok(guest.rts.connect(profileOf(`g${i}`)))
      await ok(host.rts.enterLobby())
      const roomId = String(100000 + i)
      await ok(host.rts.createRoom(roomId, { key: 'host', value: `h${i}` }), CREATE)
      await ok(host.rtc.join(roomId))
      await ok(host.rtc.publish())
      await ok(guest.rts.joinRoom(roomId))
      await ok(guest.rts.setRoomEntry(`m-g${i}`, 'x'))
      await ok(guest.rtc.join(roomId))
      await ok(guest.rtc.subscribe(`h${i}_RongCloudRTC`))
      await ok(guest.rts.sendRoomMessage('hi'))
      await ok(guest.rts.sendPrivate(profileOf(`h${i}`), 'hello'))
      await ok(guest.rtc.leave())
      await ok(guest.rts.leaveRoom())
      await ok(host.rtc.leave())
      await ok(host.rts.leaveRoom())
      await ok(host.rts.disconnect())
      await ok(guest.rts.disconnect())
      for (const off of offs) off()
    }
    await jest.advanceTimersByTimeAsync(L)
    expect(net.stats()).toEqual(start)
    // and the server forgot the rooms
    const late = await signedIn(net, 'late')
    await fails(late.rts.joinRoom('100042'), 'ROOM_NOT_FOUND')
    expect((await ok(late.rts.enterLobby())).onlineCount).toBe(2)
  })
})

describe('demo network: a throwing listener', () => {
  it('does not stop the other listeners or the action, and is reported', async () => {
    const errors: unknown[] = []
    const net = createDemoNetwork({ latencyMs: L, onListenerError: (error) => errors.push(error) })
    const { rts } = net.connect(profileOf('a'))
    const seen: string[] = []
    rts.onConnection(() => {
      throw new Error('listener bug')
    })
    rts.onConnection((change) => seen.push(change.state))
    expect(await ok(rts.connect(profileOf('a')))).toEqual(profileOf('a'))
    expect(seen).toEqual(['connecting', 'connected'])
    expect(errors).toEqual([new Error('listener bug'), new Error('listener bug')])
  })
})
