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
 *   RoomEvent 'rejoined' (snapshot with the last 50 public messages and the entries the client's
 *   SDK had cached before the drop; what changed meanwhile comes as 'entry' events one KV pull
 *   later) or 'lost'; in the lobby a fresh onLobby snapshot. Signals sent meanwhile are gone.
 *   kick(id), or the same id signing in on another client → 'kicked' (KICKED), out of the
 *   chatroom at once; its RTC presence lingers until the RTC server misses its pings.
 * - What the servers do on their own (chatroom-lifetime.ts, rtc-rooms.ts, hub.ts): a dropped member
 *   leaves its chatroom (entries and seat) only at a message offlineTimeoutMs (default 30 s) after
 *   it went, or at the 31st message before that; the RTC room drops a silent device after
 *   offlineTimeoutMs. A chatroom without a join, leave or message for an hour is destroyed (room
 *   members get 'lost' ROOM_NOT_FOUND, the lobby's a snapshot with `lost`), unless bound to an RTC
 *   room someone is in: the demo service binds each room it creates (bindRtcRooms).
 * - Chatrooms: one per user (entering one leaves the other). 'members' events go to everyone in the
 *   room, the one who caused them included; 'entry' too, but the others get it after a KV
 *   notification and a pull (entrySyncMs, default one round trip; entry-sync.ts); 'message' and
 *   'signal' to the others. Room calls name the chatroom the client is in when it makes them: a
 *   late leave or message for a room left since is refused or does nothing, never touching the
 *   next room. Entries belong to their writer (NOT_ALLOWED for anyone else) and vanish when the
 *   writer leaves; keys 1-128 of [A-Za-z0-9_=+-], values 1-4096 characters, 100 keys per room
 *   (NOT_ALLOWED; entry-limits.ts). But, as on RongCloud, any member may force-write or
 *   force-delete anyone's entry, the server's included (forceEntry, for modified clients in tests:
 *   chatroom-kv.ts). A room exists while someone is in it; 16 people at most (ROOM_FULL). Lobby
 *   snapshots list at most 20 others; entering the lobby hands back its entries (our server's
 *   listings) and their changes follow one KV pull later (onLobbyEntries).
 * - RTC: a join while another is on its way or while in a room is refused at once (50002, as
 *   NETWORK); the same account's other device still in the room is refused (NOT_ALLOWED, 53029);
 *   16 people at most, lingering devices included (ROOM_FULL).
 * - Rate limit: 5 sends per second per sender over room messages, signals and private messages
 *   (RATE_LIMITED, nothing delivered). A mute made through the backend is a chat ban the server
 *   enforces (MUTED, as RongCloud's gag: 23408); one kept only in room attributes is not.
 * - Our server: connect() also hands out a BackendService (backend-client.ts) on the network's
 *   stand-in for server/ (backend-server.ts): the server's rules and errors, one round trip a call,
 *   documents signed with the demo key (services/demo-key.ts, DEMO_PUBLIC_KEY verifies them) and written to
 *   the chatrooms' KV under the server's keys (`sig-host`, `sig-mutes`, `sig-guests`; the lobby's
 *   `sig-room-<id>`), in chatrooms it makes and keeps. A backend mute is also a chat ban (MUTED).
 * - stats(): live listeners over all clients and pending network timers, for leak tests
 *   (`housekeeping`: idle-chatroom and RTC keepalive timers, which live as long as a room does).
 *
 * Awaiting in tests: with jest fake timers, `await jest.advanceTimersByTimeAsync(n * latencyMs)`
 * settles n round trips and the pushes they cause. With latencyMs 0 everything is still
 * asynchronous; fake timers run a 0 ms timer scheduled inside a tick 1 ms later, so advance a few
 * ms. Never `jest.runAllTimersAsync()`: simulated peers and the idle check of a chatroom bound to
 * a busy RTC room re-arm for ever.
 */
export { createDemoNetwork } from './network'
export { DEMO_BLOCKED_WORDS } from './content-check'
export type { DemoNetwork, DemoNetworkOptions, DemoServices } from './network'
export { DEFAULT_OFFLINE_TIMEOUT_MS } from './network'
export { CHATROOM_IDLE_MS } from './chatroom-lifetime'
export { MAX_ENTRIES, MAX_ENTRY_VALUE } from './entry-limits'
export { LOBBY_CHATROOM, LOBBY_LIST_CAP, ROOM_CAPACITY, HISTORY_COUNT, roomChatroomId } from './chatrooms'
export { streamIdOf } from './rtc-rooms'
export { RATE_LIMIT } from './rate-limit'
export { startSimulatedPeers } from './peers'
export { DEMO_PUBLIC_KEY } from '../demo-key'
export { DEMO_ROOM_KEYS, listingKey, SERVER_WRITER } from './backend-server'
export { CLAIM_TTL_MS } from './backend-docs'
// @noble travels in this subpackage: the app's verifier takes it from here (services/index.ts)
export { nobleModules } from './ed25519'
export type { SimulatedPeers, SimulatedPeersOptions } from './peers'
