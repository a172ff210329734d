import { AppError } from '../core/errors'
import type { Profile } from '../core/types'
import type { RtcService, RtsService, Services, Unsubscribe } from './types'

type Listener<T> = (event: T) => void

/** Fans one subscription on the bound client out to many listeners that may come and go. */
class Fanout<T> {
  private readonly listeners = new Set<Listener<T>>()
  readonly emit = (event: T): void => {
    for (const listener of [...this.listeners]) listener(event)
  }

  add(listener: Listener<T>): Unsubscribe {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }
}

type ListenerOf<F> = F extends (listener: infer L) => Unsubscribe ? (L extends Listener<infer T> ? T : never) : never

/**
 * Services whose real client can only exist once we know who connects (the demo network hands out
 * a client per profile). Subscriptions made before that are kept and carried over; actions before
 * connect() reject NOT_CONNECTED.
 */
export function bindOnConnect(bind: (profile: Profile) => Services): Services {
  let bound: Services | null = null
  let boundId = ''
  let unbindEvents: Unsubscribe[] = []

  const connection = new Fanout<ListenerOf<RtsService['onConnection']>>()
  const lobby = new Fanout<ListenerOf<RtsService['onLobby']>>()
  const room = new Fanout<ListenerOf<RtsService['onRoom']>>()
  const privateMessages = new Fanout<ListenerOf<RtsService['onPrivate']>>()
  const media = new Fanout<ListenerOf<RtcService['onEvent']>>()

  const current = (): Services => {
    if (!bound) throw new AppError('NOT_CONNECTED')
    return bound
  }
  const rtsOf = <R>(call: (rts: RtsService) => Promise<R>): Promise<R> =>
    new Promise<RtsService>((resolve) => resolve(current().rts)).then(call)
  const rtcOf = <R>(call: (rtc: RtcService) => Promise<R>): Promise<R> =>
    new Promise<RtcService>((resolve) => resolve(current().rtc)).then(call)

  const rebind = (profile: Profile): Services => {
    for (const unbind of unbindEvents) unbind()
    const services = bind(profile)
    unbindEvents = [
      services.rts.onConnection(connection.emit),
      services.rts.onLobby(lobby.emit),
      services.rts.onRoom(room.emit),
      services.rts.onPrivate(privateMessages.emit),
      services.rtc.onEvent(media.emit),
    ]
    bound = services
    boundId = profile.id
    return services
  }

  const rts: RtsService = {
    connect: (profile) => {
      // the demo network hands out a client per person: another person needs another client
      const services = bound && boundId === profile.id ? bound : rebind(profile)
      return services.rts.connect(profile)
    },
    disconnect: () => (bound ? bound.rts.disconnect() : Promise.resolve()),
    onConnection: (listener) => connection.add(listener),
    enterLobby: () => rtsOf((s) => s.enterLobby()),
    leaveLobby: () => rtsOf((s) => s.leaveLobby()),
    onLobby: (listener) => lobby.add(listener),
    createRoom: (roomId, claim) => rtsOf((s) => s.createRoom(roomId, claim)),
    joinRoom: (roomId) => rtsOf((s) => s.joinRoom(roomId)),
    leaveRoom: () => rtsOf((s) => s.leaveRoom()),
    setRoomEntry: (key, value) => rtsOf((s) => s.setRoomEntry(key, value)),
    removeRoomEntry: (key) => rtsOf((s) => s.removeRoomEntry(key)),
    sendRoomMessage: (text) => rtsOf((s) => s.sendRoomMessage(text)),
    sendRoomSignal: (signal) => rtsOf((s) => s.sendRoomSignal(signal)),
    onRoom: (listener) => room.add(listener),
    sendPrivate: (peer, text) => rtsOf((s) => s.sendPrivate(peer, text)),
    getConversations: () => rtsOf((s) => s.getConversations()),
    getPrivateHistory: (peerId, options) => rtsOf((s) => s.getPrivateHistory(peerId, options)),
    clearUnread: (peerId) => rtsOf((s) => s.clearUnread(peerId)),
    onPrivate: (listener) => privateMessages.add(listener),
  }

  const rtc: RtcService = {
    join: (roomId) => rtcOf((s) => s.join(roomId)),
    leave: () => (bound ? bound.rtc.leave() : Promise.resolve()),
    publish: () => rtcOf((s) => s.publish()),
    unpublish: () => rtcOf((s) => s.unpublish()),
    subscribe: (streamId) => rtcOf((s) => s.subscribe(streamId)),
    unsubscribe: (streamId) => rtcOf((s) => s.unsubscribe(streamId)),
    switchCamera: () => rtcOf((s) => s.switchCamera()),
    setMic: (on) => rtcOf((s) => s.setMic(on)),
    setCamera: (on) => rtcOf((s) => s.setCamera(on)),
    handleNativeEvent: (event) => bound?.rtc.handleNativeEvent(event),
    onEvent: (listener) => media.add(listener),
  }

  return { rts, rtc }
}
