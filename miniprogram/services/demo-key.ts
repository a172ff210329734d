/**
 * THE DEMO KEY PAIR: the Ed25519 key the demo network's in-memory backend signs its documents with
 * (demo/backend-server.ts), and its public half, which the app verifies them with in demo mode.
 *
 * It ships inside the package, so anyone can sign with it: it proves nothing outside the demo
 * network and must never be configured as a real server's key (config.backend.publicKey). Real
 * servers get their own pair from `npm run server:keygen`.
 *
 * In the main package, not the demo subpackage: the composition root needs the public half
 * (services/mode.ts documentKey) before the subpackage has downloaded, and main-package code may
 * not require into a subpackage. 90 bytes.
 */

/** raw 32-byte Ed25519 secret key (seed), base64url: demo only */
export const DEMO_SECRET_KEY = 'TAxRXRQKXp2ECX0DFlan7RwLz_IsX4c3W1Tckaiiv_Y'

/** raw 32-byte Ed25519 public key, base64url (the form config.backend.publicKey takes) */
export const DEMO_PUBLIC_KEY = 'mExpFlo65A9Kx26yu6RZLg68jiinnkIs7fiilIACY-A'
