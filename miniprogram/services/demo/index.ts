/**
 * The in-memory demo network: the app's services when no RongCloud AppKey is configured, and the
 * test double every store and page test runs on. It follows RongCloud's semantics:
 *
 * - Timing: every RtsService / RtcService call is one round trip (latencyMs; createRoom is two:
 *   join the chatroom, then write the claim). Pushes to other clients arrive latencyMs/2 after the
 *   server handled the request, i.e. when the caller's promise settles. Never synchronous.
 * - Connection: connect → 'connecting', 'connected'. drop(id) → 'reconnecting', actions reject
 *   NOT_CONNECTED, the server keeps memberships, entries and streams. restore(id) → 'connected',
 *   missed private messages pushed, and one round trip later the chatroom is re-entered by itself:
 *   RoomEvent 'rejoined' (snapshot with the last 50 public messages) or 'lost'; in the lobby a
 *   fresh onLobby snapshot. Signals sent meanwhile are gone. kick(id), or the same id signing in on
 *   another client → 'kicked' (KICKED), out of chatroom and RTC room. Optional offlineTimeoutMs:
 *   the server evicts a client dropped that long (then restore may give 'lost').
 * - Chatrooms: one per user (entering one leaves the other). 'members' and 'entry' events go to
 *   everyone in the room, the one who caused them included; 'message' and 'signal' to the others.
 *   Entries belong to their writer (NOT_ALLOWED for anyone else) and vanish when the writer leaves.
 *   A room exists while someone is in it; 16 people at most (ROOM_FULL).
 * - Rate limit: 5 sends per second per sender over room messages, signals and private messages
 *   (RATE_LIMITED, nothing delivered). Mutes are not enforced here: that is the store's job.
 * - stats(): live listeners over all clients and pending network timers, for leak tests.
 *
 * Awaiting in tests: with jest fake timers, `await jest.advanceTimersByTimeAsync(n * latencyMs)`
 * settles n round trips and the pushes they cause. With latencyMs 0 everything is still
 * asynchronous; fake timers run a 0 ms timer scheduled inside a tick 1 ms later, so advance a few
 * ms (or `await jest.runAllTimersAsync()` when no simulated peers are running: they never stop).
 */
export { createDemoNetwork } from './network'
export type { DemoNetwork, DemoNetworkOptions } from './network'
export { LOBBY_CHATROOM, ROOM_CAPACITY, HISTORY_COUNT, roomChatroomId } from './chatrooms'
export { streamIdOf } from './rtc-rooms'
export { RATE_LIMIT } from './rate-limit'
export { startSimulatedPeers } from './peers'
export type { SimulatedPeers, SimulatedPeersOptions } from './peers'
