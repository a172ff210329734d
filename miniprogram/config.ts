/**
 * The one file to edit to switch the app from the demo network to RongCloud: set `appKey`, and
 * our server's `backend.url` and `backend.publicKey` (tokens come from its login). With an empty
 * appKey the app runs on the in-memory demo network with simulated people. The App Secret never
 * belongs here: tokens come from your server.
 */
import type { AppConfig } from './config-types'

export const config: AppConfig = {
  rongcloud: {
    appKey: '',
    tokenSource: { type: 'backend' },
  },
  backend: {
    url: '',
    publicKey: '',
  },
}
