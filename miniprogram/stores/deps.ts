import type { DocumentVerifier } from '../core/signed-docs'
import type { BackendService, RtcService, RtsService } from '../services/types'
import { systemSchedule, type Schedule } from '../core/timers'
import type { AvatarImages, ProfileMemory } from './profile-editor'

export type { AvatarImages, ProfileMemory, Schedule }

/** Camera and microphone permission, asked before a host goes live (platform/permissions.ts on WeChat). */
export interface MediaPermissions {
  /** Resolves when both are granted; rejects AppError PERMISSION_DENIED otherwise. */
  ensureCameraAndMic(): Promise<void>
}

/** Keeps the screen on while live (platform/screen.ts on WeChat). */
export interface ScreenControl {
  keepOn(on: boolean): void
}

export interface StoreDeps {
  rts: RtsService
  rtc: RtcService
  /**
   * Our server (RongCloud mode with config.backend, and the demo network's own); absent with dev
   * tokens, and then rooms run unsigned (their host and mutes rest on entries anyone can force-write).
   * With it the store trusts only the server's signed documents (docs/ARCHITECTURE.md "Trust"), and
   * changes nicknames and avatars through it (stores/profile-editor.ts).
   */
  backend?: BackendService
  /**
   * verifies the backend's documents (core/signed-docs.ts), with the configured or the demo key;
   * without it (and where this phone has no BigInt) the store verifies nothing itself and takes
   * only the server's own answers
   */
  documents?: DocumentVerifier
  /** readies a picked avatar for upload (platform/avatar-image.ts): jpeg or png, at most 1 MB */
  avatarImages?: AvatarImages
  /** the profile remembered on this phone (platform/profile.ts) */
  profileMemory?: ProfileMemory
  permissions?: MediaPermissions
  screen?: ScreenControl
  /** [0, 1) like Math.random; room numbers */
  random?: () => number
  now?: () => number
  /** timers the store sets (media recovery backoff); core/timers.ts */
  schedule?: Schedule
}

export const grantedPermissions: MediaPermissions = { ensureCameraAndMic: () => Promise.resolve() }
export const noScreen: ScreenControl = { keepOn: () => {} }
export const defaultSchedule: Schedule = systemSchedule
