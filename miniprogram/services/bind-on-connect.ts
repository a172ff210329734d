import { AppError } from '../core/errors'
import { Generation } from '../core/generation'
import { Listeners } from '../core/listeners'
import type { Profile } from '../core/types'
import type { BackendService, RtcService, RtsService, Services, Unsubscribe } from './types'

type ListenerOf<F> = F extends (listener: infer L) => Unsubscribe ? (L extends (event: infer T) => void ? T : never) : never

/** Fans one subscription on the bound client out to many listeners that may come and go. */
const fanout = <F>() => new Listeners<ListenerOf<F>>()

/**
 * Services whose real client only exists once we know who connects, and whose code may still be
 * on its way: the app's services come from an async subpackage (services/packages.ts) that is
 * downloaded while the lobby renders, and the demo network hands out a client per profile.
 * `bind(profile)` gives the real services (or a promise of them); it runs at connect(), and again
 * when another person connects. The store can subscribe at once: subscriptions made before are
 * kept and carried over. Actions before connect() has bound reject NOT_CONNECTED; connect() itself
 * waits for the binding, so the session shows 'connecting' meanwhile. A binding that fails (the
 * subpackage did not download) rejects that connect() with bind's error and is tried again by the
 * next connect(); a disconnect() while binding makes the binding's connect() reject NOT_CONNECTED.
 * The bound services' backend (the demo network's stand-in for our server) is forwarded the same
 * way; before anyone connected it refuses as our server does before a login.
 */
export function bindOnConnect(bind: (profile: Profile) => Services | Promise<Services>): Services {
  let bound: Services | null = null
  let boundId = ''
  let unbindEvents: Unsubscribe[] = []
  let binding: { id: string; services: Promise<Services> } | null = null
  const attempts = new Generation()

  const connection = fanout<RtsService['onConnection']>()
  const lobby = fanout<RtsService['onLobby']>()
  const rooms = fanout<RtsService['onRooms']>()
  const lobbyEntries = fanout<RtsService['onLobbyEntries']>()
  const room = fanout<RtsService['onRoom']>()
  const privateMessages = fanout<RtsService['onPrivate']>()
  const blocked = fanout<RtsService['onBlocked']>()
  const media = fanout<RtcService['onEvent']>()

  const current = (): Services => {
    if (!bound) throw new AppError('NOT_CONNECTED')
    return bound
  }
  const rtsOf = <R>(call: (rts: RtsService) => Promise<R>): Promise<R> =>
    new Promise<RtsService>((resolve) => resolve(current().rts)).then(call)
  const rtcOf = <R>(call: (rtc: RtcService) => Promise<R>): Promise<R> =>
    new Promise<RtcService>((resolve) => resolve(current().rtc)).then(call)

  const rebind = (services: Services, id: string): Services => {
    for (const unbind of unbindEvents) unbind()
    unbindEvents = [
      services.rts.onConnection((event) => connection.emit(event)),
      services.rts.onLobby((event) => lobby.emit(event)),
      services.rts.onRooms((event) => rooms.emit(event)),
      services.rts.onLobbyEntries((event) => lobbyEntries.emit(event)),
      services.rts.onRoom((event) => room.emit(event)),
      services.rts.onPrivate((event) => privateMessages.emit(event)),
      services.rts.onBlocked((event) => blocked.emit(event)),
      services.rtc.onEvent((event) => media.emit(event)),
    ]
    bound = services
    boundId = id
    return services
  }

  /** The services for `profile`: the bound ones, the binding under way, or a new binding. */
  const servicesFor = (profile: Profile): Promise<Services> => {
    // the demo network hands out a client per person: another person needs another client
    if (bound && boundId === profile.id) return Promise.resolve(bound)
    if (binding && binding.id === profile.id) return binding.services
    const attempt = attempts.next()
    const services = new Promise<Services>((resolve) => resolve(bind(profile))).then(
      (made) => {
        if (!attempts.isCurrent(attempt)) throw new AppError('NOT_CONNECTED')
        binding = null
        return rebind(made, profile.id)
      },
      (error: unknown) => {
        if (attempts.isCurrent(attempt)) binding = null
        throw error
      },
    )
    binding = { id: profile.id, services }
    return services
  }

  const rts: RtsService = {
    connect: (profile) => servicesFor(profile).then((services) => services.rts.connect(profile)),
    disconnect: () => {
      if (binding) {
        attempts.next()
        binding = null
      }
      return bound ? bound.rts.disconnect() : Promise.resolve()
    },
    updateProfile: (profile) => rtsOf((s) => s.updateProfile(profile)),
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
    onBlocked: (listener) => blocked.on(listener),
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
    uploadAvatar: (filePath, onProgress) => backendOf((s) => s.uploadAvatar(filePath, onProgress)),
    avatarReady: (avatar) => backendOf((s) => s.avatarReady(avatar)),
    roomQrCode: (roomId) => backendOf((s) => s.roomQrCode(roomId)),
  }

  return { rts, rtc, backend }
}
