/**
 * The RongCloud services: signalling (IMLib) and media (the WeChat RTC plugin) on one IMLib
 * instance. Only this folder imports the SDK; the rest of the app sees Services.
 */
import { installPlugin } from '@rongcloud/imlib-next'
import { installer } from '@rongcloud/plugin-wechat-rtc'
import type { RCRTCClient } from '@rongcloud/plugin-wechat-rtc'
import type { RongCloudConfig } from '../../config-types'
import type { NobleModules } from '../noble-ed25519'
import type { BackendService, Services } from '../types'
import { bootImLib } from './imlib'
import { createRongCloudRtc } from './rtc/index'
import { createRongCloudRts } from './rts'
import { createTokenSource } from './token-source'

export { bootImLib } from './imlib'
// our server's HTTP client travels in this subpackage: only RongCloud mode talks to our server
export { createBackendService } from './backend/index'
export type { ImLib, BootedImLib } from './imlib'
export { createRongCloudRts } from './rts'
export { createTokenSource, DEV_TOKEN_CHOICE_KEY } from './token-source'
export { SDK_ERROR_TABLE, sdkError } from './error-map'

/**
 * This subpackage's @noble, from its own miniprogram_npm, for the app's verifier (services/index.ts).
 * Required here, in a file of the subpackage, for the reason services/demo/ed25519.ts gives.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- evaluated on the first check, only where BigInt exists */
export const nobleModules = (): NobleModules => ({ ed: require('@noble/ed25519'), sha2: require('@noble/hashes/sha2.js') })
/* eslint-enable @typescript-eslint/no-require-imports */

/** The plugin must be installed after init and before connect; installing twice makes two clients. */
function installRtc(config: RongCloudConfig): RCRTCClient | null {
  const mediaServer = config.mediaServer?.trim()
  return installPlugin(installer, mediaServer ? { mediaServer } : {})
}

let created: Services | null = null

/**
 * The app's RongCloud services, made once: a second call returns the same pair, because a second
 * RTC client or a second set of SDK listeners on the one IMLib instance would only do harm.
 * `backend`: our server, where the tokens come from (tokenSource 'backend'); handed on with them.
 */
export function createRongCloudServices(config: RongCloudConfig, backend?: BackendService): Services {
  const { lib, SignalMessage } = bootImLib(config.appKey)
  if (created) return created
  const rts = createRongCloudRts({ lib, SignalMessage, tokens: createTokenSource(config.tokenSource, undefined, backend) })
  // a null client (bad options, plugin refused) still gives an RtcService: its actions reject
  // with SERVICE_NOT_ENABLED and a Chinese message, while chat keeps working
  const rtc = createRongCloudRtc({ client: installRtc(config) })
  created = backend ? { rts, rtc, backend } : { rts, rtc }
  return created
}
