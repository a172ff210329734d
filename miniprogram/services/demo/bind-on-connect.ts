import { AppError } from '../../core/errors'
import { Listeners } from '../../core/listeners'
import type { Profile } from '../../core/types'
import type { BackendService, RtcService, RtsService, Services, Unsubscribe } from '../types'

type ListenerOf<F> = F extends (listener: infer L) => Unsubscribe ? (L extends (event: infer T) => void ? T : never) : never

/** Fans one subscription on the bound client out to many listeners that may come and go. */
const fanout = <F>() => new Listeners<ListenerOf<F>>()

/**
 * Services whose real client can only exist once we know who connects (the demo network hands out
 * a client per profile; the app's composition in demo mode, services/index.ts). Subscriptions made
 * before that are kept and carried over; actions before connect() reject NOT_CONNECTED.
 */
export function bindOnConnect(bind: (profile: Profile) => Services): Services {
  let bound: Services | null = null
  let boundId = ''
  let unbindEvents: Unsubscribe[] = []

  const connection = fanout<RtsService['onConnection']>()
  const lobby = fanout<RtsService['onLobby']>()
  const rooms = fanout<RtsService['onRooms']>()
  const lobbyEntries = fanout<RtsService['onLobbyEntries']>()
  const room = fanout<RtsService['onRoom']>()
  const privateMessages = fanout<RtsService['onPrivate']>()
  const media = fanout<RtcService['onEvent']>()

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
      services.rts.onConnection((event) => connection.emit(event)),
      services.rts.onLobby((event) => lobby.emit(event)),
      services.rts.onRooms((event) => rooms.emit(event)),
      services.rts.onLobbyEntries((event) => lobbyEntries.emit(event)),
      services.rts.onRoom((event) => room.emit(event)),
      services.rts.onPrivate((event) => privateMessages.emit(event)),
      services.rtc.onEvent((event) => media.emit(event)),
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
    updateProfile: (profile) => rtsOf((s) => s.updateProfile(profile)),
    disconnect: () => (bound ? bound.rts.disconnect() : Promise.resolve()),
    onConnection: (listener) => connection.on(listener),
    enterLobby: () => rtsOf((s) => s.enterLobby()),
    leaveLobby: () => rtsOf((s) => s.leaveLobby()),
    onLobby: (listener) => lobby.on(listener),
    listRooms: () => rtsOf((s) => s.listRooms()),
    onRooms: (listener) => rooms.on(listener),
    onLobbyEntries: (listener) => lobbyEntries.on(listener),
    createRoom: (roomId, claim) => rtsOf((s) => s.createRoom(roomId, claim)),
    joinRoom: (roomId) => rtsOf((s) => s.joinRoom(roomId)),
    leaveRoom: () => rtsOf((s) => s.leaveRoom()),
    setRoomEntry: (key, value) => rtsOf((s) => s.setRoomEntry(key, value)),
    removeRoomEntry: (key) => rtsOf((s) => s.removeRoomEntry(key)),
    sendRoomMessage: (text) => rtsOf((s) => s.sendRoomMessage(text)),
    sendRoomSignal: (signal) => rtsOf((s) => s.sendRoomSignal(signal)),
    onRoom: (listener) => room.on(listener),
    sendPrivate: (peer, text) => rtsOf((s) => s.sendPrivate(peer, text)),
    getConversations: () => rtsOf((s) => s.getConversations()),
    getPrivateHistory: (peerId, options) => rtsOf((s) => s.getPrivateHistory(peerId, options)),
    clearUnread: (peerId) => rtsOf((s) => s.clearUnread(peerId)),
    onPrivate: (listener) => privateMessages.on(listener),
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
    onEvent: (listener) => media.on(listener),
  }

  // before anyone connected the demo backend knows nobody, as our server before a login
  const backendOf = <R>(call: (backend: BackendService) => Promise<R>): Promise<R> =>
    new Promise<BackendService>((resolve) => {
      if (!bound?.backend) throw new AppError('TOKEN_INVALID', '尚未登录服务器，请重新进入小程序')
      resolve(bound.backend)
    }).then(call)
  const backend: BackendService = {
    login: (profile, options) => backendOf((s) => s.login(profile, options)),
    updateProfile: (profile) => backendOf((s) => s.updateProfile(profile)),
    createRoom: (options) => backendOf((s) => s.createRoom(options)),
    heartbeat: (roomId, documents) => backendOf((s) => s.heartbeat(roomId, documents)),
    endRoom: (roomId) => backendOf((s) => s.endRoom(roomId)),
    listRooms: () => backendOf((s) => s.listRooms()),
    getRoom: (roomId) => backendOf((s) => s.getRoom(roomId)),
    mute: (roomId, userId) => backendOf((s) => s.mute(roomId, userId)),
    unmute: (roomId, userId) => backendOf((s) => s.unmute(roomId, userId)),
    addGuest: (roomId, userId) => backendOf((s) => s.addGuest(roomId, userId)),
    removeGuest: (roomId, userId) => backendOf((s) => s.removeGuest(roomId, userId)),
    now: () => (bound?.backend ? bound.backend.now() : Date.now()),
  }

  return { rts, rtc, backend }
}
