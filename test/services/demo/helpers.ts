/** Helpers for the demo network tests: fake timers, one client per call, settled outcomes. */
import { AppError, type ErrorCode } from '../../../miniprogram/core/errors'
import type { Profile } from '../../../miniprogram/core/types'
import { createDemoNetwork, type DemoNetwork } from '../../../miniprogram/services/demo'
import type { RtcService, RtsService, Unsubscribe } from '../../../miniprogram/services/types'

export const L = 100

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown }

export interface Client {
  profile: Profile
  rts: RtsService
  rtc: RtcService
}

export function profileOf(id: string): Profile {
  return { id, name: `名字-${id}` }
}

export function network(latencyMs = L): DemoNetwork {
  return createDemoNetwork({ latencyMs })
}

/** Watches a promise without awaiting it, so fake time can be advanced around it. */
export function watch<T>(promise: Promise<T>): { readonly outcome: Outcome<T> | undefined } {
  const state: { outcome: Outcome<T> | undefined } = { outcome: undefined }
  promise.then(
    (value) => (state.outcome = { ok: true, value }),
    (error: unknown) => (state.outcome = { ok: false, error }),
  )
  return state
}

/** Advances fake time by `ms` and returns the promise's value; fails if it did not resolve by then. */
export async function ok<T>(promise: Promise<T>, ms = L): Promise<T> {
  const w = watch(promise)
  await jest.advanceTimersByTimeAsync(ms)
  const outcome = w.outcome
  if (!outcome) throw new Error(`still pending after ${ms} ms`)
  if (!outcome.ok) throw outcome.error
  return outcome.value
}

/** Advances fake time by `ms` and expects the promise to have rejected with AppError `code`. */
export async function fails(promise: Promise<unknown>, code: ErrorCode, ms = L): Promise<AppError> {
  const w = watch(promise)
  await jest.advanceTimersByTimeAsync(ms)
  const outcome = w.outcome
  if (!outcome) throw new Error(`still pending after ${ms} ms`)
  if (outcome.ok) throw new Error(`resolved, expected ${code}`)
  expect(outcome.error).toBeInstanceOf(AppError)
  expect((outcome.error as AppError).code).toBe(code)
  return outcome.error as AppError
}

/** Expects the promise to be pending just before `ms` and settled at `ms`. */
export async function takes(promise: Promise<unknown>, ms: number): Promise<void> {
  const w = watch(promise)
  await jest.advanceTimersByTimeAsync(ms - 1)
  expect(w.outcome).toBeUndefined()
  await jest.advanceTimersByTimeAsync(1)
  expect(w.outcome).toBeDefined()
}

export async function signedIn(net: DemoNetwork, id: string): Promise<Client> {
  const profile = profileOf(id)
  const { rts, rtc } = net.connect(profile)
  await ok(rts.connect(profile), net.latencyMs)
  return { profile, rts, rtc }
}

/** Collects every value a subscription delivers (the subscription stays for the test). */
export function record<T>(subscribe: (listener: (value: T) => void) => Unsubscribe): T[] {
  const seen: T[] = []
  subscribe((value) => seen.push(value))
  return seen
}

/** createRoom is two round trips. */
export const CREATE = 2 * L

export const claimOf = (id: string): { key: string; value: string } => ({ key: 'host', value: `claim-${id}` })
